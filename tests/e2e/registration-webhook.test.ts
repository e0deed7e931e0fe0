// Registrations reach the HIS exactly once: a local receiver that fails the first three deliveries,
// a daemon restarted while deliveries are pending, signatures checked. Also the FHIR bundle of a
// registration and the OpenAPI document at /docs.

import { verifySignature } from '../../daemon/src/webhook/webhook-worker.ts';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPI } from 'openapi-types';
import t from 'tap';
import { fhirErrors } from '../helpers/fhir-schema.ts';
import type { ScanMessage } from '../../daemon/src/api/contract.ts';
import { syntheticPayload } from '../../simulators/src/scanner/fleet.ts';
import { next, startTestDaemon } from '../helpers/daemon.ts';
import { until } from '../helpers/wait.ts';

const SECRET = 'his-shared-secret-0123456789';
const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let b = '';
    req.on('data', (d: Buffer) => (b += d.toString('utf8')));
    req.on('end', () => resolve(b));
  });
}

t.test('every registration arrives at the HIS exactly once, through failures and a restart', async (t) => {
  let attempts = 0;
  const accepted = new Map<string, { ticket: string; name: string }>();
  let badSignatures = 0;
  const webhookFhirErrors: string[] = [];
  const his = createServer(async (req, res) => {
    const text = await body(req);
    attempts++;
    const key = String(req.headers['idempotency-key']);
    // What a HIS does: the signature covers the time, the key and the body (X-Tiepnhan-Signature: t=…,v1=…).
    if (!verifySignature(SECRET, String(req.headers['x-tiepnhan-signature']), text, key, Math.floor(Date.now() / 1000))) badSignatures++;
    if (!/^[^:]+:registration:\d+:[0-9a-f-]{36}$/.test(key)) badSignatures++;
    if (attempts <= 3) return res.writeHead(503).end('busy');
    const b = JSON.parse(text) as { registration: { ticket: string }; patient: { name: string }; fhir: unknown };
    webhookFhirErrors.push(...fhirErrors(b.fhir));
    // A HIS keeps the first delivery of a key and acknowledges repeats without storing them again.
    if (!accepted.has(key)) accepted.set(key, { ticket: b.registration.ticket, name: b.patient.name });
    res.writeHead(200).end('{}');
  });
  await new Promise<void>((r) => his.listen(0, '127.0.0.1', () => r()));
  t.teardown(() => new Promise<void>((r) => his.close(() => r())));
  const hisUrl = `http://127.0.0.1:${(his.address() as AddressInfo).port}/registrations`;

  const dataDir = await mkdtemp(join(tmpdir(), 'tiepnhan-his-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const config = { his: { webhookUrl: hisUrl, secret: SECRET, retryBaseMs: 50, retryMaxMs: 200, pollMs: 50 } };
  const register = async (
    url: string,
    socket: Awaited<ReturnType<Awaited<ReturnType<typeof startTestDaemon>>['connect']>>,
    sim: { scan(p: string): Promise<unknown> },
    n: number,
  ) => {
    const shown = next<ScanMessage>(socket, 'scan');
    // The first is Nguyễn Văn An, whom the simulated gateway knows with a card; the rest are synthetic.
    await sim.scan(n === 0 ? AN : syntheticPayload(n).payload);
    const scan = await shown;
    const res = await fetch(`${url}/api/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ eventId: scan.eventId, department: 'kham-noi' }),
    });
    t.equal(res.status, 201);
    return ((await res.json()) as { registration: { id: number; ticket: string } }).registration;
  };

  // First run: three registrations while the HIS refuses; stop before they are delivered.
  const a = await startTestDaemon(t, { dataDir, config: { ...config, his: { ...config.his, retryBaseMs: 60_000, retryMaxMs: 60_000 } } });
  const sa = await a.connect();
  const tickets = [];
  for (let n = 0; n < 3; n++) tickets.push((await register(a.url, sa, a.wiring.simScanners[0]!, n)).ticket);
  t.same(tickets, ['A001', 'A002', 'A003'], 'queue numbers count up per department');
  await until(async () => attempts >= 3, 5000);
  t.equal(accepted.size, 0, 'the HIS refused the first three deliveries');
  t.equal(await a.daemon.webhook!.pending(), 3, 'all three wait in the durable queue');
  await a.stop();

  // Second run on the same data: the queue resumes; two more registrations join it.
  const b = await startTestDaemon(t, { dataDir, config });
  const sb = await b.connect();
  for (let n = 3; n < 5; n++) tickets.push((await register(b.url, sb, b.wiring.simScanners[0]!, n)).ticket);
  t.same(tickets.slice(3), ['A004', 'A005'], 'numbering continues the same day after a restart');
  await until(async () => (await b.daemon.webhook!.pending()) === 0, 10_000);
  t.equal(accepted.size, 5, 'every registration arrived');
  t.same([...accepted.values()].map((x) => x.ticket).sort(), tickets, 'each exactly once, under its own idempotency key');
  t.same(webhookFhirErrors, [], 'every webhook delivery’s FHIR bundle validates against the R4 schema');
  t.equal(badSignatures, 0, 'every delivery carried a valid signature over time, key and body, and a key with a random part');
  t.notOk(
    b.logs.some((l) => l.includes('Nguyễn Văn An')),
    'deliveries log no patient data',
  );

  const again = await fetch(`${b.url}/api/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ eventId: 1, department: 'kham-noi' }),
  });
  t.equal(again.status, 200, 'registering the same read again returns its ticket');
  t.match(await again.json(), { created: false, registration: { ticket: 'A001' } });

  const bundle = (await (await fetch(`${b.url}/api/registrations/1/fhir`)).json()) as {
    resourceType: string;
    entry: Array<{ resource: Record<string, unknown> }>;
  };
  t.equal(bundle.resourceType, 'Bundle');
  t.equal(bundle.entry[0]!.resource['resourceType'], 'Patient');
  // Registration 1 was made before the gateway answered; the bundle is built now, with its answer.
  await until(async () => ((await (await fetch(`${b.url}/api/registrations/1/fhir`)).json()) as { entry: unknown[] }).entry.length === 4, 5000);
  const full = (await (await fetch(`${b.url}/api/registrations/1/fhir`)).json()) as typeof bundle;
  t.match(full.entry[0]!.resource, {
    identifier: [
      { system: 'urn:vn:cccd', value: '001089012345' },
      { system: 'urn:vn:cmnd', value: '013456789' },
    ],
    name: [{ text: 'Nguyễn Văn An' }],
    gender: 'male',
    birthDate: '1989-03-15',
  });
  t.same(
    full.entry.map((e) => e.resource['resourceType']),
    ['Patient', 'Coverage', 'CoverageEligibilityResponse', 'Encounter'],
  );
  t.same(fhirErrors(full), [], 'the registration bundle validates against the FHIR R4 schema');
  const patientId = String(full.entry[0]!.resource['id']).replace('tiepnhan-', '');
  t.same(fhirErrors(await (await fetch(`${b.url}/api/patients/${patientId}/fhir`)).json()), [], 'so does the patient');
  t.same(fhirErrors(await (await fetch(`${b.url}/api/eligibility/1/fhir`)).json()), [], 'and the eligibility response');
  t.match(full.entry[3]!.resource, {
    resourceType: 'Encounter',
    identifier: [{ system: 'urn:tiepnhan:registration', value: '1' }],
    subject: { reference: /^Patient\/tiepnhan-\d+$/ },
  });
  t.match(full.entry[1]!.resource, {
    resourceType: 'Coverage',
    beneficiary: { reference: /^Patient\/tiepnhan-\d+$/ },
    identifier: [{ system: 'urn:vn:bhyt:the' }],
  });
});

t.test('/docs serves an OpenAPI document that validates and describes the API', async (t) => {
  const d = await startTestDaemon(t, { config: { simulators: { scanners: [], gateway: { latencyMs: 0 } } } });
  const spec = (await (await fetch(`${d.url}/docs/openapi.json`)).json()) as OpenAPI.Document & { paths: Record<string, Record<string, unknown>> };
  const valid = await SwaggerParser.validate(structuredClone(spec));
  t.ok(valid, 'a valid OpenAPI 3 document');
  for (const path of ['/api/devices', '/api/search', '/api/registrations', '/api/reports/phu-luc-03', '/api/eligibility/{eventId}', '/api/counters'])
    t.ok(spec.paths[path], `documents ${path}`);
  t.match(JSON.stringify(spec.paths['/api/search']), /"query"/, 'from the route schemas: the search body’s fields');
  const withBody = Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops as Record<string, { requestBody?: { content?: Record<string, { example?: unknown }> } }>)
      .filter(([, op]) => op.requestBody?.content?.['application/json'])
      .map(([method, op]) => [`${method.toUpperCase()} ${path}`, op.requestBody!.content!['application/json']!.example] as const),
  );
  t.ok(withBody.length >= 6, 'routes with a JSON body');
  t.same(
    withBody.filter(([, example]) => example === undefined).map(([route]) => route),
    [],
    'every JSON request body has an example',
  );
  t.match(
    (spec.paths['/api/search'] as { post: { requestBody: { content: Record<string, { example: unknown }> } } }).post.requestBody.content['application/json']!
      .example,
    { desk: 'desk-1', query: '001089012345' },
    'a written example where one says more than a sample',
  );
  t.notOk(spec.paths['/tech'], 'pages are not API');
  const page = await (await fetch(`${d.url}/docs`)).text();
  t.match(page, /swagger-ui/, '/docs is the interactive reference');
});
