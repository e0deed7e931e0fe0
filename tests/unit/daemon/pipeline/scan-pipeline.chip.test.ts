// ScanPipeline.accept with a chip read's extras: the stored event carries its verification level and
// source `chip`, the `scan` message its chip view; the portrait is kept (beforeAnnounce) before the
// desk is told; a lookup held for consent is not started; and a later QR read of the same person at
// the desk carries the comparison with the chip's data (a chip read is never compared with itself).

import { Writable } from 'node:stream';
import t from 'tap';
import type { ChipComparison, ChipReadView, ScanMessage } from '../../../../daemon/src/api/contract.ts';
import { EventBus } from '../../../../daemon/src/events/event-bus.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import { RecentReads } from '../../../../daemon/src/pipeline/recent-reads.ts';
import { ScanPipeline } from '../../../../daemon/src/pipeline/scan-pipeline.ts';
import type { NewEvent } from '../../../../daemon/src/storage/events-repo.ts';
import { AN_ISSUER_VIEW as VIEW, AN_VIEW as AN } from '../../../helpers/chip.ts';
import { writeAtOnce } from '../../../helpers/write-at-once.ts';

const AN_QR = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Hà Nội|20042021';
const CHIP_DEVICE = { id: 'chip-1', desk: 'desk-1' };
const chipResult = { ok: true as const, kind: 'chip', identity: AN, warnings: [] };

function rig(comparison?: ChipComparison) {
  const lines: string[] = [];
  const log = createLogger('debug', new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString('utf8')), done()) }));
  const bus = new EventBus(log);
  const stored: NewEvent[] = [];
  const checks: number[] = [];
  const order: string[] = [];
  const announced: ScanMessage[] = [];
  const compared: Array<{ desk: string; id: string | null }> = [];
  bus.on('scan', (m) => {
    announced.push(m);
    order.push(`scan ${m.eventId}`);
  });
  const pipeline = new ScanPipeline({
    repo: { record: async (e) => (stored.push(e), stored.length) },
    hashName: (n) => `name#${n.length}`,
    devices: { isTestMode: () => false, count: () => undefined, countLost: () => undefined },
    bus,
    hashId: (id) => `h(${id.length})`,
    eligibility: { checkInBackground: (ref) => void checks.push(ref.eventId) },
    log,
    now: () => new Date('2026-12-01T03:00:00Z'),
    placeOf: () => ({ facilityId: '51001', stationId: 'main' }),
    recent: new RecentReads(),
    storage: writeAtOnce,
    chipVisits: {
      compare: (desk, identity) => {
        compared.push({ desk, id: identity.id });
        return comparison;
      },
    },
  });
  return { pipeline, stored, checks, order, announced, compared, lines };
}

const read = (text: string) => ({ bytes: Buffer.from(text, 'utf8'), at: 0, end: 'terminator' as const });

t.test('a chip read: stored with its verification, announced with its view, then looked up', async (t) => {
  const r = rig();
  const message = await r.pipeline.accept(CHIP_DEVICE, 'chip', chipResult, undefined, { chip: VIEW, holdLookup: false });
  t.match(r.stored, [{ source: 'chip', outcome: 'success', payloadKind: 'chip', chipVerification: 'issuer', deviceId: 'chip-1', idHash: 'h(12)' }]);
  t.same(message.chip, VIEW);
  t.match(r.announced, [{ eventId: 1, source: 'chip', ok: true, identity: { id: '001089012345' }, chip: VIEW }]);
  t.same(r.checks, [1], 'no consent needed: the lookup starts');
  t.equal(message.chipComparison, undefined);
});

t.test('a read without extras stores no verification and announces no chip view', async (t) => {
  const r = rig();
  await r.pipeline.onRead({ id: 'quay-1', desk: 'desk-1' }, read(AN_QR));
  t.equal(r.stored[0]!.chipVerification, null);
  t.notOk('chip' in r.announced[0]!, 'no chip key on a QR read');
});

t.test('beforeAnnounce gets the read before the desk is told', async (t) => {
  const r = rig();
  await r.pipeline.accept(CHIP_DEVICE, 'chip', chipResult, undefined, { chip: VIEW, beforeAnnounce: (m) => void r.order.push(`kept ${m.eventId}`) });
  await r.pipeline.accept(CHIP_DEVICE, 'chip', chipResult, undefined, { chip: VIEW, beforeAnnounce: (m) => void r.order.push(`kept ${m.eventId}`) });
  t.same(r.order, ['kept 1', 'scan 1', 'kept 2', 'scan 2']);
});

t.test('a chip read whose signature check failed: stored with level failed, the warning view announced', async (t) => {
  const r = rig();
  const failed: ChipReadView = { ...VIEW, verification: 'failed', failedCheck: 'dgHash' };
  await r.pipeline.accept(CHIP_DEVICE, 'chip', chipResult, undefined, { chip: failed });
  t.match(r.stored, [{ chipVerification: 'failed' }]);
  t.match(r.announced, [{ chip: { verification: 'failed', failedCheck: 'dgHash' } }]);
});

t.test('holdLookup: the lookup is not started', async (t) => {
  const r = rig();
  const m = await r.pipeline.accept(CHIP_DEVICE, 'chip', chipResult, undefined, { chip: { ...VIEW, consent: 'needed' }, holdLookup: true });
  t.same(r.checks, [], 'no eligibility check before the consent');
  t.equal(m.eligibility, 'pending', 'the desk still expects an answer, once consent is given');
});

// With chip.requireConsent the lookup waits for the patient's consent. A lookup written ahead with the
// event (lookupJson → verify_queue, in_flight = 1) would be re-sent by the next start
// (EligibilityRepo.releaseInFlight) without that consent: none is written, nor is the identity stored
// or announced; the consent route stores it, writes the lookup ahead and announces it.
t.test('holdLookup: no lookup is written ahead for a restart to send without consent', async (t) => {
  const r = rig();
  await r.pipeline.accept(CHIP_DEVICE, 'chip', chipResult, undefined, { chip: { ...VIEW, consent: 'needed' }, holdLookup: true });
  t.equal(r.stored[0]!.lookupJson, null);
  t.equal(r.stored[0]!.identityJson, null, 'nothing of the identity stored before the consent');
  t.equal(r.stored[0]!.idHash, null);
  t.equal(r.stored[0]!.nameHash ?? null, null);
  t.equal(r.announced[0]!.identity, null, 'nor announced');
  t.match(r.lines.join(''), /chip stored; its identity waits for consent/, 'logged as stored, not as rejected');
  t.notMatch(r.lines.join(''), /rejected|0010\*|001089012345/, 'without a word of the identity');
});

t.test('a later QR read at the desk carries the comparison with the chip read', async (t) => {
  const comparison: ChipComparison = { chipEventId: 7, matches: false, differs: ['address'] };
  const r = rig(comparison);
  await r.pipeline.onRead({ id: 'quay-1', desk: 'desk-3' }, read(AN_QR));
  t.same(r.compared, [{ desk: 'desk-3', id: '001089012345' }], 'compared at the read’s own desk, by its ID');
  t.same(r.announced[0]!.chipComparison, comparison);
  const m = await r.pipeline.onCamera('desk-3', Buffer.from(AN_QR));
  t.same(m.chipComparison, comparison, 'a webcam read too');
});

t.test('nothing to compare: no chipComparison key', async (t) => {
  const r = rig(undefined);
  await r.pipeline.onRead({ id: 'quay-1', desk: 'desk-1' }, read(AN_QR));
  t.equal(r.compared.length, 1);
  t.notOk('chipComparison' in r.announced[0]!);
});

t.test('a chip read is never compared (not with itself), nor is a read without identity', async (t) => {
  const r = rig({ chipEventId: 1, matches: true, differs: [] });
  const m = await r.pipeline.accept(CHIP_DEVICE, 'chip', chipResult, undefined, { chip: VIEW });
  t.same(r.compared, [], 'compare not consulted for a chip read');
  t.equal(m.chipComparison, undefined);
  await r.pipeline.onRead({ id: 'quay-1', desk: 'desk-1' }, read('HELLO WORLD'));
  t.same(r.compared, [], 'a rejected read has no identity to compare');
});
