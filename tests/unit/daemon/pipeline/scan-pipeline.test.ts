// The scan pipeline with fakes around it (no database, no socket, no scanner): a read becomes a
// stored, counted, announced event, then an eligibility check; a bad read a counted error without a
// check; a test read is shown and nothing else.

import t from 'tap';
import type { ScanMessage, TestReadMessage } from '../../../../daemon/src/api/contract.ts';
import { EventBus } from '../../../../daemon/src/events/event-bus.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import { RecentReads } from '../../../../daemon/src/pipeline/recent-reads.ts';
import { ScanPipeline } from '../../../../daemon/src/pipeline/scan-pipeline.ts';
import type { NewEvent } from '../../../../daemon/src/storage/events-repo.ts';
import { writeAtOnce } from '../../../helpers/write-at-once.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Hà Nội|20042021';

function rig(testMode = false) {
  const log = createLogger('silent');
  const bus = new EventBus(log);
  const stored: NewEvent[] = [];
  const counted: string[] = [];
  const checks: number[] = [];
  const announced: ScanMessage[] = [];
  const testReads: TestReadMessage[] = [];
  bus.on('scan', (m) => announced.push(m));
  bus.on('testRead', (m) => testReads.push(m));
  const recent = new RecentReads();
  const pipeline = new ScanPipeline({
    repo: { record: async (e) => (stored.push(e), stored.length) },
    hashName: (n) => `name#${n.length}`,
    devices: { isTestMode: () => testMode, count: (id, source, outcome) => void counted.push(`${id} ${source} ${outcome}`), countLost: () => undefined },
    bus,
    hashId: (id) => `h(${id.length})`,
    eligibility: { checkInBackground: (ref) => void checks.push(ref.eventId) },
    log,
    now: () => new Date('2026-12-01T03:00:00Z'),
    placeOf: () => ({ facilityId: '51001', stationId: 'main' }),
    recent,
    storage: writeAtOnce,
  });
  return { pipeline, stored, counted, checks, announced, testReads, recent };
}

const read = (text: string) => ({ bytes: Buffer.from(text, 'utf8'), at: 0, end: 'terminator' as const });

t.test('a card read: stored with its place and hashes, counted, announced, then checked', async (t) => {
  const r = rig();
  await r.pipeline.onRead({ id: 'quay-1', desk: 'desk-1' }, read(AN));
  t.match(r.stored, [
    {
      deviceId: 'quay-1',
      deskId: 'desk-1',
      facilityId: '51001',
      stationId: 'main',
      source: 'scan',
      outcome: 'success',
      idHash: 'h(12)',
      nameHash: 'name#13',
      simulated: false,
      rawHex: null,
    },
  ]);
  t.notMatch(r.stored[0]!.idHash, /001089012345/, 'the ID is stored as its keyed hash');
  t.same(r.counted, ['quay-1 scan success']);
  t.match(r.announced, [{ eventId: 1, ok: true, identity: { name: 'Nguyễn Văn An' }, eligibility: 'pending' }]);
  t.same(r.checks, [1], 'the eligibility check follows the stored event');
});

t.test('a bad read: a counted error with its raw bytes, no eligibility check, structure for the technician', async (t) => {
  const r = rig();
  await r.pipeline.onRead({ id: 'quay-1', desk: 'desk-1', simulated: true }, read('HELLO WORLD'));
  t.match(r.stored, [{ outcome: 'error', errorCode: 'notCccd', errorClass: 'format', rawHex: Buffer.from('HELLO WORLD').toString('hex'), simulated: true }]);
  t.same(r.counted, ['quay-1 scan error']);
  t.same(r.checks, []);
  t.match(r.recent.of('quay-1'), [{ ok: false, code: 'notCccd', hex: null, text: '1 field: 11 latin+space' }]);
});

t.test('a test read: shown to the technician, not stored, counted or checked', async (t) => {
  const r = rig(true);
  await r.pipeline.onRead({ id: 'quay-1', desk: 'desk-1' }, read(AN));
  t.same([r.stored.length, r.counted.length, r.checks.length, r.announced.length], [0, 0, 0, 0]);
  t.match(r.testReads, [{ deviceId: 'quay-1', read: { ok: true, test: true, text: 'cccd2021 0010******45' } }]);
});

t.test('a webcam read counts on camera@<desk>', async (t) => {
  const r = rig();
  const m = await r.pipeline.onCamera('desk-2', Buffer.from(AN), 'quay-2-token');
  t.match(m, { deviceId: 'camera@desk-2', source: 'camera', ok: true });
  t.match(r.stored, [{ deviceId: 'camera@desk-2', source: 'camera', actor: 'quay-2-token' }]);
});
