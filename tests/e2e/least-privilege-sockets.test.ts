// On the quick-start setup (no tokens: every page session is the local admin) a page's socket gets
// what that page shows and nothing more (issue #32 item 4): /tech no patient while cards are read,
// a reception page only its desk's patients, the kiosk its own desk without the previous patient, a
// queue display only its boards. The sockets connect as the pages do: with the page session cookie
// that loading a page gives, and the daemon's own Origin.

import { io as ioClient, type Socket } from 'socket.io-client';
import t from 'tap';
import type { ScanMessage, SocketAuth, TestReadMessage } from '../../daemon/src/api/contract.ts';
import { next, startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const HUONG = '038196007654|173456789|Lê Thị Hường|30041996|Nữ|Thôn Đông Hải, Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa|12092024||||';
/** Anything of either patient, in any message. */
const PATIENT = /Nguyễn|Hường|001089012345|038196007654|Hoàng Hoa Thám|Quảng Xương/;
const PATIENT_EVENTS = ['scan', 'eligibility', 'history', 'checkin', 'waiting', 'notStored'];
const config = {
  simulators: {
    scanners: [
      { id: 'sim-1', desk: 'desk-1' },
      { id: 'sim-2', desk: 'desk-2' },
    ],
    gateway: { latencyMs: 0 },
  },
};

interface PageSocket {
  socket: Socket;
  /** Every message received, in order: [event, payload]. */
  got: Array<[string, unknown]>;
}

/** The local page session, as loading /tech (or any page) on a PC without tokens gives it. */
async function pageSession(d: TestDaemon): Promise<string> {
  const res = await fetch(`${d.url}/tech`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  if (!cookie.startsWith('tiepnhan_session=')) throw new Error(`no page session: ${res.status}`);
  return cookie;
}

/** A socket as a page opens it: its session cookie, the daemon's own Origin, its declared view. */
async function pageSocket(t: { teardown(fn: () => unknown): void }, d: TestDaemon, cookie: string, auth: SocketAuth): Promise<PageSocket> {
  const socket = ioClient(d.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie, origin: d.url }, auth: { ...auth } });
  t.teardown(() => socket.close());
  const got: Array<[string, unknown]> = [];
  socket.onAny((event: string, m: unknown) => got.push([event, m]));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, got };
}

const events = (p: PageSocket): Set<string> => new Set(p.got.map(([e]) => e));
const scans = (p: PageSocket): ScanMessage[] => p.got.filter(([e]) => e === 'scan').map(([, m]) => m as ScanMessage);
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 300));

t.test('quick start: /tech hears no patient, each desk page only its own desk, a display only its boards', async (t) => {
  const d = await startTestDaemon(t, { config });
  const cookie = await pageSession(d);
  const tech = await pageSocket(t, d, cookie, { view: 'tech' });
  const desk1 = await pageSocket(t, d, cookie, { view: 'reception', desk: 'desk-1' });
  const desk2 = await pageSocket(t, d, cookie, { view: 'reception', desk: 'desk-2' });
  const kiosk2 = await pageSocket(t, d, cookie, { view: 'kiosk', desk: 'desk-2' });
  const display = await pageSocket(t, d, cookie, { view: 'queue', queue: ['kham-noi'] });
  const bare = await pageSocket(t, d, cookie, {});

  const atDesk1 = next<ScanMessage>(desk1.socket, 'scan');
  const answered1 = next(desk1.socket, 'eligibility');
  await d.wiring.simScanners[0]!.scan(AN);
  t.match(await atDesk1, { desk: 'desk-1', identity: { name: 'Nguyễn Văn An' } }, 'desk-1’s page gets its patient');
  await answered1;
  const atDesk2 = next<ScanMessage>(desk2.socket, 'scan');
  const atKiosk2 = next<ScanMessage>(kiosk2.socket, 'scan');
  const answered2 = next(desk2.socket, 'eligibility');
  await d.wiring.simScanners[1]!.scan(HUONG);
  t.match(await atDesk2, { desk: 'desk-2', identity: { name: 'Lê Thị Hường' } }, 'desk-2’s page gets its patient');
  await atKiosk2;
  await answered2;
  await settle();

  t.ok(events(tech).has('devices') && events(tech).has('health'), '/tech gets devices and health');
  t.same(
    PATIENT_EVENTS.filter((e) => events(tech).has(e)),
    [],
    'the /tech socket of the local admin got no patient message while two cards were read',
  );
  t.notMatch(JSON.stringify(tech.got), PATIENT, 'nothing of either patient reached /tech');
  t.same(
    scans(desk1).map((m) => m.desk),
    ['desk-1'],
    'desk-1’s page: only its own scan',
  );
  t.notMatch(JSON.stringify(desk1.got), /Hường|038196007654/, 'nothing of desk-2’s patient on desk-1’s page');
  t.same(
    scans(desk2).map((m) => m.desk),
    ['desk-2'],
    'desk-2’s page: only its own scan',
  );
  t.notMatch(JSON.stringify(desk2.got), /Nguyễn|001089012345/, 'nothing of desk-1’s patient on desk-2’s page');
  t.same(
    scans(kiosk2).map((m) => m.desk),
    ['desk-2'],
    'the kiosk: its own desk',
  );
  t.same(
    [...events(display)].filter((e) => e !== 'queue'),
    [],
    'the display: boards only (no devices, no health, no patient)',
  );
  t.same([...events(bare)].sort(), ['devices', 'health'], 'a socket that declares no view: devices and health only');
});

t.test('on connecting: a desk page gets its own desk’s latest read, never another desk’s; a kiosk and /tech none', async (t) => {
  const d = await startTestDaemon(t, { config });
  const cookie = await pageSession(d);
  const watcher = await pageSocket(t, d, cookie, { view: 'reception', desk: 'desk-2' });
  const shown = next(watcher.socket, 'eligibility');
  await d.wiring.simScanners[1]!.scan(HUONG);
  await shown;
  const [desk1, desk2, kiosk2, tech] = await Promise.all([
    pageSocket(t, d, cookie, { view: 'reception', desk: 'desk-1' }),
    pageSocket(t, d, cookie, { view: 'reception', desk: 'desk-2' }),
    pageSocket(t, d, cookie, { view: 'kiosk', desk: 'desk-2' }),
    pageSocket(t, d, cookie, { view: 'tech' }),
  ]);
  await settle();
  t.match(scans(desk2), [{ desk: 'desk-2', identity: { name: 'Lê Thị Hường' } }], 'desk-2’s page opened late still shows its patient');
  t.same(scans(desk1), [], 'desk-1’s page is not given desk-2’s patient');
  t.same(scans(kiosk2), [], 'the kiosk is not given the previous patient');
  t.notMatch(JSON.stringify(tech.got), PATIENT, 'nor is /tech');
});

t.test('/tech still gets what it shows: a test read, as its structure, and desk pages do not', async (t) => {
  const d = await startTestDaemon(t, { config });
  const cookie = await pageSession(d);
  const tech = await pageSocket(t, d, cookie, { view: 'tech' });
  const desk1 = await pageSocket(t, d, cookie, { view: 'reception', desk: 'desk-1' });
  const on = await fetch(`${d.url}/api/devices/sim-1/test-mode`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ on: true }),
  });
  t.equal(on.status, 200, 'test mode on');
  const read = next<TestReadMessage>(tech.socket, 'testRead');
  await d.wiring.simScanners[0]!.scan(AN);
  t.match(await read, { deviceId: 'sim-1' }, '/tech gets the test read');
  await settle();
  t.notMatch(JSON.stringify(tech.got), PATIENT, 'as structure only');
  t.notOk(events(desk1).has('testRead'), 'the reception page does not');
});

t.test("health over the socket: the whole report on a technician's /tech, the summary (no URL) on the desk pages", async (t) => {
  const d = await startTestDaemon(t, { config });
  const cookie = await pageSession(d);
  const tech = await pageSocket(t, d, cookie, { view: 'tech' });
  const desk1 = await pageSocket(t, d, cookie, { view: 'reception', desk: 'desk-1' });
  const kiosk = await pageSocket(t, d, cookie, { view: 'kiosk', desk: 'desk-1' });
  await settle();
  const health = (p: PageSocket): Record<string, unknown> => p.got.find(([e]) => e === 'health')![1] as Record<string, unknown>;
  t.match(health(tech), { gateway: { url: /^http/ }, eligibility: {}, storage: { lost: 0 } }, '/tech: the whole report');
  for (const [name, p] of [
    ['reception', desk1],
    ['kiosk', kiosk],
  ] as const) {
    const h = health(p);
    t.match(h, { status: /ok|degraded/, storage: { ok: true }, disk: { ok: true }, simulated: { gateway: true } }, `${name}: what the page shows`);
    t.notMatch(JSON.stringify(h), /http:|tokenExpiresAt|hub|files/, `${name}: no URL, account or file`);
  }
});
