// Serial / USB-CDC scanners: a card's bytes become one read however the wire chunks them, a
// scanner that cannot be opened or goes away is reported with a code (the technician's page shows
// it offline, the daemon reopens it), a normal close is not a disconnect, and a partial read never
// survives an unplug into the next patient's read.
// Two ways in, as on reception PCs: serialport's own binding seam (@serialport/binding-mock, a
// Windows-style COM name, read through serialport), and a kernel pseudo-terminal opened by path
// like /dev/ttyACM0 (read through the tty reader; simulators/src/pty/kernel-pty.ts, needs python3).

import { readdirSync, readlinkSync, symlinkSync, unlinkSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import FakeTimers from '@sinonjs/fake-timers';
import { createRequire } from 'node:module';
import t from 'tap';
import type { TransportError } from '../../../../drivers/src/errors.ts';
import { SerialTransport, type SerialTransportOptions } from '../../../../drivers/src/serial/serial-transport.ts';
import type { ScanRead } from '../../../../drivers/src/transport.ts';
import { KernelPty, kernelPtyAvailable } from '../../../../simulators/src/pty/kernel-pty.ts';
import { requirement } from '../../../helpers/requirement.ts';
import { until } from '../../../helpers/wait.ts';
// The package's ESM entry has no declaration file TypeScript can reach through its exports map:
// the types come from the CommonJS build's declarations, the module from require().
import type * as BindingMock from '../../../../node_modules/@serialport/binding-mock/dist/index.js';

const { MockBinding } = createRequire(import.meta.url)('@serialport/binding-mock') as typeof BindingMock;
type MockPortBinding = BindingMock.MockPortBinding;

const CARD = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const COM = 'COM7';

function watch(transport: SerialTransport): { reads: ScanRead[]; disconnects: TransportError[] } {
  const reads: ScanRead[] = [];
  const disconnects: TransportError[] = [];
  transport.on('read', (r) => reads.push(r));
  transport.on('disconnect', (e) => disconnects.push(e));
  return { reads, disconnects };
}

/** serialport's mock binding, with a cable to pull: the read in flight fails as a vanished device's does. */
function mockCom(t: { teardown(fn: () => unknown): void }) {
  MockBinding.createPort(COM, { echo: false, record: false });
  t.teardown(() => MockBinding.reset());
  const ports: MockPortBinding[] = [];
  let pull: (err: Error) => void = () => {};
  const binding: NonNullable<SerialTransportOptions['binding']> = {
    list: () => MockBinding.list(),
    async open(options) {
      const port = await MockBinding.open(options);
      const gone = new Promise<never>((_, reject) => (pull = reject));
      gone.catch(() => undefined);
      const read = port.read.bind(port);
      port.read = (buffer, offset, length) => Promise.race([read(buffer, offset, length), gone]);
      ports.push(port);
      return port;
    },
  };
  return {
    binding,
    port: () => ports.at(-1)!,
    opens: () => ports.length,
    unplug: () => pull(new Error('Input/output error')),
  };
}

t.test('a port that does not exist is refused with SCANNER_OPEN_FAILED naming it', async (t) => {
  const { binding } = mockCom(t);
  const transport = new SerialTransport({ path: 'COM9', baudRate: 9600, terminator: 'CR', idleMs: 0, maxBytes: 4096, binding });
  await t.rejects(transport.open(), { name: 'TransportError', code: 'SCANNER_OPEN_FAILED', message: /^cannot open COM9: / });
  t.equal(transport.isOpen, false);
});

t.test('a card in several chunks is one read, UTF-8 intact, with the identity discovery found', async (t) => {
  const com = mockCom(t);
  const identity = { vendorId: '1eab', productId: '1d06', serialNumber: 'FM430-0001', product: 'Newland FM430' };
  const transport = new SerialTransport({ path: COM, baudRate: 115200, terminator: 'CRLF', idleMs: 0, maxBytes: 4096, binding: com.binding, identity });
  const { reads } = watch(transport);
  t.same(transport.identity, { ...identity, path: COM });
  t.equal(transport.kind, 'serial');
  await transport.open();
  t.teardown(() => transport.close());
  t.equal(transport.isOpen, true);
  const bytes = Buffer.from(`${CARD}\r\n`, 'utf8');
  // Cut inside "ễ" (three bytes) and between CR and LF.
  const cut = bytes.indexOf(Buffer.from('ễ')) + 1;
  for (const part of [bytes.subarray(0, cut), bytes.subarray(cut, bytes.length - 1), bytes.subarray(bytes.length - 1)]) {
    com.port().emitData(part);
    await new Promise((r) => setImmediate(r));
  }
  await until(() => reads.length > 0, 2000);
  await new Promise((r) => setTimeout(r, 20));
  t.equal(reads.length, 1, 'one read, not one per chunk or per terminator byte');
  t.equal(reads[0]!.bytes.toString('utf8'), CARD);
  t.equal(reads[0]!.end, 'terminator');
  await transport.open();
  t.equal(com.opens(), 1, 'opening an open transport does not open the port again');
});

t.test('close() is not a disconnect, and drops a partial read', async (t) => {
  const com = mockCom(t);
  const transport = new SerialTransport({ path: COM, baudRate: 9600, terminator: 'CR', idleMs: 0, maxBytes: 4096, binding: com.binding });
  const { reads, disconnects } = watch(transport);
  await transport.open();
  com.port().emitData('001089');
  await until(() => com.port().port.data.length === 0, 2000); // taken in by the driver
  await transport.close();
  t.equal(transport.isOpen, false);
  await transport.open();
  t.teardown(() => transport.close());
  com.port().emitData('079305001234\r');
  await until(() => reads.length > 0, 2000);
  t.same(
    reads.map((r) => r.bytes.toString()),
    ['079305001234'],
    'the next read carries nothing from before the close',
  );
  t.same(disconnects, []);
});

t.test('a scanner that goes away mid-read: one disconnect, the partial read dropped, and it reopens', async (t) => {
  const com = mockCom(t);
  const transport = new SerialTransport({ path: COM, baudRate: 9600, terminator: 'CR', idleMs: 0, maxBytes: 4096, binding: com.binding });
  const { reads, disconnects } = watch(transport);
  await transport.open();
  com.port().emitData('0010890');
  await until(() => com.port().port.data.length === 0, 2000);
  com.unplug();
  await until(() => disconnects.length > 0, 2000);
  await new Promise((r) => setTimeout(r, 20));
  t.equal(disconnects.length, 1, 'said once');
  t.match(disconnects[0], { name: 'TransportError', code: 'SCANNER_DISCONNECTED', message: `${COM}: Input/output error (7 bytes of a partial read dropped)` });
  t.equal(transport.isOpen, false, 'shown offline');
  await transport.open();
  t.teardown(() => transport.close());
  com.port().emitData(`${CARD}\r`);
  await until(() => reads.length > 0, 2000);
  t.same(
    reads.map((r) => r.bytes.toString('utf8')),
    [CARD],
    'the reopened port reads the next card whole, without the dropped bytes',
  );
});

const ptyReq = requirement(
  kernelPtyAvailable(),
  'a kernel PTY needs Linux and python3 under CI=true',
  'python3 or /dev/ptmx is missing, so the serial tests on a pseudo-terminal did not run',
);

t.test('on a pseudo-terminal opened by path, as /dev/ttyACM0 is', ptyReq, async (t) => {
  const pty = await KernelPty.create();
  t.teardown(async () => {
    await pty.close();
    await rm(dirname(pty.hostPath), { recursive: true, force: true });
  });
  const open = (extra: Partial<SerialTransportOptions> = {}): SerialTransport =>
    new SerialTransport({ path: pty.hostPath, baudRate: 115200, terminator: 'CR', idleMs: 0, maxBytes: 4096, ...extra });

  t.test('a card written in pieces arrives as one read', async (t) => {
    const transport = open();
    const { reads } = watch(transport);
    await transport.open();
    t.teardown(() => transport.close());
    const bytes = Buffer.from(`${CARD}\r`, 'utf8');
    writeSync(pty.deviceFd(), bytes.subarray(0, 40));
    writeSync(pty.deviceFd(), bytes.subarray(40));
    await until(() => reads.length > 0, 2000);
    t.equal(reads[0]!.bytes.toString('utf8'), CARD);
  });

  t.test('opening and closing again and again leaks no file descriptor', { skip: process.platform !== 'linux' && 'needs /proc/self/fd' }, async (t) => {
    const transport = open();
    const count = (): number => readdirSync('/proc/self/fd').length;
    await transport.open();
    await transport.close();
    const before = count();
    for (let i = 0; i < 5; i++) {
      await transport.open();
      await transport.close();
    }
    t.equal(count(), before, 'five open/close cycles');
  });

  // The device node is removed without closing the PTY, so nothing but the presence check can notice.
  const removeNode = (t: { teardown(fn: () => unknown): void }): void => {
    const target = readlinkSync(pty.hostPath);
    unlinkSync(pty.hostPath);
    t.teardown(() => symlinkSync(target, pty.hostPath));
  };

  t.test('a node that disappears before any byte is noticed by the presence check', async (t) => {
    const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setInterval', 'clearInterval'] });
    t.teardown(() => clock.uninstall());
    const transport = open({ presenceCheckMs: 200 });
    const { disconnects } = watch(transport);
    await transport.open();
    t.teardown(() => transport.close());
    removeNode(t);
    clock.tick(199);
    t.equal(disconnects.length, 0, 'not before the check runs');
    clock.tick(1);
    t.equal(disconnects.length, 1);
    t.match(disconnects[0], { code: 'SCANNER_DISCONNECTED', message: `${pty.hostPath}: device node disappeared` });
    t.equal(transport.isOpen, false);
    clock.tick(10_000);
    t.equal(disconnects.length, 1, 'said once');
  });

  t.test('presenceCheckMs 0 turns the presence check off', async (t) => {
    const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setInterval', 'clearInterval'] });
    t.teardown(() => clock.uninstall());
    const transport = open({ presenceCheckMs: 0 });
    const { disconnects } = watch(transport);
    await transport.open();
    t.teardown(() => transport.close());
    removeNode(t);
    clock.tick(10_000);
    t.equal(disconnects.length, 0);
    t.equal(transport.isOpen, true);
  });

  // Last: the PTY stays unplugged (replugging and reopening are covered through the mock binding above).
  t.test('an unplug mid-read is one disconnect, with the bytes of the partial read dropped', async (t) => {
    const transport = open();
    const { reads, disconnects } = watch(transport);
    await transport.open();
    t.teardown(() => transport.close());
    writeSync(pty.deviceFd(), Buffer.from(`${CARD}\r0010890`, 'utf8'));
    await until(() => reads.length === 1, 2000); // the card, then 7 bytes of the next one
    await new Promise((r) => setTimeout(r, 20));
    await pty.unplug();
    await until(() => disconnects.length > 0, 2000);
    await new Promise((r) => setTimeout(r, 20));
    t.equal(disconnects.length, 1);
    t.match(disconnects[0], { code: 'SCANNER_DISCONNECTED', message: new RegExp(`^${pty.hostPath}: .+ \\(7 bytes of a partial read dropped\\)$`) });
    t.equal(transport.isOpen, false, 'shown offline');
    t.same(
      reads.map((r) => r.bytes.toString('utf8')),
      [CARD],
      'the partial read is not passed on as a read',
    );
  });
});
