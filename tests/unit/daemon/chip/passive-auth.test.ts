// Passive authentication decides what the desk may say about a chip's data: "matches the signature
// on the card" (integrity) or "signed by the issuing authority" (issuer, only against a CSCA the
// operator installed). Each forgery of docs/research/chip-readers.md §3 must be caught by the check
// that names it, for the key types a chip may carry (Vietnam's DS is said to be brainpoolP384r1).

import { X509Certificate, verify } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import t from 'tap';
import { loadCscaBundle } from '../../../../daemon/src/chip/csca-store.ts';
import { verifyChip } from '../../../../daemon/src/chip/passive-auth.ts';
import { makeChipCard, type ChipIdentity } from '../../../../simulators/src/chip/chip-card.ts';
import { makeCsca, makeDocumentSigner, makeSelfSigned, type TestKeyType } from '../../../../simulators/src/chip/test-pki.ts';
import { AN as AN_BASE } from '../../../helpers/chip.ts';

// The shared person with the DG13 entries the other tests leave out, so the whole file is hashed and signed.
const AN: ChipIdentity = { ...AN_BASE, origin: 'Xã Đông Hải, Quảng Xương, Thanh Hóa', father: 'Nguyễn Văn Bình', mother: 'Lê Thị Cúc' };

const KEY_TYPES: TestKeyType[] = ['rsa', 'p256', 'brainpoolP384r1'];
const csca = makeCsca({ keyType: 'brainpoolP384r1', name: 'CSCA Việt Nam' });
const ds = makeDocumentSigner(csca, { keyType: 'brainpoolP384r1', name: 'Document Signer 01' });
const store = loadCscaBundle(csca.pem);
const genuine = makeChipCard(AN, ds).raw!;

t.test('a genuine card: integrity without a CSCA, issuer with its CSCA, for every key type', async (t) => {
  for (const keyType of KEY_TYPES) {
    const ca = makeCsca({ keyType, name: `CSCA ${keyType}` });
    const card = makeChipCard(AN, makeDocumentSigner(ca, { keyType, name: `DS ${keyType}` })).raw!;
    t.same(verifyChip(card, null), { level: 'integrity' }, `${keyType}, no CSCA installed`);
    t.same(verifyChip(card, loadCscaBundle(ca.pem)), { level: 'issuer' }, `${keyType}, its CSCA installed`);
  }
});

t.test('a genuine card in the other encodings a service or issuer may use still verifies', async (t) => {
  const rsaCa = makeCsca({ keyType: 'rsa', name: 'CSCA RSA' });
  const rsaDs = makeDocumentSigner(rsaCa, { keyType: 'rsa', name: 'DS RSA' });
  const rsaStore = loadCscaBundle(rsaCa.pem);
  t.same(verifyChip(makeChipCard(AN, rsaDs, { rsaPss: true }).raw!, rsaStore), { level: 'issuer' }, 'RSA-PSS with its parameters');
  t.same(verifyChip(makeChipCard(AN, ds, { wrap77: false }).raw!, store), { level: 'issuer' }, 'the SOD without its 77 tag');
  t.same(verifyChip(makeChipCard(AN, ds, { sidByKeyId: true }).raw!, store), { level: 'issuer' }, 'the signer named by subjectKeyIdentifier');
  const { dg2: _dg2, ...withoutDg2 } = genuine;
  t.same(verifyChip(withoutDg2, store), { level: 'issuer' }, 'a group listed but not sent (the HN212 sends no DG1)');
});

t.test('forgery: a data group edited after signing fails its hash', async (t) => {
  t.same(verifyChip(makeChipCard(AN, ds, { fault: 'alteredDg13' }).raw!, store), { level: 'failed', check: 'dgHash' });
  const other = makeChipCard({ ...AN, id: '001089099999' }, ds).raw!;
  t.same(verifyChip({ ...genuine, dg13: other.dg13 }, store), { level: 'failed', check: 'dgHash' }, 'another genuine card’s DG13 under this SOD');
});

// The forger edited DG13 and wrote its new hash into the LDSSecurityObject. The DG hashes now match;
// the signature is still valid over the signed attributes, which were not touched; but the signed
// messageDigest is the hash of the original LDSSecurityObject, so `messageDigest` catches it. (Had
// he also rewritten messageDigest, the signed attributes would differ and `signature` would.)
t.test('forgery: rewritten hashes under an untouched signature fail messageDigest', async (t) => {
  const forged = makeChipCard(AN, ds, { fault: 'rewrittenHashes' }).raw!;
  t.same(verifyChip(forged, store), { level: 'failed', check: 'messageDigest' });
  t.same(verifyChip(forged, null), { level: 'failed', check: 'messageDigest' }, 'with no CSCA installed too');
});

t.test('forgery: a self-made signer passes integrity only, and fails issuer once a CSCA is installed', async (t) => {
  const forged = makeChipCard(AN, makeSelfSigned({ keyType: 'brainpoolP384r1', name: 'Document Signer 01' })).raw!;
  t.same(verifyChip(forged, null), { level: 'integrity' }, 'why integrity alone never says "issued by"');
  t.same(verifyChip(forged, store), { level: 'failed', check: 'issuer' });
});

t.test('forgery: a signer issued by another CSCA fails issuer', async (t) => {
  const otherCa = makeCsca({ keyType: 'brainpoolP384r1', name: 'CSCA Việt Nam' });
  const forged = makeChipCard(AN, makeDocumentSigner(otherCa, { keyType: 'brainpoolP384r1', name: 'Document Signer 01' })).raw!;
  t.same(verifyChip(forged, store), { level: 'failed', check: 'issuer' });
});

/** The signerInfo's signed attributes exactly as sent (tag A0), and the DS key. */
function signedAttrsOf(sod: Buffer): { sent: Buffer; signature: Buffer } {
  const contentInfo = asn1js.fromBER(new Uint8Array(sod.subarray(4))).result; // inside 77 82 xx xx
  const signedData = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: contentInfo }).content });
  const signerInfo = signedData.signerInfos[0]!;
  const sent = Buffer.from(signerInfo.signedAttrs!.toSchema().toBER(false));
  return { sent, signature: Buffer.from(signerInfo.signature.getValue()) };
}

t.test('the signature is over the signed attributes re-tagged as a SET (31), not as sent (A0)', async (t) => {
  t.equal(genuine.sod![0], 0x77);
  t.equal(genuine.sod![1], 0x82, 'the SOD length takes two bytes, as signedAttrsOf assumes');
  const { sent, signature } = signedAttrsOf(genuine.sod!);
  t.equal(sent[0], 0xa0, 'sent as [0] IMPLICIT');
  const asSet = Buffer.from(sent);
  asSet[0] = 0x31;
  const key = new X509Certificate(ds.certificate).publicKey;
  t.ok(verify('sha384', asSet, key, signature), 'the genuine signature verifies over the SET');
  t.notOk(verify('sha384', sent, key, signature), 'and not over the A0 bytes');
  const signedOverA0 = makeChipCard(AN, ds, { fault: 'signedAttrsA0' }).raw!;
  t.same(verifyChip(signedOverA0, store), { level: 'failed', check: 'signature' }, 'a card signed over A0 is refused');
});

t.test('no SOD or no DG13: nothing to verify', async (t) => {
  const { sod: _sod, ...noSod } = genuine;
  t.same(verifyChip(noSod, store), { level: 'none' });
  const { dg13: _dg13, ...noDg13 } = genuine;
  t.same(verifyChip(noDg13, store), { level: 'none' });
});

t.test('an SOD that does not parse fails sodFormat, and nothing throws', async (t) => {
  const sod = genuine.sod!;
  t.same(verifyChip({ ...genuine, sod: sod.subarray(0, sod.length - 40) }, store), { level: 'failed', check: 'sodFormat' }, 'truncated');
  t.same(verifyChip({ ...genuine, sod: genuine.dg13 }, store), { level: 'failed', check: 'sodFormat' }, 'a DG13 sent as the SOD');
  t.same(verifyChip({ ...genuine, sod: Buffer.from('garbage') }, store), { level: 'failed', check: 'sodFormat' }, 'garbage');
  t.same(verifyChip({ ...genuine, sod: Buffer.concat([sod, Buffer.from([0])]) }, store), { level: 'failed', check: 'sodFormat' }, 'trailing byte');
});

t.test('a data group sent but not listed in the SOD fails dgNotListed', async (t) => {
  const dg15 = Buffer.from('6f0a300806062a8648ce3d0201', 'hex');
  t.same(verifyChip({ ...genuine, dg15 }, store), { level: 'failed', check: 'dgNotListed' });
  t.same(verifyChip({ ...genuine, dg14: dg15 }, store), { level: 'failed', check: 'dgNotListed' }, 'DG14 likewise');
});

t.test('verifying leaves the caller’s buffers as they were', async (t) => {
  const copy = Buffer.from(genuine.sod!);
  verifyChip(genuine, store);
  t.ok(genuine.sod!.equals(copy));
});
