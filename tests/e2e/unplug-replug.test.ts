// A USB-CDC scanner unplugged and plugged back, over real pseudo-terminals: the PTY disappears when
// socat is killed, exactly what the serial driver sees when the cable is pulled.
import { readdirSync } from 'node:fs';
import t from 'tap';
import type { DeviceView, ScanMessage } from '../../daemon/src/api/contract.ts';
import { SerialTransport } from '../../drivers/src/serial/serial-transport.ts';
import type { ScanRead } from '../../drivers/src/transport.ts';
import { PtyPair } from '../../simulators/src/pty/pty-pair.ts';
import { PtySerialScanner } from '../../simulators/src/scanner/pty-serial-scanner.ts';
import { next, startTestDaemon } from '../helpers/daemon.ts';
import { ptyRequirement } from '../helpers/socat.ts';
import { until } from '../helpers/wait.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Hà Nội|20042021';

t.test('unplug -> offline; replug -> reading again, counters intact', ptyRequirement(), async (t) => {
  const d = await startTestDaemon(t, { pty: true });
  const sim = d.wiring.simScanners[0]!;
  const socket = await d.connect();
  const device = async (): Promise<DeviceView> => ((await (await fetch(`${d.url}/api/devices`)).json()) as DeviceView[])[0]!;
  let got = next<ScanMessage>(socket, 'scan');
  await sim.scan(AN);
  await got;

  await sim.pty!.unplug();
  await until(async () => (await device()).power === 'offline', 10_000);
  t.match(await device(), { state: 'error', health: { level: 'error' } });

  await sim.pty!.plug();
  // How fast it comes back is measured by the latency bench; here: that it does, by itself.
  await until(async () => (await device()).power === 'online', 10_000);
  t.pass('online again after replug, without a restart');
  got = next<ScanMessage>(socket, 'scan');
  await sim.scan(AN);
  t.match(await got, { ok: true });
  t.match(await device(), { counters: { scans: 2, successes: 2 }, statistics: { reconnects: 1 } });
});

t.test('a scanner unplugged before its first byte still goes offline', ptyRequirement(), async (t) => {
  const d = await startTestDaemon(t, { pty: true });
  const sim = d.wiring.simScanners[0]!;
  await sim.pty!.unplug();
  const device = async (): Promise<DeviceView> => ((await (await fetch(`${d.url}/api/devices`)).json()) as DeviceView[])[0]!;
  await until(async () => (await device()).power === 'offline', 10_000);
  t.pass('offline');
  await sim.pty!.plug();
  await until(async () => (await device()).power === 'online', 10_000);
  t.pass('online again');
});

t.test('a disconnect in the middle of a read drops only that partial read', ptyRequirement(), async (t) => {
  const pair = await PtyPair.create();
  const scanner = new PtySerialScanner(pair, { baudRate: 115200, terminator: 'CR', chunkBytes: 8 });
  const transport = new SerialTransport({ path: pair.hostPath, baudRate: 115200, terminator: 'CR', idleMs: 0, maxBytes: 4096 });
  t.teardown(async () => {
    await transport.close();
    await scanner.close();
  });
  const reads: ScanRead[] = [];
  const disconnects: string[] = [];
  transport.on('read', (r) => reads.push(r));
  transport.on('disconnect', (e) => disconnects.push(e.code));
  await transport.open();
  await scanner.sendRaw(Buffer.from(AN.slice(0, 20)));
  await new Promise((r) => setTimeout(r, 50));
  await scanner.unplug();
  await until(async () => disconnects.length > 0, 2000);
  t.same(disconnects, ['SCANNER_DISCONNECTED']);
  t.equal(reads.length, 0, 'the half read is not passed on as a scan');
  await scanner.plug();
  await transport.open();
  await scanner.scan(AN);
  await until(async () => reads.length > 0, 2000);
  t.equal(reads[0]!.bytes.toString('utf8'), AN);
});

t.test('100 unplug/replug cycles leak no file descriptors', ptyRequirement(), async (t) => {
  const fds = (): number => readdirSync('/proc/self/fd').length;
  const pair = await PtyPair.create();
  const scanner = new PtySerialScanner(pair, { baudRate: 115200, terminator: 'CR', chunkBytes: 64 });
  const transport = new SerialTransport({ path: pair.hostPath, baudRate: 115200, terminator: 'CR', idleMs: 0, maxBytes: 4096 });
  let reads = 0;
  let disconnects = 0;
  transport.on('read', () => reads++);
  transport.on('disconnect', () => disconnects++);
  t.teardown(async () => {
    await transport.close();
    await scanner.close();
  });
  // One warm-up cycle so lazily opened descriptors (libuv, child-process pipes) are counted in both.
  await transport.open();
  await scanner.unplug();
  await until(async () => disconnects === 1, 2000);
  await scanner.plug();
  const before = fds();
  for (let i = 0; i < 100; i++) {
    await transport.open();
    await scanner.scan('ping');
    await until(async () => reads === i + 1, 2000);
    await scanner.unplug();
    await until(async () => disconnects === i + 2, 2000);
    await scanner.plug();
  }
  const after = fds();
  t.equal(reads, 100, 'every cycle read its scan');
  t.ok(after - before <= 2, `descriptors before ${before}, after ${after}`);
});
