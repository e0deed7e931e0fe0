// A chip reader's card becomes one read of the pipeline: the chip's identity, its verification in
// words for the desk, the portrait kept for the visit under the stored event's id before the desk is
// told, and the lookup held when the patient's consent is required. A failed or unfinished card, or
// one without a usable identity, is an error read of its device with its own code.

import t from 'tap';
import type { ChipCard, ChipFailureKind } from '../../../../drivers/src/chip/chip-transport.ts';
import { ChipVisits } from '../../../../daemon/src/chip/chip-visits.ts';
import { CHIP_LEVEL_TEXT, chipFailedText } from '../../../../daemon/src/chip/chip-messages.ts';
import { loadCscaBundle } from '../../../../daemon/src/chip/csca-store.ts';
import type { ChipHandler, ChipRead } from '../../../../daemon/src/devices/device-manager.ts';
import { ChipReads, chipView } from '../../../../daemon/src/pipeline/chip-reads.ts';
import type { AcceptExtra, Accepted } from '../../../../daemon/src/pipeline/scan-pipeline.ts';
import type { ScanMessage } from '../../../../daemon/src/api/contract.ts';
import type { EventSource } from '../../../../daemon/src/storage/events-repo.ts';
import { makeChipCard, tinyJpeg } from '../../../../simulators/src/chip/chip-card.ts';
import { AN, AN_ISSUER_VIEW, AN_VIEW, testIssuer } from '../../../helpers/chip.ts';

const { csca, ds } = testIssuer();
const DEVICE = { id: 'chip-1', desk: 'desk-2', simulated: false };
const EVENT_ID = 42;

interface Accept {
  device: { id: string; desk: string; simulated?: boolean };
  source: EventSource;
  result: Accepted;
  actor: string | undefined;
  extra: AcceptExtra | undefined;
}

function rig(options: { requireConsent?: boolean; withCsca?: boolean; testMode?: boolean } = {}) {
  const accepted: Accept[] = [];
  const testReads: Array<{ deviceId: string; ok: boolean; code: string | null; text: string }> = [];
  const visits = new ChipVisits({ keepMs: 60_000, now: () => 1_700_000_000_000 });
  let handler: ChipHandler | null = null;
  let unsubscribed = false;
  const reads = new ChipReads({
    devices: {
      onChip: (h) => {
        handler = h;
        return () => void (unsubscribed = true);
      },
      isTestMode: () => options.testMode === true,
    },
    pipeline: {
      accept: async (device, source, result, actor, extra) => {
        accepted.push({ device, source, result, actor, extra });
        extra?.beforeAnnounce?.({ eventId: EVENT_ID } as ScanMessage);
        return {} as ScanMessage;
      },
      chipTestRead: (deviceId, r) => void testReads.push({ deviceId, ...r }),
    },
    visits,
    cscas: () => (options.withCsca ? loadCscaBundle(csca.pem) : null),
    requireConsent: options.requireConsent ?? false,
  });
  reads.start();
  const deliver = async (read: ChipRead): Promise<void> => {
    if (!handler) throw new Error('ChipReads did not subscribe to the devices’ chip reads');
    await handler(DEVICE, read);
  };
  const card = (c: Omit<ChipCard, 'at'>): ChipRead => ({ type: 'card', card: { ...c, at: 1 } });
  return { reads, accepted, testReads, visits, deliver, card, unsubscribed: () => unsubscribed };
}

t.test('a card: one chip read with the chip’s identity, its verification, the portrait kept under the event', async (t) => {
  const r = rig({ withCsca: true });
  await r.deliver(r.card(makeChipCard(AN, ds)));
  t.equal(r.accepted.length, 1);
  const a = r.accepted[0]!;
  t.same(a.device, DEVICE);
  t.equal(a.source, 'chip');
  t.same(a.result, {
    ok: true,
    kind: 'chip',
    identity: AN_VIEW,
    warnings: [],
  });
  t.equal(a.actor, undefined);
  t.same(a.extra?.chip, AN_ISSUER_VIEW);
  t.equal(a.extra?.holdLookup, false, 'no consent required: the lookup runs at once');
  const visit = r.visits.of(EVENT_ID);
  t.match(visit, { eventId: EVENT_ID, desk: 'desk-2', deviceId: 'chip-1', consent: 'notRequired', identity: { id: '001089012345' } });
  t.equal(visit?.portrait?.mime, 'image/jpeg');
  t.ok(visit?.portrait?.bytes.equals(tinyJpeg()), 'the chip’s portrait, kept in memory for the desk');
});

t.test('without a CSCA installed: integrity, in its own words', async (t) => {
  const r = rig();
  await r.deliver(r.card(makeChipCard(AN, ds)));
  t.match(r.accepted[0]!.extra?.chip, { verification: 'integrity', failedCheck: null, text: CHIP_LEVEL_TEXT.integrity });
});

t.test('consent required: consent needed, the lookup held', async (t) => {
  const r = rig({ requireConsent: true });
  await r.deliver(r.card(makeChipCard(AN, ds)));
  t.match(r.accepted[0]!.extra, { chip: { consent: 'needed' }, holdLookup: true });
  t.equal(r.visits.of(EVENT_ID)?.consent, 'needed');
  t.not(r.visits.consent(EVENT_ID), null, 'the held lookup can be released by the consent');
});

t.test('a failed or unfinished card: an error read with its code', async (t) => {
  const codes: Record<ChipFailureKind, string> = { cardFailed: 'chipFailed', incomplete: 'chipIncomplete', malformed: 'chipMalformed' };
  for (const [kind, code] of Object.entries(codes) as Array<[ChipFailureKind, string]>) {
    const r = rig();
    await r.deliver({ type: 'failure', failure: { kind, at: 1 } });
    t.match(r.accepted, [{ device: DEVICE, source: 'chip', result: { ok: false, error: { code, vi: /\S/, en: /\S/ }, rawHex: null } }], kind);
    t.equal(r.accepted[0]!.extra, undefined, `${kind}: no chip view, nothing kept`);
    t.equal(r.visits.size, 0);
  }
});

t.test('a card without a usable identity: chipNoIdentity, nothing kept', async (t) => {
  const r = rig();
  await r.deliver(r.card({ fields: { personName: 'Nguyễn Văn An' }, raw: null }));
  t.match(r.accepted, [{ source: 'chip', result: { ok: false, error: { code: 'chipNoIdentity' }, rawHex: null } }]);
  t.equal(r.visits.size, 0);
});

t.test('an altered DG13: the read goes through, with the failed check and a warning for the desk', async (t) => {
  const r = rig({ withCsca: true });
  await r.deliver(r.card(makeChipCard(AN, ds, { fault: 'alteredDg13' })));
  const chip = r.accepted[0]!.extra?.chip;
  t.match(chip, { verification: 'failed', failedCheck: 'dgHash', text: chipFailedText('dgHash') });
  t.match(chip?.text.vi, /CẢNH BÁO/);
  t.match(chip?.text.en, /WARNING/);
});

t.test('the service’s text disagreeing with the chip: named in the view', async (t) => {
  const r = rig();
  const genuine = makeChipCard(AN, ds);
  await r.deliver(r.card({ ...genuine, fields: { ...genuine.fields, personName: 'Nguyễn Văn Anh' } }));
  t.match(r.accepted[0]!, { result: { identity: { name: 'Nguyễn Văn An' } }, extra: { chip: { differs: ['name'] } } });
});

t.test('no raw files: verification none, no portrait', async (t) => {
  const r = rig();
  await r.deliver(r.card(makeChipCard(AN, ds, { fault: 'noRaw' })));
  t.match(r.accepted[0]!.extra?.chip, { verification: 'none', portrait: false, text: CHIP_LEVEL_TEXT.none });
  t.equal(r.visits.of(EVENT_ID)?.portrait, null);
});

t.test('stop() unsubscribes', async (t) => {
  const r = rig();
  t.notOk(r.unsubscribed());
  r.reads.stop();
  t.ok(r.unsubscribed());
});

t.test('chipView: the level’s text, or the failed check’s warning', async (t) => {
  t.same(chipView({ level: 'integrity' }, { shown: false, signed: false }, 'given', ['address'], null), {
    verification: 'integrity',
    failedCheck: null,
    text: CHIP_LEVEL_TEXT.integrity,
    portrait: false,
    portraitSigned: false,
    consent: 'given',
    differs: ['address'],
    expiryDate: null,
  });
  t.same(chipView({ level: 'failed', check: 'signature' }, { shown: true, signed: false }, 'needed', [], '2030-01-01'), {
    verification: 'failed',
    failedCheck: 'signature',
    text: chipFailedText('signature'),
    portrait: true,
    portraitSigned: false,
    consent: 'needed',
    differs: [],
    expiryDate: '2030-01-01',
  });
  const differs = ['name'];
  const view = chipView({ level: 'none' }, { shown: false, signed: false }, 'notRequired', differs, null);
  differs.push('dob');
  t.same(view.differs, ['name'], 'a copy of the list');
});

// A technician trying the reader (test mode) is no patient access: nothing accepted, one test read
// for /tech with the masked ID and the level, never the name.
t.test('test mode: a card is one test read with the masked ID and the level, no access', async (t) => {
  for (const withCsca of [false, true]) {
    const r = rig({ testMode: true, withCsca });
    await r.deliver(r.card(makeChipCard(AN, ds)));
    t.same(r.accepted, [], 'no patient access');
    t.equal(r.visits.size, 0, 'nothing kept for a desk');
    t.equal(r.testReads.length, 1);
    const read = r.testReads[0]!;
    t.match(read, { deviceId: 'chip-1', ok: true, code: null });
    t.ok(read.text.includes('0010******45'), `the masked id: ${read.text}`);
    t.ok(read.text.includes(withCsca ? 'issuer' : 'integrity'), 'the level');
    for (const s of ['001089012345', 'Nguyễn', 'Văn An', 'N***', 'Thụy Khuê', '013456789']) t.notOk(read.text.includes(s), `never ${s}`);
  }
});

t.test('test mode: a failure or a card without identity is a failed test read with its code', async (t) => {
  const r = rig({ testMode: true });
  await r.deliver({ type: 'failure', failure: { kind: 'cardFailed', at: 1 } });
  t.same(r.accepted, []);
  t.match(r.testReads, [{ deviceId: 'chip-1', ok: false, code: 'chipFailed' }]);
  await r.deliver(r.card({ fields: { personName: 'Nguyễn Văn An' }, raw: null }));
  t.same(r.accepted, []);
  t.match(r.testReads[1], { ok: false, code: 'chipNoIdentity' });
  t.notOk(r.testReads[1]!.text.includes('Nguyễn'), 'never the name');
});

t.test('out of test mode: no test read', async (t) => {
  const r = rig({ testMode: false });
  await r.deliver(r.card(makeChipCard(AN, ds)));
  t.equal(r.accepted.length, 1);
  t.same(r.testReads, []);
});
