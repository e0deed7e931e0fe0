// Manual search, webcam reads, test mode and the technician's raw reads, against a whole daemon on
// loopback: each is stored and counted on its own device (manual@desk, camera@desk), and goes through
// the same eligibility path as a scan.

import t from 'tap';
import type { EligibilityMessage, ScanMessage, TestReadMessage } from '../../daemon/src/api/contract.ts';
import type { RecentRead } from '../../daemon/src/pipeline/recent-reads.ts';
import type { SearchOutcome } from '../../daemon/src/search/search-service.ts';
import { next, startTestDaemon } from '../helpers/daemon.ts';
import { until } from '../helpers/wait.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

async function post<T>(url: string, body: unknown, method = 'POST'): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}

type Counter = { deviceId: string; scans: number; searches: number; successes: number; errors: number; pending: number };
const counters = async (url: string): Promise<Counter[]> => ((await (await fetch(`${url}/api/counters`)).json()) as { devices: Counter[] }).devices;

t.test('manual search: precise errors, earlier patients found, new numbers need name and date of birth', async (t) => {
  const d = await startTestDaemon(t);
  const socket = await d.connect();
  const search = (body: Record<string, unknown>) => post<SearchOutcome>(`${d.url}/api/search`, { desk: 'desk-1', ...body });

  const wrong = await search({ query: '0010 8901 234' });
  t.match(wrong.body, {
    status: 'done',
    message: { ok: false, source: 'search', deviceId: 'manual@desk-1', error: { code: 'searchDigitCount', vi: /12 chữ số/ } },
  });

  const scanned = next<ScanMessage>(socket, 'scan');
  await d.wiring.simScanners[0]!.scan(AN);
  await scanned;
  const elig = next<EligibilityMessage>(socket, 'eligibility', (m) => m.deviceId === 'manual@desk-1');
  const byId = await search({ query: '0010.8901.2345' });
  t.match(byId.body, {
    status: 'done',
    message: { ok: true, source: 'search', identity: { name: 'Nguyễn Văn An', dob: '1989-03-15' }, eligibility: 'pending' },
  });
  t.match(await elig, { outcome: 'eligible', code: '000' }, 'a search goes through the same eligibility check as a scan');

  const byName = await search({ query: 'nguyễn văn an 15/03/1989' });
  t.match(
    byName.body,
    { status: 'done', message: { ok: true, identity: { id: '001089012345' } } },
    'name + date of birth finds the patient, whatever the case of Vietnamese letters',
  );
  const byCmnd = await search({ query: '013456789' });
  t.match(byCmnd.body, { status: 'done', message: { ok: true, identity: { id: '001089012345' } } }, 'the old CMND finds the patient read earlier');

  const fresh = await search({ query: '079190000123' });
  t.match(
    fresh.body,
    { status: 'needsDetails', kind: 'cccd', missing: ['name', 'dob'], message: { en: /name and date of birth/ } },
    'sex comes from the ID; name and DOB are asked for',
  );
  const completed = await search({ query: '079190000123', name: 'Trần Thị Bình', dob: '02/01/1990' });
  t.match(completed.body, {
    status: 'done',
    message: { ok: true, identity: { kind: 'manual', id: '079190000123', name: 'Trần Thị Bình', dob: '1990-01-02', sex: 'F' } },
  });
  const unknownName = await search({ query: 'Lê Văn Chưa 01/01/1970' });
  t.match(unknownName.body, { status: 'done', message: { ok: false, error: { code: 'notFound' } } });

  // Counted as the district report counts (issue #16): a search is a success once the gateway gave the
  // card's information back; Trần Thị Bình is unknown to the simulated gateway (050): an error.
  const manualOf = async () => (await counters(d.url)).find((c) => c.deviceId === 'manual@desk-1');
  await until(async () => (await manualOf())?.pending === 0, 5000);
  t.match(
    await manualOf(),
    { scans: 0, searches: 6, successes: 3, errors: 3, lookupNotCovered: 1, pending: 0 },
    'searches are counted on the desk’s manual device; incomplete ones are not counted',
  );
  const sim = (await counters(d.url)).find((c) => c.deviceId === 'sim-1');
  t.match(sim, { scans: 1, searches: 0 }, 'and not as scans');
  t.equal((await post(`${d.url}/api/search`, { desk: 'desk 1; DROP TABLE', query: 'x' })).status, 400, 'a hostile desk name is refused by the schema');
});

t.test('webcam reads are parsed from their bytes and counted on camera@desk', async (t) => {
  const d = await startTestDaemon(t, {
    config: { facility: { stations: [{ id: 'main', desks: ['desk-1', 'desk-2'] }] }, simulators: { scanners: [], gateway: { latencyMs: 0 } } },
  });
  const r = await post<ScanMessage>(`${d.url}/api/camera`, { desk: 'desk-2', bytesBase64: Buffer.from(AN, 'utf8').toString('base64') });
  t.match(r.body, { ok: true, source: 'camera', deviceId: 'camera@desk-2', identity: { name: 'Nguyễn Văn An' } });
  const worn = await post<ScanMessage>(`${d.url}/api/camera`, { desk: 'desk-2', text: AN.slice(0, 40) });
  t.match(worn.body, { ok: false, error: { code: 'truncated' } }, 'a half-read QR is reported as cut off');
  t.equal((await post(`${d.url}/api/camera`, { desk: 'desk-2' })).status, 400);
  t.match(
    (await counters(d.url)).find((c) => c.deviceId === 'camera@desk-2'),
    { scans: 2, searches: 0, successes: 1, errors: 1 },
  );
});

t.test('test mode: reads are shown, not stored; the last reads show a rejected read’s structure only', async (t) => {
  const d = await startTestDaemon(t);
  const socket = await d.connect();
  const sim = d.wiring.simScanners[0]!;
  t.equal((await post(`${d.url}/api/devices/nope/test-mode`, { on: true }, 'PUT')).status, 404);
  t.match((await post(`${d.url}/api/devices/sim-1/test-mode`, { on: true }, 'PUT')).body, { testMode: true });
  const testRead = next<TestReadMessage>(socket, 'testRead');
  await sim.scan(AN);
  t.match(await testRead, { deviceId: 'sim-1', read: { ok: true, test: true, kind: 'cccd2021', hex: null, text: 'cccd2021 0010******45' } });
  t.equal(await d.daemon.repo.countEvents(), 0, 'a test read is not a patient event');
  await post(`${d.url}/api/devices/sim-1/test-mode`, { on: false }, 'PUT');

  const scanned = next<ScanMessage>(socket, 'scan');
  await sim.scan('HELLO 0123456789 WORLD');
  await scanned;
  const reads = (await (await fetch(`${d.url}/api/devices/sim-1/reads`)).json()) as RecentRead[];
  t.equal(reads.length, 2);
  t.match(reads[0], {
    ok: false,
    test: false,
    code: 'notCccd',
    hex: null,
    text: '1 field: 22 digit+latin+space',
    structure: { fields: [{ length: 22 }], rule: 'notCccd' },
  });
  t.notMatch(JSON.stringify(reads), /HELLO|0123456789/, 'not the text of a rejected read either');
  t.notMatch(JSON.stringify(reads), /Nguyễn|001089012345/, 'no name or full ID in the technician view');
});

t.test('a search naming a desk the facility does not list is refused, and counts nothing', async (t) => {
  const d = await startTestDaemon(t, { config: { facility: { stations: [{ id: 'main', desks: ['desk-1', 'desk-2'] }] } } });
  const made = await post<{ error: { code: string; vi: string; en: string } }>(`${d.url}/api/search`, { desk: 'quay-bia', query: '001089012345' });
  t.match(made, { status: 400, body: { error: { code: 'UNKNOWN_DESK', vi: /facility\.stations/, en: /facility configuration/ } } });
  t.match(await post(`${d.url}/api/search`, { desk: 'desk-2', query: '0010 8901 234' }), { status: 200 }, 'a listed desk searches');
  t.notOk(
    (await counters(d.url)).some((c) => c.deviceId === 'manual@quay-bia'),
    'no device, no access, for the made-up desk',
  );
  const health = (await (await fetch(`${d.url}/api/health`)).json()) as { rejectedRequests: Record<string, number> };
  t.equal(health.rejectedRequests['UNKNOWN_DESK'], 1, 'counted as a refused request');
});

t.test('a facility that lists no desks keeps searches open to any desk name', async (t) => {
  const d = await startTestDaemon(t, { config: { facility: { stations: [{ id: 'main' }] } } });
  t.match(await post(`${d.url}/api/search`, { desk: 'desk-7', query: '0010 8901 234' }), { status: 200 });
});
