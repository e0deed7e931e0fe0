// A read given up (the disk stayed full past storage.retryForMs) is not forgotten: the desk is told
// to scan again, and the loss is written through the durable write path as a `notStored` error of
// its device with no patient data, counted on the device and shown in health. A read given up by
// the daemon stopping is counted in the stop's one line instead.

import t from 'tap';
import { EventBus } from '../../../../daemon/src/events/event-bus.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import { RecentReads } from '../../../../daemon/src/pipeline/recent-reads.ts';
import { ScanPipeline } from '../../../../daemon/src/pipeline/scan-pipeline.ts';
import type { NewEvent } from '../../../../daemon/src/storage/events-repo.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Hà Nội|20042021';
const fullError = (): Error => Object.assign(new Error('SQLITE_FULL: database or disk is full'), { code: 'SQLITE_FULL' });
const full = (): Promise<never> => Promise.reject(fullError());

function rig() {
  const log = createLogger('silent');
  const bus = new EventBus(log);
  const recorded: NewEvent[] = [];
  const lostCounted: string[] = [];
  const told: string[] = [];
  const kept: Array<{ run: () => Promise<unknown>; stop: () => void }> = [];
  const lost = { givenUp: 0, written: [] as string[], notWritten: 0 };
  bus.on('notStored', (m) => told.push(m.desk));
  const pipeline = new ScanPipeline({
    repo: { record: async (e) => (recorded.push(e), recorded.length) },
    hashName: (n) => `name#${n.length}`,
    devices: { isTestMode: () => false, count: () => undefined, countLost: (id, source) => void lostCounted.push(`${id} ${source}`) },
    bus,
    hashId: (id) => `h(${id.length})`,
    eligibility: { checkInBackground: () => undefined },
    log,
    now: () => new Date('2026-12-07T03:00:00Z'),
    placeOf: () => ({ facilityId: '51001', stationId: 'main' }),
    recent: new RecentReads(),
    // The event write is given up at once; a kept write waits until the test runs it (space returned).
    storage: {
      write: full,
      keep: <T>(_what: string, fn: () => Promise<T>) =>
        new Promise<T>((resolve, reject) => void kept.push({ run: () => fn().then(resolve, reject), stop: () => reject(fullError()) })),
      close: () => undefined,
    },
    lost: {
      givenUp: () => void lost.givenUp++,
      written: (at) => void lost.written.push(at),
      notWritten: () => void lost.notWritten++,
    },
  });
  return { pipeline, recorded, lostCounted, told, kept, lost };
}

t.test('given up: the desk is told, and the loss is written when the disk takes writes again', async (t) => {
  const r = rig();
  await t.rejects(r.pipeline.onRead({ id: 'sc-1', desk: 'desk-1' }, { bytes: Buffer.from(AN), end: 'terminator', at: 0 } as never), { code: 'SQLITE_FULL' });
  t.same(r.told, ['desk-1'], 'the desk is told to scan again');
  t.equal(r.lost.givenUp, 1, 'health counts the loss at once');
  t.same(r.recorded, [], 'nothing written while the disk is full');
  t.equal(r.kept.length, 1, 'the loss waits in the durable write path');
  await r.kept[0]!.run();
  await new Promise((resolve) => setImmediate(resolve));
  t.match(r.recorded, [
    {
      deviceId: 'sc-1',
      deskId: 'desk-1',
      source: 'scan',
      outcome: 'error',
      errorCode: 'notStored',
      errorClass: 'storage',
      idHash: null,
      identityJson: null,
      rawHex: null,
    },
  ]);
  t.notMatch(JSON.stringify(r.recorded), /Nguyễn|001089012345/, 'no patient data in the loss');
  t.same(r.lostCounted, ['sc-1 scan'], "counted on the device's lostReads");
  t.same(r.lost.written, ['2026-12-07T03:00:00.000Z'], 'health moves it from waiting to written, with the time of the read');
});

t.test('a loss that cannot be written before the daemon stops is taken back from the count', async (t) => {
  const r = rig();
  await r.pipeline.onRead({ id: 'sc-1', desk: 'desk-1' }, { bytes: Buffer.from(AN), end: 'terminator', at: 0 } as never).catch(() => undefined);
  r.kept[0]!.stop();
  await new Promise((resolve) => setImmediate(resolve));
  t.same(r.recorded, []);
  t.same(r.lostCounted, []);
  t.match(r.lost, { givenUp: 1, written: [], notWritten: 1 });
});
