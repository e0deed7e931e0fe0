// A refused check-in: the gateway's message reaches the desk (socket.io `checkin`) and the technician
// (GET /api/checkins/rejected, no patient data), and after the fix (the certificate registered on the
// portal) the technician sends it again. And the embedded simulator trusts the daemon's own signer.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { CheckInNotice, EligibilityMessage, HealthReport, Registration, ScanMessage } from '../../daemon/src/api/contract.ts';
import { next, startTestDaemon } from '../helpers/daemon.ts';
import { expiredCertificate, KHAM_NOI, makeCertificate, refusingCheckinDaemon } from '../helpers/signing.ts';
import { until } from '../helpers/wait.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Hà Nội|20042021';
const json = { 'content-type': 'application/json' };
const departments = [KHAM_NOI];

async function certificate(t: { teardown(fn: () => unknown): void }, days = 365) {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-checkin-cert-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return makeCertificate(dir, 'bv-00000', { days });
}

t.test('a refused check-in is shown, listed for the technician, and re-sent after the fix', async (t) => {
  const { d, gatewayUrl, cert } = await refusingCheckinDaemon(t, { id: 'sim-1', desk: 'desk-1' });
  const socket = await d.connect();
  const scanned = next<ScanMessage>(socket, 'scan');
  const answered = next<EligibilityMessage>(socket, 'eligibility');
  await d.wiring.simScanners[0]!.scan(AN);
  const { eventId } = await scanned;
  t.equal((await answered).outcome, 'eligible');
  const refused = next<CheckInNotice>(socket, 'checkin');
  const res = await fetch(`${d.url}/api/registrations`, { method: 'POST', headers: json, body: JSON.stringify({ eventId, department: 'kham-noi' }) });
  const reg = ((await res.json()) as { registration: Registration }).registration;
  t.match(
    await refused,
    { registrationId: reg.id, desk: 'desk-1', ticket: reg.ticket, checkIn: { state: 'rejected', code: '403', message: /Chứng thư số chưa được đăng ký/ } },
    "the desk is told, with the gateway's message",
  );

  const listed = (await (await fetch(`${d.url}/api/checkins/rejected`)).json()) as unknown[];
  t.match(listed, [{ registrationId: reg.id, state: 'rejected', code: '403', message: /chưa được đăng ký/ }]);
  t.notMatch(JSON.stringify(listed), /Nguyễn|001089012345/, "the technician's list holds no patient data");

  // The fix: the facility registers its certificate on the portal; the technician re-sends.
  await fetch(`${gatewayUrl}/sim/certificates`, { method: 'POST', headers: json, body: JSON.stringify({ pem: await readFile(cert.cert, 'utf8') }) });
  const resend = await fetch(`${d.url}/api/checkins/${reg.id}/resend`, { method: 'POST' });
  t.same(await resend.json(), { resent: true });
  await until(
    async () =>
      ((await (await fetch(`${d.url}/api/registrations/${reg.id}`)).json()) as { registration: Registration }).registration.checkIn?.state === 'accepted',
    5000,
  );
  t.same(await (await fetch(`${d.url}/api/checkins/rejected`)).json(), [], 'nothing refused any more');
  t.equal((await fetch(`${d.url}/api/checkins/${reg.id}/resend`, { method: 'POST' })).status, 409, 'an accepted check-in is not re-sent');
});

t.test("the embedded simulator trusts the daemon's own signing certificate; health warns 30 days before it expires", async (t) => {
  const cert = await certificate(t, 20);
  const d = await startTestDaemon(t, { config: { registration: { departments }, checkin: { enabled: true, signing: { pfx: cert.pfx }, pollMs: 50 } } });
  const socket = await d.connect();
  const scanned = next<ScanMessage>(socket, 'scan');
  const answered = next<EligibilityMessage>(socket, 'eligibility');
  await d.wiring.simScanners[0]!.scan(AN);
  const { eventId } = await scanned;
  await answered;
  const accepted = next<CheckInNotice>(socket, 'checkin');
  await fetch(`${d.url}/api/registrations`, { method: 'POST', headers: json, body: JSON.stringify({ eventId, department: 'kham-noi' }) });
  t.match(await accepted, { checkIn: { state: 'accepted', maGiaoDich: /^[0-9a-f-]{36}$/ } });
  t.equal(d.wiring.gatewaySim!.checkins.length, 1);
  const health = (await (await fetch(`${d.url}/api/health`)).json()) as HealthReport;
  t.match(health.checkin, { enabled: true, signer: 'file', certificate: { daysLeft: 19 }, warning: { vi: /hết hạn sau 19 ngày/, en: /expires in 19 days/ } });
  t.equal(health.status, 'ok', 'a certificate about to expire warns; only an expired one degrades');
});

t.test('an expired signing certificate degrades health, saying what to do', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-checkin-expired-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const cert = expiredCertificate(dir);
  const d = await startTestDaemon(t, {
    config: { registration: { departments }, checkin: { enabled: true, signing: { keyPem: cert.key, certPem: cert.cert } } },
  });
  const health = (await (await fetch(`${d.url}/api/health`)).json()) as HealthReport;
  t.equal(health.status, 'degraded');
  t.match(health.checkin, { certificate: { daysLeft: -2 }, warning: { vi: /đã hết hạn.*gia hạn/, en: /has expired.*renew it/ } });
});

t.test('check-in on without a signer or a service code refuses to start, saying what to set', async (t) => {
  await t.rejects(startTestDaemon(t, { config: { checkin: { enabled: true } } }), /checkin\/signing/);
  const cert = await certificate(t);
  await t.rejects(
    startTestDaemon(t, { config: { checkin: { enabled: true, signing: { keyPem: cert.key, certPem: cert.cert } } } }),
    /kham-noi" needs serviceCode/,
  );
  await t.rejects(
    startTestDaemon(t, { config: { registration: { departments }, checkin: { enabled: true, signing: { pfx: cert.pfx, passphrase: 'wrong' } } } }),
    /ký số check-in không khởi động được.*wrong passphrase/,
  );
});
