// One real scan end to end: simulated scanner -> real PTY -> serialport driver -> parser -> SQLite
// -> socket.io client, then eligibility from the simulated gateway over HTTP on loopback.
import t from 'tap';
import type { DeviceView, EligibilityMessage, ScanMessage } from '../../daemon/src/api/contract.ts';
import { Db } from '../../daemon/src/storage/db.ts';
import { ptyRequirement } from '../helpers/socat.ts';
import { next, startTestDaemon } from '../helpers/daemon.ts';
import { until } from '../helpers/wait.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

t.test('a scan over a real PTY reaches the kiosk, is stored, counted and checked', ptyRequirement(), async (t) => {
  const d = await startTestDaemon(t, { pty: true });
  const sim = d.wiring.simScanners[0]!;
  t.ok(sim.pty, 'sim-1 runs on a pseudo-terminal');
  t.match(sim.transport.identity.path, /host$/, 'the daemon opened the host end of the PTY with serialport');
  const socket = await d.connect();

  const scanP = next<ScanMessage>(socket, 'scan');
  const eligP = next<EligibilityMessage>(socket, 'eligibility');
  await sim.scan(AN);
  const scan = await scanP;
  t.match(scan, {
    ok: true,
    deviceId: 'sim-1',
    source: 'scan',
    eligibility: 'pending',
    identity: { name: 'Nguyễn Văn An', id: '001089012345', dob: '1989-03-15', sex: 'M' },
  });
  const elig = await eligP;
  t.match(elig, { eventId: scan.eventId, outcome: 'eligible', code: '000', simulated: true });

  const devices = (await (await fetch(`${d.url}/api/devices`)).json()) as DeviceView[];
  t.match(
    devices.find((x) => x.id === 'sim-1'),
    { simulated: true, power: 'online', counters: { scans: 1, searches: 0, successes: 1, errors: 0 } },
  );

  // The event was committed to the SQLite file (WAL) before it was announced.
  const db = await Db.open(d.daemon.dbFile);
  t.teardown(() => db.close());
  const mode = await db.get<{ journal_mode: string }>('PRAGMA journal_mode');
  t.equal(mode?.journal_mode, 'wal');
  const row = await db.get<{ outcome: string; eligibility_status: string }>('SELECT outcome, eligibility_status FROM scan_events WHERE id = ?', [scan.eventId]);
  t.match(row, { outcome: 'success', eligibility_status: 'eligible' });
});

t.test('a garbled read is a counted error with its raw bytes kept, and the daemon carries on', ptyRequirement(), async (t) => {
  const d = await startTestDaemon(t, { pty: true });
  const sim = d.wiring.simScanners[0]!;
  const socket = await d.connect();
  const bad = next<ScanMessage>(socket, 'scan');
  await sim.pty!.sendRaw(Buffer.from([0x30, 0x7c, 0xff, 0xfe, 0x41, 0x0d]));
  t.match(await bad, { ok: false, error: { code: 'encoding' }, eligibility: 'none' });
  const good = next<ScanMessage>(socket, 'scan');
  await sim.scan(AN);
  t.match(await good, { ok: true });
  const devices = (await (await fetch(`${d.url}/api/devices`)).json()) as DeviceView[];
  t.match(devices[0], { counters: { scans: 2, successes: 1, errors: 1 }, statistics: { garbledReads: 1, goodReads: 1 } });
  const db = await Db.open(d.daemon.dbFile);
  t.teardown(() => db.close());
  const row = await db.get<{ raw_hex: string; identity_json: string | null }>("SELECT raw_hex, identity_json FROM scan_events WHERE outcome = 'error'");
  t.equal(row?.raw_hex, '307cfffe41', 'raw bytes kept for the technician');
  t.equal(row?.identity_json, null);
});

t.test('one access per card read: a double read 300 ms apart counts once, a rescan after the window again', ptyRequirement(), async (t) => {
  // `repeats: {}`: the shipped default window (2 s), which the test helper otherwise turns off.
  const d = await startTestDaemon(t, { pty: true, config: { repeats: {} } });
  const sim = d.wiring.simScanners[0]!;
  const socket = await d.connect();
  const device = async (): Promise<DeviceView> => ((await (await fetch(`${d.url}/api/devices`)).json()) as DeviceView[]).find((x) => x.id === 'sim-1')!;
  const shown: ScanMessage[] = [];
  socket.on('scan', (m: ScanMessage) => void shown.push(m));

  const first = next<ScanMessage>(socket, 'scan');
  await sim.scan(AN);
  await first;
  await new Promise((r) => setTimeout(r, 300));
  await sim.scan(AN);
  await until(async () => (await device()).statistics.repeats === 1, 5_000);
  t.match(
    await device(),
    { counters: { scans: 1, successes: 1 }, statistics: { repeats: 1, goodReads: 1 } },
    'counted once; the repeat shown to the technician',
  );
  t.equal(shown.length, 1, 'shown once at the desk');

  await new Promise((r) => setTimeout(r, 2_100));
  const again = next<ScanMessage>(socket, 'scan');
  await sim.scan(AN);
  await again;
  t.match(await device(), { counters: { scans: 2 }, statistics: { repeats: 1 } }, 'a rescan after the window is a new access');
  t.equal(shown.length, 2);
});

t.test('counters survive a restart', ptyRequirement(), async (t) => {
  const first = await startTestDaemon(t, { pty: true });
  const socket = await first.connect();
  const got = next<EligibilityMessage>(socket, 'eligibility');
  await first.wiring.simScanners[0]!.scan(AN);
  await got;
  await first.stop();
  const second = await startTestDaemon(t, { dataDir: first.dataDir });
  const devices = (await (await fetch(`${second.url}/api/devices`)).json()) as DeviceView[];
  t.match(devices[0], { id: 'sim-1', counters: { scans: 1, successes: 1 } });
});

t.test('logs never carry a full ID number, name or address', ptyRequirement(), async (t) => {
  const d = await startTestDaemon(t, { pty: true });
  const socket = await d.connect();
  const got = next<EligibilityMessage>(socket, 'eligibility');
  await d.wiring.simScanners[0]!.scan(AN);
  await got;
  const text = d.logs.join('\n');
  t.ok(text.includes('0010******45'), 'the masked ID is logged');
  t.ok(text.includes('N*** V** A*'), 'the masked name is logged');
  for (const secret of ['001089012345', '013456789', 'Nguyễn Văn An', 'Hoàng Hoa Thám']) t.notOk(text.includes(secret), `no "${secret.slice(0, 3)}…" in logs`);
});
