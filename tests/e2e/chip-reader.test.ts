// The issue's outside check of the chip reader, end to end: `tiepnhan start --chip-reader URL
// --no-simulators --config FILE` as a process, against an HN212 service written here from the
// documented protocol (docs/research/chip-readers.md §1 A: Socket.IO, an event named `/event`, `id`
// 1 → 2 → 4, 3 a failure), not the project's simulator. Its cards are signed by a test CSCA →
// Document Signer chain whose CSCA the config installs as chip.cscaFile.

import t from 'tap';
import { createServer, type Server as HttpServer } from 'node:http';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server as IoServer } from 'socket.io';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { DeviceView, ScanMessage } from '../../daemon/src/api/contract.ts';
import { makeChipCard, type ChipIdentity } from '../../simulators/src/chip/chip-card.ts';
import { makeCsca, makeDocumentSigner } from '../../simulators/src/chip/test-pki.ts';
import { freePort, startCli } from '../helpers/cli.ts';
import { until } from '../helpers/wait.ts';

const PERSON: ChipIdentity = {
  id: '079203004567',
  name: 'Trần Thị Bích Ngọc',
  dob: '2003-08-21',
  sex: 'Nữ',
  residence: 'Tổ 5, Phường Tân Định, Quận 1, Thành phố Hồ Chí Minh',
  issueDate: '2022-01-10',
  expiryDate: '2028-08-21',
};

/** An HN212 service: `/event` on the default namespace, the card's files in base64 under `id` 4. */
class Hn212Service {
  http: HttpServer | null = null;
  io: IoServer | null = null;
  constructor(readonly port: number) {}
  async start(): Promise<void> {
    this.http = createServer();
    this.io = new IoServer(this.http);
    await new Promise<void>((r) => this.http!.listen(this.port, '127.0.0.1', r));
  }
  async stop(): Promise<void> {
    this.io?.disconnectSockets(true);
    await new Promise<void>((r) => this.io!.close(() => r()));
    this.http = null;
    this.io = null;
  }
  get clients(): number {
    return this.io?.of('/').sockets.size ?? 0;
  }
  send(...events: object[]): void {
    for (const e of events) this.io!.emit('/event', e);
  }
  card(card: ReturnType<typeof makeChipCard>): void {
    const raw = card.raw!;
    const b64 = (b: Buffer | undefined): string => (b ? b.toString('base64') : '');
    this.send(
      { id: 1, message: 'new card!' },
      { id: 2, message: 'read info ok', data: card.fields },
      { id: 4, message: 'read raw ok', data: { img_data: b64(raw.image), dg2: b64(raw.dg2), dg13: b64(raw.dg13), dg14: '', dg15: '', sod: b64(raw.sod) } },
    );
  }
}

t.test('a chip reader service speaking HN212, from outside', async (t) => {
  const csca = makeCsca({ keyType: 'brainpoolP384r1', name: 'Test CSCA' });
  const signer = makeDocumentSigner(csca, { keyType: 'brainpoolP384r1', name: 'Test DS' });
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-chip-'));
  await writeFile(join(dir, 'csca.pem'), csca.pem);
  await writeFile(
    join(dir, 'config.json'),
    JSON.stringify({ chip: { cscaFile: join(dir, 'csca.pem') }, repeats: { windowMs: 0 }, discovery: { serial: false, hid: false } }),
  );
  const service = new Hn212Service(await freePort());
  await service.start();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const daemon = await startCli(
    [
      'start',
      '--port',
      String(port),
      '--data-dir',
      join(dir, 'data'),
      '--chip-reader',
      `http://127.0.0.1:${service.port}`,
      '--no-simulators',
      '--config',
      join(dir, 'config.json'),
    ],
    `${base}/api/health`,
  );
  t.teardown(async () => {
    await daemon.stop();
    if (service.io) await service.stop();
  });
  const chip = async (): Promise<DeviceView> => ((await (await fetch(`${base}/api/devices`)).json()) as DeviceView[]).find((d) => d.id === 'chip-1')!;
  await until(async () => (await chip()).power === 'online', 20_000);

  const reception: Socket = ioClient(base, { auth: { view: 'reception', desk: 'desk-1' }, transports: ['websocket'] });
  const tech: Socket = ioClient(base, { auth: { view: 'tech' }, transports: ['websocket'] });
  t.teardown(() => void (reception.close(), tech.close()));
  const scans: ScanMessage[] = [];
  const techMessages: string[] = [];
  reception.on('scan', (m: ScanMessage) => scans.push(m));
  tech.onAny((event: string, ...args: unknown[]) => techMessages.push(`${event} ${JSON.stringify(args)}`));
  await until(() => reception.connected && tech.connected, 10_000);

  service.card(makeChipCard(PERSON, signer));
  await until(() => scans.length === 1, 10_000);
  const read = scans[0]!;
  t.equal(read.source, 'chip');
  t.equal(read.deviceId, 'chip-1');
  t.same(read.identity, {
    kind: 'chip',
    id: PERSON.id,
    cardCode: null,
    oldId: null,
    name: PERSON.name,
    dob: PERSON.dob,
    sex: 'F',
    address: PERSON.residence,
    issueDate: PERSON.issueDate,
  });
  t.equal(read.chip?.verification, 'issuer', 'the signer chains to the installed CSCA');
  t.match(read.chip?.text.vi, /Ký bởi cơ quan cấp/);
  t.equal(read.chip?.portrait, true);
  const portrait = await fetch(`${base}/api/chip/${read.eventId}/portrait`);
  t.equal(portrait.status, 200);
  t.equal(portrait.headers.get('content-type'), 'image/jpeg');
  t.equal(portrait.headers.get('cache-control'), 'no-store');
  const portraitB64 = Buffer.from(await portrait.arrayBuffer()).toString('base64');
  t.match((await chip()).counters, { scans: 1, successes: 1, errors: 0 }, 'one read of the chip device, a success');

  const altered = makeChipCard(PERSON, signer, { fault: 'alteredDg13' });
  service.card(altered);
  await until(() => scans.length === 2, 10_000);
  t.equal(scans[1]!.chip?.verification, 'failed', 'one byte of DG13 changed');
  t.equal(scans[1]!.chip?.failedCheck, 'dgHash');
  t.match(scans[1]!.chip?.text.vi, /CẢNH BÁO/);

  service.send({ id: 1, message: 'new card!' }, { id: 3, message: 'Read card failed' });
  await until(async () => (await chip()).counters.errors === 1, 10_000);
  t.equal(scans[2]?.ok, false);
  t.equal(scans[2]?.error?.code, 'chipFailed', 'an id 3 counts an error');
  t.match((await chip()).counters, { scans: 3, errors: 1 });

  await service.stop();
  await until(async () => (await chip()).power === 'offline', 20_000);
  t.equal((await chip()).health.code, 'CHIP_SERVICE_UNREACHABLE', 'the service stopped: the reader is offline');
  await service.start();
  await until(async () => (await chip()).power === 'online', 30_000);
  t.equal((await chip()).statistics.reconnects, 1, 'back without restarting tiepnhan');
  service.card(makeChipCard(PERSON, signer));
  await until(() => scans.length === 4, 10_000);
  t.equal(scans[3]!.chip?.verification, 'issuer');

  const log = daemon.output();
  t.notOk(log.includes(PERSON.name), 'no log line holds the name');
  t.notOk(log.includes(PERSON.id), 'nor the ID');
  t.notOk(log.includes(portraitB64.slice(0, 40)), 'nor the portrait');
  const techText = techMessages.join('\n');
  t.ok(techMessages.length > 0, 'the technician page heard the devices');
  t.notOk(
    techText.includes(PERSON.name) || techText.includes(PERSON.id) || techText.includes(portraitB64.slice(0, 40)),
    'no technician message carries the name, ID or portrait',
  );
});
