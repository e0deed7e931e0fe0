// What leaves the desk of a chip read: a real (not simulated, as the daemon sees it) chip reader
// service, the daemon in-process with a hub. The read reaches the district hub as one count among
// the scans (chipReads), and nothing of the person (name, ID, portrait) reaches the hub push, the log
// or the technician's socket.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import type { ScanMessage } from '../../daemon/src/api/contract.ts';
import type { HubPush } from '../../daemon/src/api/hub-push.ts';
import { DEMO_CHIP_PERSON, SimulatedChipReader } from '../../simulators/src/chip/chip-sim.ts';
import { startTestDaemon } from '../helpers/daemon.ts';
import { until } from '../helpers/wait.ts';

async function fakeHub(t: Test): Promise<{ url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

t.test('a chip read leaves the desk as a count only', async (t) => {
  const reader = new SimulatedChipReader();
  const url = await reader.start();
  t.teardown(() => reader.stop());
  const hub = await fakeHub(t);
  const d = await startTestDaemon(t, {
    config: { chipReaders: [{ id: 'chip-1', url }], hub: { url: hub.url, siteId: 'tay-ho', token: 'site-token-for-the-test' } },
  });
  const desk = await d.connect(undefined, { view: 'reception', desk: 'desk-1' });
  const tech = await d.connect(undefined, { view: 'tech' });
  const techHeard: string[] = [];
  tech.onAny((event: string, ...args: unknown[]) => techHeard.push(`${event} ${JSON.stringify(args)}`));
  const scans: ScanMessage[] = [];
  desk.on('scan', (m: ScanMessage) => scans.push(m));
  await until(() => reader.service.clients === 1, 10_000);

  await reader.present();
  await until(() => scans.length === 1, 10_000);
  t.equal(scans[0]!.identity?.name, DEMO_CHIP_PERSON.name, 'the desk has the person');
  const portrait = Buffer.from(await (await fetch(`${d.url}/api/chip/${scans[0]!.eventId}/portrait`)).arrayBuffer()).toString('base64');
  t.ok(portrait.length > 100, 'and the portrait');

  await until(() => techHeard.some((l) => l.startsWith('devices') && l.includes('"scans":1')), 10_000);
  t.match(await d.daemon.hubPusher!.pushOnce(), { ok: true });
  const pushed = hub.bodies.join('\n');
  const body = JSON.parse(hub.bodies[0]!) as HubPush;
  t.match(
    body.counters.find((r) => r.deviceId === 'chip-1'),
    { scans: 1, chipReads: 1 },
    'the hub gets the chip read as a scan, and apart as chipReads',
  );
  const secrets = [DEMO_CHIP_PERSON.name, DEMO_CHIP_PERSON.id, DEMO_CHIP_PERSON.oldId!, portrait.slice(0, 40)];
  for (const s of secrets) {
    t.notOk(pushed.includes(s), 'nothing of the person in the hub push');
    t.notOk(
      d.logs.some((l) => l.includes(s)),
      'nor in the log',
    );
    t.notOk(
      techHeard.some((l) => l.includes(s)),
      'nor on the technician’s socket',
    );
  }
  t.ok(
    techHeard.some((l) => l.startsWith('devices') && l.includes('chip-1')),
    'the technician sees the reader and its count',
  );
});
