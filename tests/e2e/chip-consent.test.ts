// chip.requireConsent, the whole daemon in-process with its simulated chip reader: until the patient
// agrees, the desk gets the read without its identity, nothing of it is stored, the portrait is
// refused and nothing is looked up; the consent (the desk that read the card, audited) stores the
// identity, looks it up and announces the read again with it. And a restart forgets the portrait.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { Socket } from 'socket.io-client';
import type { EligibilityMessage, ScanMessage } from '../../daemon/src/api/contract.ts';
import { DEMO_CHIP_PERSON } from '../../simulators/src/chip/chip-sim.ts';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { until } from '../helpers/wait.ts';

const TOKENS = {
  desk1: 'desk-1-token-xxxxxxxxxxxxxxxx',
  desk2: 'desk-2-token-xxxxxxxxxxxxxxxx',
  tech: 'tech-token-xxxxxxxxxxxxxxxxxx',
  admin: 'admin-token-xxxxxxxxxxxxxxxxx',
};
const auth = {
  tokens: [
    { id: 'desk1', token: TOKENS.desk1, role: 'reception', desk: 'desk-1' },
    { id: 'desk2', token: TOKENS.desk2, role: 'reception', desk: 'desk-2' },
    { id: 'tech', token: TOKENS.tech, role: 'technician', desk: null },
    { id: 'admin', token: TOKENS.admin, role: 'admin', desk: null },
  ],
};
const SIM_CHIP = { simulators: { chipReaders: [{ id: 'sim-chip-1' }] } };
/** What of the person must not be in a message before the consent. */
const PERSON = [DEMO_CHIP_PERSON.name, DEMO_CHIP_PERSON.id, DEMO_CHIP_PERSON.oldId!, 'Hoàng Hoa Thám', '1989-03-15'];

const call = (d: TestDaemon, path: string, token: string | null, init: RequestInit = {}): Promise<Response> =>
  fetch(`${d.url}${path}`, {
    ...init,
    headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
const post = (d: TestDaemon, path: string, token: string, body: unknown = {}): Promise<Response> =>
  call(d, path, token, { method: 'POST', body: JSON.stringify(body) });

/** Presents the simulated card once the daemon's reader is connected to its simulated service. */
async function present(t: Test, d: TestDaemon): Promise<void> {
  const reader = d.wiring.deps.chipReaders?.find((r) => r.id === 'sim-chip-1');
  t.ok(reader, 'the simulated chip reader is attached');
  await until(() => reader!.reader.connected, 10_000);
  t.ok(await d.wiring.deps.simulators!.chip!('sim-chip-1', undefined), 'the simulated reader presents the card');
}

/** Every `event` message the socket receives from now on. */
function heard<T>(socket: Socket, event: string): T[] {
  const all: T[] = [];
  socket.on(event, (m: T) => all.push(m));
  return all;
}

t.test('requireConsent: nothing of the person is used before the desk records the consent', async (t) => {
  const d = await startTestDaemon(t, { config: { chip: { requireConsent: true }, auth, ...SIM_CHIP } });
  const desk = await d.connect(TOKENS.desk1, { view: 'reception', desk: 'desk-1' });
  const scans = heard<ScanMessage>(desk, 'scan');
  const eligibility = heard<EligibilityMessage>(desk, 'eligibility');

  await present(t, d);
  await until(() => scans.length === 1, 15_000);
  const first = scans[0]!;
  const id = first.eventId;
  t.equal(first.source, 'chip');
  t.equal(first.ok, true, 'the read itself is good');
  t.equal(first.identity, null, 'no identity before the consent');
  t.equal(first.chip?.consent, 'needed');
  const text = JSON.stringify(first);
  for (const s of PERSON) t.notOk(text.includes(s), `nothing of the person in the scan message (${s})`);

  const early = await call(d, `/api/chip/${id}/portrait`, TOKENS.desk1);
  t.equal(early.status, 409, 'the portrait is refused before the consent');
  t.match(await early.json(), { error: { code: 'CHIP_CONSENT_NEEDED' } });

  const stored = await d.daemon.repo.stored(id);
  t.ok(stored, 'the read is stored');
  t.equal(stored?.identity, null, 'without its identity');
  t.equal(stored?.idHash, null, 'nor its hashed id');

  const register = await post(d, '/api/registrations', TOKENS.desk1, { eventId: id, department: 'kham-noi' });
  t.not(Math.floor(register.status / 100), 2, `no registration before the consent (${register.status})`);
  t.match(await register.json(), { error: { code: 'NOT_A_PATIENT' } });

  await new Promise((r) => setTimeout(r, 1000));
  t.same(eligibility, [], 'no lookup answered before the consent');
  t.equal((await call(d, `/api/eligibility/${id}`, TOKENS.desk1)).status, 404, 'nor stored');

  t.equal((await post(d, `/api/chip/${id}/consent`, TOKENS.desk2)).status, 404, 'another desk cannot consent for this read');
  t.equal((await post(d, `/api/chip/${id}/consent`, TOKENS.tech)).status, 403, 'nor a technician');
  t.equal(scans.length, 1, 'neither released the read');
  t.equal((await d.daemon.repo.stored(id))?.identity, null);

  const consented = await post(d, `/api/chip/${id}/consent`, TOKENS.desk1);
  t.equal(consented.status, 200, 'the desk that read the card records the consent');
  t.match(await consented.json(), { eventId: id, consent: 'given' });
  const audit = (await (await call(d, '/api/audit', TOKENS.admin)).json()) as { entries: Array<{ action: string; eventId: number | null }> };
  t.equal(audit.entries.filter((e) => e.action === 'chipConsent' && e.eventId === id).length, 1, 'one chipConsent audit row');

  await until(() => scans.length === 2, 10_000);
  const second = scans[1]!;
  t.equal(second.eventId, id, 'the same read, announced again');
  t.equal(second.identity?.name, DEMO_CHIP_PERSON.name, 'now with its identity');
  t.equal(second.identity?.id, DEMO_CHIP_PERSON.id);
  t.equal(second.chip?.consent, 'given');
  await until(() => eligibility.some((m) => m.eventId === id), 15_000);
  t.pass('the lookup runs after the consent: its answer reaches the desk');
  await until(async () => (await call(d, `/api/eligibility/${id}`, TOKENS.desk1)).status === 200, 10_000);

  const portrait = await call(d, `/api/chip/${id}/portrait`, TOKENS.desk1);
  t.equal(portrait.status, 200, 'the portrait after the consent');
  t.equal(portrait.headers.get('content-type'), 'image/jpeg');
  t.ok((await portrait.arrayBuffer()).byteLength > 100);
  t.equal((await call(d, `/api/chip/${id}/portrait`, TOKENS.tech)).status, 403, 'never to a technician');
  t.equal((await call(d, `/api/chip/${id}/portrait`, TOKENS.desk2)).status, 404, 'nor another desk');

  const after = await d.daemon.repo.stored(id);
  t.equal(after?.identity?.name, DEMO_CHIP_PERSON.name, 'the identity is stored once consented');
  t.equal(after?.identity?.id, DEMO_CHIP_PERSON.id);
  t.type(after?.idHash, 'string', 'with its hashed id');

  const lookups = eligibility.filter((m) => m.eventId === id).length;
  const again = await post(d, `/api/chip/${id}/consent`, TOKENS.desk1);
  t.equal(again.status, 200, 'a second consent is harmless');
  await new Promise((r) => setTimeout(r, 1000));
  t.equal(eligibility.filter((m) => m.eventId === id).length, lookups, 'and starts no second lookup');
  t.equal(scans.length, 2, 'nor a third announcement');
});

t.test('without requireConsent, a restart forgets the portrait', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'tiepnhan-chip-consent-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const d = await startTestDaemon(t, { dataDir, config: { auth, ...SIM_CHIP } });
  const desk = await d.connect(TOKENS.desk1, { view: 'reception', desk: 'desk-1' });
  const scans = heard<ScanMessage>(desk, 'scan');
  await present(t, d);
  await until(() => scans.length === 1, 15_000);
  const id = scans[0]!.eventId;
  t.equal(scans[0]!.chip?.consent, 'notRequired');
  t.equal(scans[0]!.identity?.name, DEMO_CHIP_PERSON.name, 'no consent required: the identity at once');
  t.equal((await call(d, `/api/chip/${id}/portrait`, TOKENS.desk1)).status, 200, 'the portrait during the visit');
  await d.stop();

  const restarted = await startTestDaemon(t, { dataDir, config: { auth, ...SIM_CHIP } });
  t.ok(await restarted.daemon.repo.stored(id), 'the read is still stored');
  const gone = await call(restarted, `/api/chip/${id}/portrait`, TOKENS.desk1);
  t.equal(gone.status, 404, 'but its portrait was in memory only');
  t.match(await gone.json(), { error: { code: 'CHIP_READ_NOT_FOUND' } });
});
