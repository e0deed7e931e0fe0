// Check-in (XML0, QĐ 4750) end to end with real processes: a spawned daemon with check-in on, the
// gateway simulator beside it with the facility's certificate registered. A scanned insured card
// registered at a department reaches the gateway as a signed XML0 that xmlsec1 verifies, and the
// registration carries the gateway's maGiaoDich. An emergency is not sent; an outage loses nothing
// and sends no MA_LK twice; a SIGKILL with a check-in queued sends it after the restart.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { HealthReport, Registration } from '../../daemon/src/api/contract.ts';
import { createSigner } from '../../daemon/src/checkin/signers.ts';
import { xml0Document, xml0Row, type Xml0Input } from '../../daemon/src/checkin/xml0-document.ts';
import { resolveConfig } from '../../daemon/src/config/load.ts';
import { GatewayClient } from '../../daemon/src/eligibility/gateway-client.ts';
import { createGatewaySim } from '../../simulators/src/gateway/gateway-app.ts';
import { freePort, runCli, startCli } from '../helpers/cli.ts';
import { makeCertificate, xmlsecRequirement, xmlsecVerify } from '../helpers/signing.ts';
import { until } from '../helpers/wait.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Hà Nội|20042021';
const json = { 'content-type': 'application/json' };
const SAMPLE: Xml0Input = {
  maLk: '',
  patientId: 1,
  identity: {
    kind: 'cccd2021',
    id: '001089012345',
    cardCode: null,
    oldId: null,
    name: 'Nguyễn Văn An',
    dob: '1989-03-15',
    sex: 'M',
    address: '',
    issueDate: null,
  },
  card: { maThe: 'DN4010123456789', gtTheTu: '01/01/2026', gtTheDen: '31/12/2026', maDKBD: '01001' } as Xml0Input['card'],
  registeredAt: new Date('2026-12-01T02:00:00Z'),
  facilityCode: '01001',
  department: { serviceCode: '02.1896', serviceName: 'Khám Nội', visitCategory: '1', careType: '01' },
};

t.test('a registered insured visit is checked in, signed; emergencies are not; outages and SIGKILL lose nothing', xmlsecRequirement(), async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-checkin-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const cert = makeCertificate(dir, 'bv-01001');
  const sim = createGatewaySim({ seed: 1, populationSize: 100, certificates: [await readFile(cert.cert, 'utf8')] });
  const gatewayUrl = await sim.app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => sim.app.close());
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  await writeFile(
    join(dir, 'config.json'),
    JSON.stringify({
      port,
      dataDir: join(dir, 'data'),
      facility: { id: '01001', name: 'Bệnh viện thử' },
      discovery: { serial: false, hid: false },
      log: { level: 'warn' },
      gateway: { url: gatewayUrl },
      eligibility: { pollMs: 100, retryBaseMs: 100, retryMaxMs: 400, breakerCooldownMs: 200 },
      simulators: { enabled: true, pty: false, scanners: [{ id: 'sim-1', desk: 'desk-1' }] },
      // One card read per visit, back to back: the repeat window (one access per card read) is off here.
      repeats: { windowMs: 0 },
      registration: {
        departments: [
          { id: 'kham-noi', name: 'Khám Nội', prefix: 'A', serviceCode: '02.1896', serviceName: 'Khám bệnh Nội' },
          { id: 'cap-cuu', name: 'Cấp cứu', prefix: 'CC', visitCategory: '2' },
        ],
      },
      checkin: { enabled: true, provinceCode: '01', signing: { keyPem: cert.key, certPem: cert.cert }, pollMs: 100, retryBaseMs: 100, retryMaxMs: 400 },
    }),
  );
  const start = () => startCli(['start', '--config', join(dir, 'config.json')], `${url}/api/health`);
  let daemon = await start();
  t.teardown(() => daemon.stop());

  let events = 0;
  const visit = async (department: string): Promise<Registration> => {
    const scan = await fetch(`${url}/api/simulators/sim-1/scan`, { method: 'POST', headers: json, body: JSON.stringify({ payload: AN }) });
    t.equal(scan.status, 200);
    const eventId = ++events; // one read per visit: events are numbered in order
    await until(async () => {
      const e = await fetch(`${url}/api/eligibility/${eventId}`);
      return e.status === 200 && ((await e.json()) as { verification: string }).verification !== 'unverified';
    }, 10_000);
    const res = await fetch(`${url}/api/registrations`, { method: 'POST', headers: json, body: JSON.stringify({ eventId, department }) });
    t.equal(res.status, 201);
    return ((await res.json()) as { registration: Registration }).registration;
  };
  const registration = async (id: number): Promise<Registration> =>
    ((await (await fetch(`${url}/api/registrations/${id}`)).json()) as { registration: Registration }).registration;
  const accepted = async (id: number) => {
    await until(async () => (await registration(id)).checkIn?.state === 'accepted', 15_000);
    return registration(id);
  };

  // 1. Insured, registered at Khám Nội: checked in, signed, verified by xmlsec1.
  const first = await visit('kham-noi');
  t.match(first.checkIn, { state: /queued|accepted/, maLk: `01001.${first.day.replaceAll('-', '')}.${first.id}` }, 'queued with the registration');
  const done = await accepted(first.id);
  const record = sim.checkins.find((c) => c.maKetQua === '200' && c.maGiaoDich !== '')!;
  t.equal(done.checkIn?.maGiaoDich, record.maGiaoDich, "the registration carries the gateway's maGiaoDich");
  t.match(done.checkIn, { code: '200', thoiGianTiepNhan: /^\d{14}$/, message: 'Tiếp nhận thành công' });
  const verdict = xmlsecVerify(dir, record.xml, cert.cert);
  t.ok(verdict.ok, `xmlsec1 verifies the check-in's signature: ${verdict.output.trim()}`);
  t.match(record.xml, '<SO_CCCD>001089012345</SO_CCCD>', 'CCCD with its leading zeros');
  t.match(record.xml, '<NGAY_SINH>198903150000</NGAY_SINH><GIOI_TINH>1</GIOI_TINH>');
  t.match(record.xml, '<MA_CSKCB>01001</MA_CSKCB><MA_DICH_VU>02.1896</MA_DICH_VU><TEN_DICH_VU>Khám bệnh Nội</TEN_DICH_VU>');
  const fhir = (await (await fetch(`${url}/api/registrations/${first.id}/fhir`)).json()) as {
    entry: Array<{ resource: { resourceType: string; identifier?: Array<{ system: string; value: string }> } }>;
  };
  const encounter = fhir.entry.find((e) => e.resource.resourceType === 'Encounter')!.resource;
  t.match(
    encounter.identifier?.find((i) => i.system === 'urn:tiepnhan:bhxh:maGiaoDich'),
    { value: record.maGiaoDich },
    'the FHIR Encounter carries it too',
  );

  // 2. An emergency is not sent.
  const sentBefore = sim.checkins.length;
  const emergency = await visit('cap-cuu');
  t.match(emergency.checkIn, { state: 'skipped', message: /Cấp cứu/ });

  // 3. The gateway is down: the check-in waits, nothing is lost, and no MA_LK goes twice.
  sim.setFault('outage');
  const during = await visit('kham-noi');
  await new Promise((r) => setTimeout(r, 1500));
  t.equal((await registration(during.id)).checkIn?.state, 'queued', 'queued while the gateway is down');
  sim.setFault('none');
  t.equal((await accepted(during.id)).checkIn?.state, 'accepted', 'sent once the gateway is back');

  // 4. SIGKILL with a check-in queued: sent after the restart.
  sim.setFault('outage');
  const queued = await visit('kham-noi');
  daemon.proc.kill('SIGKILL');
  await new Promise((r) => (daemon.proc.exitCode !== null || daemon.proc.signalCode !== null ? r(null) : daemon.proc.once('exit', r)));
  sim.setFault('none');
  daemon = await start();
  t.equal((await accepted(queued.id)).checkIn?.state, 'accepted', 'the queued check-in survived the power cut');

  const maLks = sim.checkins.filter((c) => c.maKetQua === '200' && c.maGiaoDich !== '').map((c) => /<MA_LK>([^<]+)<\/MA_LK>/.exec(c.xml)![1]);
  t.same(
    maLks,
    [first, during, queued].map((r) => `01001.${r.day.replaceAll('-', '')}.${r.id}`),
    'each visit checked in exactly once, in order',
  );
  t.equal(sim.checkins.length - sentBefore, 2, 'the emergency never reached the gateway');
  // tiepnhan xml0: the same document for the HIS vendor, signed, or plain with --unsigned.
  const cli = await runCli(['xml0', '--registration', String(first.id), '--config', join(dir, 'config.json')]);
  t.equal(cli.code, 0, cli.stderr);
  t.ok(xmlsecVerify(dir, cli.stdout, cert.cert).ok, 'tiepnhan xml0 prints a check-in xmlsec1 verifies');
  t.match(cli.stdout, `<MA_LK>${done.checkIn!.maLk}</MA_LK>`);
  const plain = await runCli(['xml0', '--registration', String(first.id), '--config', join(dir, 'config.json'), '--unsigned']);
  t.match(plain.stdout, '<CHUKYDONVI></CHUKYDONVI>', '--unsigned leaves CHUKYDONVI empty');
  t.equal((await runCli(['xml0', '--registration', '999', '--config', join(dir, 'config.json')])).code, 2, 'an unknown registration is a clear error');
  const health = (await (await fetch(`${url}/api/health`)).json()) as HealthReport;
  t.match(health.checkin, { enabled: true, signer: 'file', certificate: { subject: /CN=bv-01001/, daysLeft: /^\d+$/ }, warning: null });
  t.notMatch(daemon.output(), /Nguyễn Văn An|001089012345|BEGIN PRIVATE KEY/, 'no name, ID or key in the log');
});

t.test('tiepnhan gateway-sim --cert trusts that certificate for check-ins, form and JSON, both resources', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-gwsim-cert-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const cert = makeCertificate(dir, 'bv-cli');
  const stranger = makeCertificate(dir, 'stranger');
  const port = await freePort();
  const gw = await startCli(['gateway-sim', '--port', String(port), '--latency-ms', '0', '--cert', cert.cert], `http://127.0.0.1:${port}/sim/stats`);
  t.teardown(() => gw.stop());
  const client = new GatewayClient({ baseUrl: `http://127.0.0.1:${port}`, ...resolveConfig({}).gateway });
  const doc = (maLk: string) => xml0Document(xml0Row({ ...SAMPLE, maLk }));
  const send = async (key: { key: string; cert: string }, maLk: string, resource: string, encoding: 'form' | 'json') =>
    client.checkIn({
      resource,
      encoding,
      maTinh: '01',
      maCSKCB: '01001',
      fileHSBase64: Buffer.from(await (await createSigner({ keyPem: key.key, certPem: key.cert })).sign(doc(maLk))).toString('base64'),
    });
  t.match(await send(cert, 'a.1', '/api/qd130/checkInKcbQd4750', 'form'), { status: 'accepted', code: '200', maGiaoDich: /^[0-9a-f-]{36}$/ });
  t.match(await send(cert, 'a.2', '/api/qd130/checkInKcbQd3176', 'json'), { status: 'accepted' }, 'the QĐ 3176 path, JSON body');
  t.match(await send(stranger, 'a.3', '/api/qd130/checkInKcbQd4750', 'form'), { status: 'rejected', code: '403', thongDiep: /chưa được đăng ký/ });
  t.match(
    await send(cert, 'a.1', '/api/qd130/checkInKcbQd4750', 'form'),
    { status: 'rejected', code: '200', thongDiep: /đã tồn tại/ },
    'maKetQua 200 with a refusal is not taken as accepted',
  );
  const received = (await (await fetch(`http://127.0.0.1:${port}/sim/checkins`)).json()) as Array<{ maGiaoDich: string; maKetQua: string; xml: string }>;
  t.equal(received.length, 4);
  t.match(received[0], { maKetQua: '200', xml: /<MA_LK>a.1<\/MA_LK>/ }, '/sim/checkins lists the decoded documents');
});
