// The simulated scanner used where there is no pseudo-terminal (Windows reception PCs trying the
// quick start, `simulators.pty: false`). It must look to the daemon like a real serial scanner: a
// card in, one read out, framed by the same rules as on a wire; unplug and replug as a technician
// would do them, with the same error codes.

import FakeTimers from '@sinonjs/fake-timers';
import t from 'tap';
import type { TransportError } from '../../../../drivers/src/errors.ts';
import type { ScanRead } from '../../../../drivers/src/transport.ts';
import { InProcessScanner } from '../../../../simulators/src/scanner/in-process-scanner.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

function watch(s: InProcessScanner): { reads: ScanRead[]; disconnects: TransportError[] } {
  const reads: ScanRead[] = [];
  const disconnects: TransportError[] = [];
  s.on('read', (r) => reads.push(r));
  s.on('disconnect', (e) => disconnects.push(e));
  return { reads, disconnects };
}

t.test('it presents itself as the in-process simulated scanner', async (t) => {
  const s = new InProcessScanner('sim-1', 'CR');
  t.equal(s.kind, 'memory');
  t.same(s.identity, { path: 'memory:sim-1', manufacturer: 'tiepnhan', product: 'simulated scanner (in-process)' });
  t.equal(s.isOpen, false);
  await t.rejects(s.scan(AN), { message: 'the simulated scanner is not open' }, 'nothing is read before the daemon opens it');
});

t.test('a card scanned is one read of its bytes, without the suffix', async (t) => {
  for (const term of ['CR', 'CRLF', 'ETX'] as const) {
    const s = new InProcessScanner('sim-1', term);
    const { reads } = watch(s);
    await s.open();
    const at = await s.scan(AN);
    t.equal(typeof at, 'number', 'resolves with the send time');
    t.equal(reads.length, 1, term);
    t.equal(reads[0]!.bytes.toString('utf8'), AN);
    t.equal(reads[0]!.end, 'terminator');
  }
});

t.test('a CP1252 scanner sends ? for Vietnamese-only letters', async (t) => {
  const s = new InProcessScanner('sim-1', 'CR');
  const { reads } = watch(s);
  await s.open();
  await s.scan('001089012345|013456789|Nguyễn Văn An', 'cp1252');
  t.equal(reads[0]!.bytes.toString('latin1'), '001089012345|013456789|Nguy?n V?n An');
});

t.test('with no suffix, 100 ms of silence ends the read', async (t) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] });
  t.teardown(() => clock.uninstall());
  const s = new InProcessScanner('sim-1', 'none');
  const { reads } = watch(s);
  await s.open();
  await s.scan(AN);
  clock.tick(99);
  t.equal(reads.length, 0);
  clock.tick(2);
  t.equal(reads.length, 1);
  t.equal(reads[0]!.end, 'idle');
  t.equal(reads[0]!.bytes.toString('utf8'), AN);
});

t.test('unplugged: one disconnect, the partial read gone, no reopening until replugged', async (t) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] });
  t.teardown(() => clock.uninstall());
  const s = new InProcessScanner('sim-2', 'none');
  const { reads, disconnects } = watch(s);
  await s.open();
  await s.scan('0010890');
  s.unplug();
  clock.tick(1000);
  t.same(reads, [], 'the bytes before the unplug never become a read');
  t.equal(disconnects.length, 1);
  t.match(disconnects[0], { name: 'TransportError', code: 'SCANNER_DISCONNECTED', message: 'memory:sim-2: unplugged' });
  t.equal(s.isOpen, false);
  s.unplug();
  t.equal(disconnects.length, 1, 'unplugging an unplugged scanner says nothing more');
  await t.rejects(s.open(), { name: 'TransportError', code: 'SCANNER_OPEN_FAILED', message: 'memory:sim-2: unplugged' });
  s.replug();
  await s.open();
  await s.scan(AN);
  clock.tick(101);
  t.same(
    reads.map((r) => r.bytes.toString('utf8')),
    [AN],
  );
});

t.test('close() is not a disconnect, and drops a partial read', async (t) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] });
  t.teardown(() => clock.uninstall());
  const s = new InProcessScanner('sim-1', 'none');
  const { reads, disconnects } = watch(s);
  await s.open();
  await s.scan('0010890'); // no suffix: still waiting for silence
  await s.close();
  clock.tick(1000);
  t.equal(s.isOpen, false);
  t.same(reads, [], 'the partial read is dropped');
  t.same(disconnects, []);
  s.unplug();
  t.same(disconnects, [], 'unplugging a closed scanner is not reported');
  s.replug();
  await s.open();
  await s.scan('079305001234');
  clock.tick(101);
  t.same(
    reads.map((r) => r.bytes.toString()),
    ['079305001234'],
  );
});
