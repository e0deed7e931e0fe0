// The HIS webhook as the daemon holds it: without `his.webhookUrl` there is no worker and no body is
// made (nothing about a patient is queued for nobody); with one, a registration's body carries the
// facility, the registration, the patient and a FHIR Bundle named with the facility's own identifier
// systems, and starting the part starts delivering it to the HIS (docs/guides/his.md "HIS webhook").

import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import FakeTimers from '@sinonjs/fake-timers';
import t from 'tap';
import type { IdentityView, Registration } from '../../../../daemon/src/api/contract.ts';
import { resolveConfig } from '../../../../daemon/src/config/load.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import { HisWebhook } from '../../../../daemon/src/webhook/his-webhook.ts';
import { WebhookQueue } from '../../../../daemon/src/webhook/webhook-queue.ts';
import { verifySignature } from '../../../../daemon/src/webhook/webhook-worker.ts';
import { keepAtOnce } from '../../../helpers/write-at-once.ts';

const T0 = Date.parse('2026-03-02T01:30:00Z');
const SECRET = 'his-shared-secret-0123';

// '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021'
const AN: IdentityView = {
  kind: 'cccd2021',
  id: '001089012345',
  cardCode: null,
  oldId: '013456789',
  name: 'Nguyễn Văn An',
  dob: '1989-03-15',
  sex: 'M',
  address: 'Phường Thụy Khuê, Quận Tây Hồ, Hà Nội',
  issueDate: '2021-04-20',
};

const REG: Registration = {
  id: 12,
  at: new Date(T0).toISOString(),
  day: '2026-03-02',
  eventId: 340,
  patientId: 5,
  desk: 'desk-1',
  department: { id: 'kham-noi', name: 'Khám Nội' },
  queueNumber: 7,
  ticket: 'A007',
  eligibility: { outcome: 'eligible', code: '000' },
  checkIn: null,
  priority: { class: 'normal', reasons: [], partialDob: false, requested: [] },
};

/** One migrated SQLite file for the whole file (the subtests run one after another). Synchronous NORMAL:
 *  a test needs no power-cut durability, and skipping the fsyncs keeps it fast. */
let shared: Promise<Db> | null = null;
function database(): Promise<Db> {
  shared ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-his-'));
    const db = await Db.open(join(dir, 'db.sqlite'), { synchronous: 'NORMAL' });
    t.teardown(async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    });
    await migrate(db);
    return db;
  })();
  return shared;
}

async function queue(): Promise<{ db: Db; q: WebhookQueue }> {
  const db = await database();
  await db.run('DELETE FROM webhook_queue');
  return { db, q: new WebhookQueue(db) };
}

function webhook(q: WebhookQueue, his: Record<string, unknown>) {
  const config = resolveConfig({
    facility: { id: '01001', name: 'Trung tâm Y tế quận Tây Hồ' },
    his,
    fhir: { systems: { cccd: 'urn:oid:2.16.704.0.1', cmnd: 'urn:oid:2.16.704.0.2' } },
  });
  return new HisWebhook({ config, queue: q, log: createLogger('silent'), now: () => new Date(T0), keep: keepAtOnce });
}

t.test('without a webhook URL: no worker, no body, and starting or stopping does nothing', async (t) => {
  const hw = webhook((await queue()).q, {});
  t.equal(hw.name, 'his-webhook');
  t.equal(hw.enabled, false);
  t.equal(hw.worker, null);
  t.equal(hw.body(REG, AN), null, 'nothing is queued for an HIS that does not exist');
  t.doesNotThrow(() => hw.start());
  await hw.stop();
});

t.test('the body: facility, the registration as the desk has it, the patient, and a FHIR Bundle with the configured systems', async (t) => {
  const hw = webhook((await queue()).q, { webhookUrl: 'https://his.example.vn/hook', secret: SECRET });
  t.equal(hw.enabled, true);
  t.ok(hw.worker, 'a worker is made for the URL');
  const body = JSON.parse(hw.body(REG, AN)!) as Record<string, unknown>;
  t.same(Object.keys(body).sort(), ['facility', 'fhir', 'patient', 'registration', 'type']);
  t.equal(body['type'], 'registration');
  t.same(body['facility'], { id: '01001', name: 'Trung tâm Y tế quận Tây Hồ' });
  t.same(body['registration'], REG);
  t.same(body['patient'], AN);
  t.match(body['fhir'], {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      {
        resource: {
          resourceType: 'Patient',
          id: 'tiepnhan-5',
          identifier: [
            { system: 'urn:oid:2.16.704.0.1', value: '001089012345' },
            { system: 'urn:oid:2.16.704.0.2', value: '013456789' },
          ],
          name: [{ text: 'Nguyễn Văn An' }],
          gender: 'male',
          birthDate: '1989-03-15',
        },
      },
    ],
  });
});

t.test('a patient with a BHYT card code gets a Coverage in the bundle', async (t) => {
  const hw = webhook((await queue()).q, { webhookUrl: 'https://his.example.vn/hook', secret: SECRET });
  const body = JSON.parse(hw.body(REG, { ...AN, kind: 'bhyt', cardCode: 'DN4010123456789' })!) as {
    fhir: { entry: Array<{ resource: Record<string, unknown> }> };
  };
  const coverage = body.fhir.entry.find((e) => e.resource['resourceType'] === 'Coverage')?.resource;
  t.match(coverage, { subscriberId: 'DN4010123456789', beneficiary: { reference: 'Patient/tiepnhan-5' } });
  const withoutCard = JSON.parse(hw.body(REG, AN)!) as typeof body;
  t.notOk(
    withoutCard.fhir.entry.some((e) => e.resource['resourceType'] === 'Coverage'),
    'no card code, no Coverage',
  );
});

t.test('started, it delivers the queued body to the HIS, signed with his.secret; stopped, it sends nothing more', async (t) => {
  const received: Array<{ body: string; key: string; sig: string }> = [];
  let arrived: () => void = () => undefined;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      received.push({ body, key: String(req.headers['idempotency-key']), sig: String(req.headers['x-tiepnhan-signature']) });
      arrived();
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { db, q } = await queue();
  const hw = webhook(q, { webhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, secret: SECRET, pollMs: 500 });
  const body = hw.body(REG, AN)!;
  const enqueue = (ref: number): Promise<void> =>
    db.transaction(() => q.enqueueNow({ facilityId: '01001', kind: 'registration', ref, registrationId: ref, body, at: new Date(T0) }));
  await enqueue(12);
  const clock = FakeTimers.install({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout'] });
  t.teardown(() => clock.uninstall());
  hw.start();
  const delivered = new Promise<void>((resolve) => (arrived = resolve));
  await clock.tickAsync(500);
  await delivered;
  t.equal(received.length, 1, 'delivered after pollMs');
  t.equal(received[0]!.body, body);
  t.ok(verifySignature(SECRET, received[0]!.sig, body, received[0]!.key, Math.floor(T0 / 1000)), 'signed with his.secret');
  await hw.stop();
  t.equal(await q.pending(), 0, 'stop waited for the delivery to be recorded');
  await enqueue(13);
  await clock.tickAsync(5_000);
  t.equal(received.length, 1, 'nothing after stop');
});

t.test('the bundle carries the visit: an Encounter for the registration, linked to the patient', async (t) => {
  const hw = webhook((await queue()).q, { webhookUrl: 'https://his.example.vn/hook', secret: SECRET });
  const body = JSON.parse(hw.body(REG, AN)!) as { fhir: { entry: Array<{ resource: Record<string, unknown> }> } };
  const encounter = body.fhir.entry.find((e) => e.resource['resourceType'] === 'Encounter')?.resource;
  t.ok(encounter, 'the HIS learns of the visit, not only of the patient');
  t.match(encounter, { subject: { reference: 'Patient/tiepnhan-5' } });
});
