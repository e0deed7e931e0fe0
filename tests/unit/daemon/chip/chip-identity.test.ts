// A chip card as the desk uses it: the identity is the chip's signed DG13 whatever the reader's
// service wrote beside it, the verification level claims only what was checked, the portrait comes
// from DG2 (or the service's own image), and a card with no usable identity is refused with a code.

import t from 'tap';
import type { ChipCard } from '../../../../drivers/src/chip/chip-transport.ts';
import { chipDate, differences, readChipCard, type ReadChip } from '../../../../daemon/src/chip/chip-identity.ts';
import type { CscaStore } from '../../../../daemon/src/chip/csca-store.ts';
import { loadCscaBundle } from '../../../../daemon/src/chip/csca-store.ts';
import { makeChipCard, tinyJpeg, type ChipIdentity } from '../../../../simulators/src/chip/chip-card.ts';
import { AN, AN_VIEW, testIssuer } from '../../../helpers/chip.ts';

const BINH: ChipIdentity = { ...AN, id: '079190000123', oldId: undefined, name: 'Trần Thị Bình', dob: '1990-12-01', sex: 'Nữ', expiryDate: null };

const { csca, ds } = testIssuer();
const store = loadCscaBundle(csca.pem);

const card = (c: Omit<ChipCard, 'at'>): ChipCard => ({ ...c, at: 1_700_000_000_000 });

/** A card that must be read (a refusal fails the test where it happens). */
function read(c: Omit<ChipCard, 'at'>, cscas: CscaStore | null): Extract<ReadChip, { ok: true }> {
  const r = readChipCard(card(c), cscas);
  if (!r.ok) throw new Error(`expected a card, got ${r.code}`);
  return r;
}

t.test('a genuine card: the identity from the signed DG13, in the desk’s forms', async (t) => {
  const r = read(makeChipCard(AN, ds), null);
  t.same(r.identity, AN_VIEW);
  t.same(r.differs, [], 'the service’s text says the same');
  t.equal(r.expiryDate, '2029-03-15');
  const f = readChipCard(card(makeChipCard(BINH, ds)), null);
  t.match(f, { ok: true, identity: { sex: 'F', oldId: null, dob: '1990-12-01' }, expiryDate: null }, 'Nữ → F; "Không thời hạn" has no expiry date');
});

t.test('verification: integrity without a CSCA, issuer with it, dgHash for an altered DG13', async (t) => {
  t.match(readChipCard(card(makeChipCard(AN, ds)), null), { ok: true, verification: { level: 'integrity' } });
  t.match(readChipCard(card(makeChipCard(AN, ds)), store), { ok: true, verification: { level: 'issuer' } });
  const altered = readChipCard(card(makeChipCard(AN, ds, { fault: 'alteredDg13' })), store);
  t.match(altered, { ok: true, verification: { level: 'failed', check: 'dgHash' } });
});

t.test('the service’s text edited: the identity stays the DG13’s, and the difference is named', async (t) => {
  const genuine = makeChipCard(AN, ds);
  const edited = { ...genuine, fields: { ...genuine.fields, personName: 'Nguyễn Văn Anh' } };
  const r = read(edited, store);
  t.match(r, { identity: { name: 'Nguyễn Văn An' }, verification: { level: 'issuer' } });
  t.same(r.differs, ['name']);
  const moved = { ...genuine, fields: { ...genuine.fields, idCode: '001089099999', dateOfBirth: '16/03/1989', gender: 'Nữ' } };
  const m = read(moved, store);
  t.match(m, { identity: { id: '001089012345', dob: '1989-03-15', sex: 'M' } });
  t.same(m.differs, ['id', 'dob', 'sex']);
  const spaced = { ...genuine, fields: { ...genuine.fields, personName: '  NGUYỄN   VĂN AN ', dateOfBirth: '1989-03-15' } };
  t.same(read(spaced, store).differs, [], 'case, spacing and date form are not differences');
});

t.test('no raw chip files: the identity from the service’s text, nothing verified, no portrait', async (t) => {
  const r = readChipCard(card(makeChipCard(AN, ds, { fault: 'noRaw' })), store);
  t.match(r, {
    ok: true,
    identity: { kind: 'chip', id: '001089012345', name: 'Nguyễn Văn An', dob: '1989-03-15', sex: 'M', oldId: '013456789', issueDate: '2021-04-20' },
    verification: { level: 'none' },
    portrait: null,
    differs: [],
  });
});

t.test('no valid 12-digit ID in the fields or the DG13: chipNoIdentity', async (t) => {
  t.same(readChipCard(card(makeChipCard({ ...AN, id: '12345' }, ds)), store), { ok: false, code: 'chipNoIdentity' }, 'DG13 and text both short');
  t.same(readChipCard(card(makeChipCard({ ...AN, id: '12345' }, ds, { fault: 'noRaw' })), null), { ok: false, code: 'chipNoIdentity' }, 'text only');
  t.same(
    readChipCard(card({ fields: { idCode: '001089012345', personName: 'An' }, raw: null }), null),
    { ok: false, code: 'chipNoIdentity' },
    'no date of birth or sex',
  );
  t.same(readChipCard(card({ fields: {}, raw: null }), null), { ok: false, code: 'chipNoIdentity' }, 'nothing at all');
});

t.test('the portrait: DG2’s JPEG, else the service’s image, else none', async (t) => {
  const genuine = makeChipCard(AN, ds);
  const r = read(genuine, null);
  t.equal(r.portrait?.mime, 'image/jpeg');
  t.ok(r.portrait?.bytes.equals(tinyJpeg()), 'the JPEG inside the DG2 record, byte for byte');
  const image = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('service portrait')]);
  const imageOnly = read({ fields: genuine.fields, raw: { image } }, store);
  t.match(imageOnly, { verification: { level: 'none' } }, 'an image alone is nothing to verify');
  t.same(imageOnly.portrait, { mime: 'image/jpeg', bytes: image });
  const { dg2: _dg2, ...withoutDg2 } = genuine.raw!;
  t.same(
    read({ fields: genuine.fields, raw: withoutDg2 }, null).portrait,
    { mime: 'image/jpeg', bytes: genuine.raw!.image },
    'DG2 absent: the service’s image',
  );
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);
  t.equal(read({ fields: genuine.fields, raw: { image: png } }, null).portrait?.mime, 'image/png');
  t.match(
    readChipCard(card({ fields: genuine.fields, raw: { image: Buffer.from('not an image') } }), null),
    { ok: true, portrait: null },
    'unknown bytes are not shown',
  );
});

t.test('chipDate: DD/MM/YYYY, DDMMYYYY and ISO; null for what is not a calendar date', async (t) => {
  t.equal(chipDate('15/03/1989'), '1989-03-15');
  t.equal(chipDate('15031989'), '1989-03-15');
  t.equal(chipDate('1989-03-15'), '1989-03-15');
  t.equal(chipDate('31/02/2020'), null);
  t.equal(chipDate('2020-02-30'), null);
  t.equal(chipDate('Không thời hạn'), null);
  t.equal(chipDate(''), null);
});

t.test('differences(): the same value written two ways is no difference; a missing side is none either', async (t) => {
  t.same(
    differences(
      { dob: '15/03/1989', issueDate: '20/04/2021', sex: 'Nam', name: 'Nguyễn Văn An' },
      { dob: '1989-03-15', issueDate: '2021-04-20', sex: 'male', name: 'nguyễn văn an' },
    ),
    [],
  );
  t.same(differences({ dob: '15/03/1989', sex: 'Nam' }, { dob: '1989-03-16', sex: 'Nữ' }), ['dob', 'sex']);
  t.same(differences({ id: '001089012345', address: 'Hà Nội' }, {}), [], 'one side silent');
  t.same(differences({ address: 'Hà Nội' }, { address: 'Hải Phòng' }), ['address']);
});

// A DG13 the signature covers but that holds no readable identity must not pass as "signed": the
// check fails (dg13Format), and what is shown is the service's unsigned text.
t.test('a signed DG13 without a readable identity: failed dg13Format, the identity from the service’s text', async (t) => {
  const genuine = makeChipCard(AN, ds);
  // The DG13 signed without its sex entry (entry 4): the signature holds over it.
  const noSex = makeChipCard({ ...AN, sex: undefined } as unknown as ChipIdentity, ds);
  const c = { fields: genuine.fields, raw: noSex.raw };
  for (const cscas of [null, store]) {
    const r = read(c, cscas);
    t.same(r.verification, { level: 'failed', check: 'dg13Format' }, `never ${cscas ? 'issuer' : 'integrity'}`);
    t.equal(r.identity.sex, 'M', 'the sex only the service’s text gave');
    t.equal(r.identity.id, '001089012345');
    t.equal(r.portraitSigned, false, 'nothing shown as signed');
  }
  // The DG13 signed without its name: the service's name is shown, under a failed check.
  const noName = makeChipCard({ ...AN, name: undefined } as unknown as ChipIdentity, ds);
  const edited = { ...genuine.fields, personName: 'Tên Từ Phần Mềm' };
  const n = read({ fields: edited, raw: noName.raw }, store);
  t.same(n.verification, { level: 'failed', check: 'dg13Format' });
  t.equal(n.identity.name, 'Tên Từ Phần Mềm', 'the service’s unsigned name');
  // A DG13 whose signed id is not 12 digits, the service's text valid: the chip's id contradicts
  // the text's, and the card is refused rather than shown under either.
  const shortId = makeChipCard({ ...AN, id: '12345' }, ds);
  t.same(readChipCard(card({ fields: genuine.fields, raw: shortId.raw }), store), { ok: false, code: 'chipNoIdentity' });
  // The genuine card still verifies: the failure is the DG13's, not the rig's.
  t.same(read(genuine, store).verification, { level: 'issuer' });
});

t.test('portraitSigned: only the chip’s DG2 under a signature that held', async (t) => {
  const genuine = makeChipCard(AN, ds);
  t.equal(read(genuine, null).portraitSigned, true, 'DG2, integrity');
  t.equal(read(genuine, store).portraitSigned, true, 'DG2, issuer');
  const { dg2: _dg2, ...withoutDg2 } = genuine.raw!;
  const imageOnly = read({ fields: genuine.fields, raw: withoutDg2 }, store);
  t.not(imageOnly.portrait, null, 'the service’s image is shown');
  t.equal(imageOnly.portraitSigned, false, 'but not as signed');
  const image = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('service portrait')]);
  t.equal(read({ fields: genuine.fields, raw: { image } }, store).portraitSigned, false, 'an image alone');
  const altered = read(makeChipCard(AN, ds, { fault: 'alteredDg13' }), store);
  t.match(altered.verification, { level: 'failed' });
  t.not(altered.portrait, null, 'the DG2 portrait is still shown');
  t.equal(altered.portraitSigned, false, 'not as signed when the check failed');
  t.equal(read(makeChipCard(AN, ds, { fault: 'noRaw' }), store).portraitSigned, false, 'no raw files');
});
