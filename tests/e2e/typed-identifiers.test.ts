// A desk without a scanner receives every patient by what they can tell (seed 002: "Thẻ Căn cước,
// Số định danh cá nhân, Số thẻ BHYT"): a 15-character BHYT card code or a 10-digit BHXH number typed
// for a patient met for the first time asks for name, date of birth and sex, then becomes an access,
// a registration with a ticket, and a webhook to the HIS that carries the address typed at the desk
// (it was empty before). Real daemon, HTTP on loopback, a local HIS receiving the webhook.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import type { IdentityView, ScanMessage } from '../../daemon/src/api/contract.ts';
import { startTestDaemon } from '../helpers/daemon.ts';
import { until } from '../helpers/wait.ts';

interface Delivered {
  registration: { ticket: string };
  patient: IdentityView;
  fhir: { entry: Array<{ resource: { resourceType: string; address?: Array<{ text?: string }> } }> };
}

t.test('a typed BHYT code and a typed BHXH number become tickets; the typed address reaches the HIS', async (t) => {
  const delivered: Delivered[] = [];
  const his = createServer((req, res) => {
    let b = '';
    req.on('data', (d: Buffer) => (b += d.toString('utf8')));
    req.on('end', () => {
      delivered.push(JSON.parse(b) as Delivered);
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => his.listen(0, '127.0.0.1', () => r()));
  t.teardown(() => new Promise<void>((r) => his.close(() => r())));
  const d = await startTestDaemon(t, {
    config: {
      his: { webhookUrl: `http://127.0.0.1:${(his.address() as AddressInfo).port}/hook`, secret: 's'.repeat(32), retryBaseMs: 50, retryMaxMs: 200, pollMs: 50 },
    },
  });
  const post = async <T>(path: string, body: object): Promise<{ status: number; body: T }> => {
    const r = await fetch(`${d.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as T };
  };

  const cases = [
    {
      what: '15-character BHYT card code',
      query: 'DN4790112345678',
      name: 'Trần Thị Bích',
      dob: '02/09/1975',
      sex: 'F',
      address: 'Số 5 đường Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh',
    },
    { what: '10-digit BHXH number', query: '7912345678', name: 'Phạm Văn Cường', dob: '1960', sex: 'M', address: '' },
  ] as const;
  for (const c of cases) {
    const first = await post<{ status: string; missing: string[] }>('/api/search', { desk: 'desk-1', query: c.query });
    t.match(first.body, { status: 'needsDetails', missing: ['name', 'dob', 'sex'] }, `${c.what}: first time here, the desk is asked for the rest`);
    const done = await post<{ status: string; message: ScanMessage }>('/api/search', {
      desk: 'desk-1',
      query: c.query,
      name: c.name,
      dob: c.dob,
      sex: c.sex,
      ...(c.address ? { address: c.address } : {}),
    });
    t.match(done.body, { status: 'done', message: { ok: true, source: 'search', identity: { name: c.name, address: c.address } } }, `${c.what}: an access`);
    const reg = await post<{ registration: { ticket: string } }>('/api/registrations', { eventId: done.body.message.eventId, department: 'kham-noi' });
    t.equal(reg.status, 201, `${c.what}: registered`);
    t.match(reg.body.registration.ticket, /^A\d{3}$/);
  }

  await until(() => delivered.length === 2, 5_000);
  const bhyt = delivered.find((x) => x.patient.name === 'Trần Thị Bích')!;
  t.match(
    bhyt.patient,
    { cardCode: 'DN4790112345678', address: 'Số 5 đường Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh' },
    'the HIS gets the typed address',
  );
  const patient = bhyt.fhir.entry.find((e) => e.resource.resourceType === 'Patient')!.resource;
  t.match(patient.address, [{ text: 'Số 5 đường Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh' }], 'in the FHIR Patient too');
  const bhxh = delivered.find((x) => x.patient.name === 'Phạm Văn Cường')!;
  t.match(bhxh.patient, { cardCode: '7912345678', address: '' }, 'no address typed: none invented');
  const counters = (await (await fetch(`${d.url}/api/counters`)).json()) as { devices: Array<{ deviceId: string; searches: number; accesses: number }> };
  t.match(counters.devices, [{ deviceId: 'manual@desk-1', searches: 2, accesses: 2 }], 'two accesses by typed identifier, at the desk');
});

t.test('a 12-digit ID, a 9-digit CMND and a name with date of birth become tickets too', async (t) => {
  const d = await startTestDaemon(t);
  const post = async <T>(path: string, body: object): Promise<{ status: number; body: T }> => {
    const r = await fetch(`${d.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as T };
  };
  const ticket = async (what: string, query: object, name: string): Promise<string> => {
    const found = await post<{ status: string; message: ScanMessage }>('/api/search', { desk: 'desk-1', ...query });
    t.match(found.body, { status: 'done', message: { ok: true, identity: { name } } }, `${what}: found`);
    const reg = await post<{ registration: { ticket: string } }>('/api/registrations', { eventId: found.body.message.eventId, department: 'kham-noi' });
    t.equal(reg.status, 201, `${what}: registered`);
    return reg.body.registration.ticket;
  };
  // Nguyễn Văn An's card was read here before: his old CMND and his name with date of birth find him.
  await d.wiring.simScanners[0]!.scan('001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021');
  await until(async () => (await fetch(`${d.url}/api/patients/1`)).status === 200, 5_000); // the patient index learnt him
  const tickets = [
    await ticket('12-digit ID, first time here', { query: '038196007654', name: 'Lê Thị Hường', dob: '30/04/1996' }, 'Lê Thị Hường'),
    await ticket('9-digit CMND of a patient read before', { query: '013456789' }, 'Nguyễn Văn An'),
    await ticket('name and date of birth of a patient read before', { query: 'Nguyễn Văn An 15/03/1989' }, 'Nguyễn Văn An'),
  ];
  t.same(tickets, ['A001', 'A002', 'A003'], 'one ticket each');
});

t.test('registered before the gateway answered, the registration takes the answer when it comes', async (t) => {
  const d = await startTestDaemon(t, { config: { simulators: { gateway: { latencyMs: 1500 } } } });
  const post = async <T>(path: string, body: object): Promise<T> =>
    (await (await fetch(`${d.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as T;
  const found = await post<{ message: ScanMessage }>('/api/search', { desk: 'desk-1', query: '038196007654', name: 'Lê Thị Hường', dob: '30/04/1996' });
  const reg = await post<{ registration: { id: number; eligibility: { outcome: string | null } } }>('/api/registrations', {
    eventId: found.message.eventId,
    department: 'kham-noi',
  });
  t.equal(reg.registration.eligibility.outcome, null, 'registered while the gateway is still thinking');
  const later = async () =>
    (
      (await (await fetch(`${d.url}/api/registrations/${reg.registration.id}`)).json()) as {
        registration: { eligibility: { outcome: string | null; code: string | null } };
      }
    ).registration.eligibility;
  await until(async () => (await later()).outcome !== null, 10_000);
  t.match(await later(), { outcome: /^eligible|ineligible|identityMismatch|inputError$/, code: /^\d{3}$/ }, 'the gateway’s answer, on the registration');
});
