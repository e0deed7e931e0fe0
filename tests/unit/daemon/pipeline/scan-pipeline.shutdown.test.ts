// A calm shutdown: stop() gives reads still waiting for the database (a full disk) the grace time to
// be stored; a read stored within it is announced as usual; what is left after it is one log line
// with the count (not an error per read), and the write path is closed: what still waits gives up quietly.

import FakeTimers from '@sinonjs/fake-timers';
import t from 'tap';
import { EventBus } from '../../../../daemon/src/events/event-bus.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import { RecentReads } from '../../../../daemon/src/pipeline/recent-reads.ts';
import { ScanPipeline } from '../../../../daemon/src/pipeline/scan-pipeline.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Hà Nội|20042021';

function rig(t: { teardown(fn: () => void): void }) {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout'] });
  t.teardown(() => clock.uninstall());
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger('info', { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  const bus = new EventBus(log);
  const announced: number[] = [];
  bus.on('scan', (m) => announced.push(m.eventId));
  /** Writes wait for the disk until `release()`; `closed` says whether storage was told to give up. */
  const disk = { waiting: [] as Array<() => void>, closed: false };
  let ids = 0;
  const pipeline = new ScanPipeline({
    repo: { record: async () => ++ids },
    hashName: (n) => `name#${n.length}`,
    devices: { isTestMode: () => false, count: () => undefined, countLost: () => undefined },
    bus,
    hashId: (id) => `h(${id.length})`,
    eligibility: { checkInBackground: () => undefined },
    log,
    now: () => new Date('2026-12-01T03:00:00Z'),
    placeOf: () => ({ facilityId: '51001', stationId: 'main' }),
    recent: new RecentReads(),
    storage: {
      write: <T>(_what: string, fn: () => Promise<T>) => new Promise<void>((r) => disk.waiting.push(r)).then(fn),
      keep: <T>(_what: string, fn: () => Promise<T>) => fn(),
      close: () => void (disk.closed = true),
    },
    shutdownGraceMs: 10_000,
  });
  const read = (): void =>
    void pipeline.onRead({ id: 'p1', desk: 'desk-1' }, { bytes: Buffer.from(AN), end: 'terminator', at: 0 } as never).catch(() => undefined);
  return { clock, lines, announced, disk, pipeline, read };
}

t.test('a read stored within the grace time is announced; nothing is logged about waiting', async (t) => {
  const r = rig(t);
  r.read();
  const stopping = r.pipeline.stop();
  await r.clock.tickAsync(3_000);
  r.disk.waiting.shift()!(); // space came back
  await stopping;
  t.same(r.announced, [1]);
  t.equal(r.disk.closed, true, 'the write path is closed after the reads (the lookups behind them give up at their next failure)');
  t.notOk(r.lines.some((l) => /still waiting/.test(String(l['msg']))));
});

t.test('reads still waiting after the grace time: one line with the count, storage told to give up', async (t) => {
  const r = rig(t);
  r.read();
  r.read();
  r.read();
  let stopped = false;
  const stopping = r.pipeline.stop().then(() => void (stopped = true));
  await r.clock.tickAsync(9_999);
  t.equal(stopped, false, 'waits the grace time');
  await r.clock.tickAsync(1);
  await stopping;
  t.equal(r.disk.closed, true, 'the retries give up');
  const waiting = r.lines.filter((l) => /still waiting/.test(String(l['msg'])));
  t.match(waiting, [{ waiting: 3, msg: 'stopping: 3 reads still waiting for the database were not stored' }], 'one line, with the count');
  t.same(r.announced, [], 'nothing was announced as stored');
});

t.test('nothing waiting: stop returns at once', async (t) => {
  const r = rig(t);
  await r.pipeline.stop();
  t.equal(r.disk.closed, true, 'the write path is closed all the same');
  t.notOk(r.lines.some((l) => /still waiting/.test(String(l['msg']))));
});
