import FakeTimers from '@sinonjs/fake-timers';
import t from 'tap';
import { FrameSplitter, type Terminator } from '../../../../drivers/src/serial/frame-splitter.ts';
import type { ScanRead } from '../../../../drivers/src/transport.ts';

const PAYLOAD = Buffer.from('001089012345|013456789|Nguyễn Văn An|15031989|Nam|Hà Nội|20042021', 'utf8');

function collect(terminator: Terminator, idleMs = 0, maxBytes = 4096): { s: FrameSplitter; out: ScanRead[] } {
  const out: ScanRead[] = [];
  return { s: new FrameSplitter({ terminator, idleMs, maxBytes, onFrame: (r) => out.push(r) }), out };
}

t.test('a payload split at every byte boundary arrives whole', async (t) => {
  const framed = Buffer.concat([PAYLOAD, Buffer.from('\r\n')]);
  for (let cut = 1; cut < framed.length; cut++) {
    const { s, out } = collect('any');
    s.push(framed.subarray(0, cut));
    s.push(framed.subarray(cut));
    if (out.length !== 1 || !out[0]!.bytes.equals(PAYLOAD)) t.fail(`split at ${cut} gave ${out.length} reads`);
  }
  t.pass('all split points');
});

t.test('each terminator closes a read; CRLF is one terminator', async (t) => {
  const cases: Array<[Terminator, string]> = [
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['TAB', '\t'],
    ['ETX', '\x03'],
    ['any', '\r\n'],
  ];
  for (const [term, suffix] of cases) {
    const { s, out } = collect(term);
    s.push(Buffer.concat([PAYLOAD, Buffer.from(suffix), PAYLOAD, Buffer.from(suffix)]));
    t.equal(out.length, 2, term);
    t.ok(
      out.every((r) => r.bytes.equals(PAYLOAD) && r.end === 'terminator'),
      `${term}: both reads intact`,
    );
  }
});

t.test('no terminator: silence closes the read', async (t) => {
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] });
  t.teardown(() => clock.uninstall());
  const { s, out } = collect('none', 30);
  s.push(PAYLOAD.subarray(0, 20));
  clock.tick(25);
  s.push(PAYLOAD.subarray(20));
  clock.tick(29);
  t.equal(out.length, 0, 'nothing before 30 ms of silence after the last byte (a byte at 25 ms re-armed the wait)');
  clock.tick(1);
  clock.runToLast(); // the overdue check's one I/O phase (setImmediate)
  t.equal(out.length, 1, 'closed by 30 ms of silence');
  t.ok(out[0]!.bytes.equals(PAYLOAD));
  t.equal(out[0]!.end, 'idle');
});

t.test('a runaway read is capped once, and the next read is clean', async (t) => {
  const { s, out } = collect('CR', 0, 64);
  s.push(Buffer.alloc(200, 0x41));
  s.push(Buffer.from('\r'));
  s.push(Buffer.concat([PAYLOAD.subarray(0, 50), Buffer.from('\r')]));
  t.equal(out.length, 2);
  t.equal(out[0]!.end, 'overflow');
  t.equal(out[0]!.bytes.length, 64);
  t.ok(out[1]!.bytes.equals(PAYLOAD.subarray(0, 50)));
});

t.test('reset drops a partial read', async (t) => {
  const { s, out } = collect('CR');
  s.push(PAYLOAD.subarray(0, 10));
  t.equal(s.reset(), 10);
  s.push(Buffer.from('abc\r'));
  t.equal(out.length, 1);
  t.equal(out[0]!.bytes.toString(), 'abc');
});

t.test('bad options are refused with a clear message', async (t) => {
  t.throws(() => new FrameSplitter({ terminator: 'none', idleMs: 0, maxBytes: 10, onFrame: () => {} }), /needs "idleMs"/);
  t.throws(() => new FrameSplitter({ terminator: 'XX' as Terminator, idleMs: 0, maxBytes: 10, onFrame: () => {} }), /unknown terminator/);
});
