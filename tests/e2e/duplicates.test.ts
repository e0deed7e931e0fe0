// Possible duplicates a person resolves: two cards with the same name and date of birth are flagged;
// the list is masked; a reveal is audited; "same person" merges one record into the other with every
// identifier and registration, tells the HIS, and undoes exactly; "different people" clears the flag
// for good. Over HTTP on loopback, with a local HIS receiving the webhook.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import type { ScanMessage } from '../../daemon/src/api/contract.ts';
import type { DuplicatePair, MergeView } from '../../daemon/src/patients/duplicates.ts';
import { next, startTestDaemon } from '../helpers/daemon.ts';
import { until } from '../helpers/wait.ts';

// The same name and date of birth on two different (fictitious) ID numbers: a twin record, or a
// re-issued card the index has not linked.
const FIRST = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Hà Nội|20042021';
const SECOND = '079089001234||Nguyễn Văn An|15031989|Nam|Số 3 Lê Lợi, Quận 1, TP Hồ Chí Minh|12092024||||';

async function his(t: Test): Promise<{ url: string; events: Array<{ type: string; kept?: string; merged?: string }> }> {
  const events: Array<{ type: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      events.push(JSON.parse(body) as { type: string });
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/his`, events };
}

t.test('flagged, masked, revealed (audited), merged with everything, undone exactly, dismissed for good', async (t) => {
  const hisServer = await his(t);
  const d = await startTestDaemon(t, { config: { his: { webhookUrl: hisServer.url, secret: 's'.repeat(32), retryBaseMs: 50, retryMaxMs: 200, pollMs: 50 } } });
  const socket = await d.connect();
  const sim = d.wiring.simScanners[0]!;
  const regOf: number[] = [];
  for (const card of [FIRST, SECOND]) {
    const shown = next<ScanMessage>(socket, 'scan');
    await sim.scan(card);
    const scan = await shown;
    const r = await fetch(`${d.url}/api/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ eventId: scan.eventId, department: 'kham-noi' }),
    });
    regOf.push(((await r.json()) as { registration: { id: number } }).registration.id);
  }
  const list = async () => (await (await fetch(`${d.url}/api/duplicates`)).json()) as { pairs: DuplicatePair[]; merges: MergeView[] };
  await until(async () => (await list()).pairs.length === 1, 5000);
  const { pairs } = await list();
  const [a, b] = [pairs[0]!.a.patientId, pairs[0]!.b.patientId];
  t.equal(pairs[0]!.reason, 'sameNameAndDob');
  const listed = JSON.stringify(pairs);
  t.notMatch(listed, /Nguyễn Văn An|001089012345|079089001234|15031989|1989-03-15|Hoàng Hoa Thám/, 'the list is masked');
  t.match(pairs[0]!.a, { name: 'N*** V** A*', dob: '1989' });
  t.ok(
    pairs[0]!.a.identifiers.some((i) => i.kind === 'cccd' && i.value === '0010******45'),
    'the ID number masked',
  );

  const revealed = (await (await fetch(`${d.url}/api/duplicates/${a}/${b}/reveal`, { method: 'POST' })).json()) as DuplicatePair;
  t.match(revealed.a, { name: 'Nguyễn Văn An', dob: '1989-03-15' });
  t.same(
    [revealed.a, revealed.b].map((s) => s.identifiers.find((i) => i.kind === 'cccd')?.value),
    ['001089012345', '079089001234'],
  );

  const patient = async (id: number) => {
    const p = (await (await fetch(`${d.url}/api/patients/${id}`)).json()) as { identifiers: Array<{ kind: string; value: string; firstSeen: string }> };
    // What a merge moves: which identifiers a record has (lastSeen moves on with each sighting).
    return { identifiers: p.identifiers.map(({ kind, value, firstSeen }) => ({ kind, value, firstSeen })) };
  };
  // The index learns in the background, the gateway's answer too (BHXH number and card code for An).
  await until(async () => (await patient(a)).identifiers.length === 4, 5000);
  const before = { a: await patient(a), b: await patient(b) };
  const regPatient = async (id: number) =>
    ((await (await fetch(`${d.url}/api/registrations/${id}`)).json()) as { registration: { patientId: number } }).registration.patientId;
  t.same(await Promise.all(regOf.map(regPatient)), [a, b], 'each registration on its own record');

  const merge = (await (
    await fetch(`${d.url}/api/duplicates/${a}/${b}/merge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ keep: a }),
    })
  ).json()) as MergeView;
  t.match(merge, { kept: a, merged: b, identifiersMoved: before.b.identifiers.length, registrationsMoved: 1, undoneAt: null });
  const merged = await patient(a);
  t.same(
    merged.identifiers.map((i) => i.value).sort(),
    [...before.a.identifiers, ...before.b.identifiers].map((i) => i.value).sort(),
    'the record kept has every identifier of both',
  );
  t.same(await Promise.all(regOf.map(regPatient)), [a, a], 'and every registration');
  const bundle = (await (await fetch(`${d.url}/api/registrations/${regOf[1]}/fhir`)).json()) as {
    entry: Array<{ resource: { resourceType: string; subject?: { reference: string } } }>;
  };
  t.equal(bundle.entry.find((e) => e.resource.resourceType === 'Encounter')?.resource.subject?.reference, `Patient/tiepnhan-${a}`, 'the FHIR visit follows');
  t.same((await list()).pairs, [], 'the pair leaves the list');

  const undone = (await (await fetch(`${d.url}/api/merges/${merge.id}/undo`, { method: 'POST' })).json()) as MergeView;
  t.ok(undone.undoneAt, 'undone');
  t.same((await patient(a)).identifiers, before.a.identifiers, 'the record kept has exactly its own identifiers again');
  t.same((await patient(b)).identifiers, before.b.identifiers, 'and the other has its own back');
  t.same(await Promise.all(regOf.map(regPatient)), [a, b], 'registrations back where they were');
  t.equal((await list()).pairs.length, 1, 'the pair is open again');
  t.equal((await fetch(`${d.url}/api/merges/${merge.id}/undo`, { method: 'POST' })).status, 409, 'an undo is done once');

  t.equal((await fetch(`${d.url}/api/duplicates/${a}/${b}/dismiss`, { method: 'POST' })).status, 200);
  const again = next<ScanMessage>(socket, 'scan');
  await sim.scan(SECOND);
  await again;
  await new Promise((r) => setTimeout(r, 500)); // the index learns in the background (200 ms group commit)
  t.same((await list()).pairs, [], 'dismissed: not flagged again when the patient comes back');

  await until(async () => hisServer.events.filter((e) => e.type !== 'registration').length === 2, 5000);
  t.match(
    hisServer.events.filter((e) => e.type !== 'registration'),
    [
      { type: 'patientMerged', kept: `Patient/tiepnhan-${a}`, merged: `Patient/tiepnhan-${b}` },
      { type: 'patientMergeUndone', kept: `Patient/tiepnhan-${a}`, merged: `Patient/tiepnhan-${b}` },
    ],
    'the HIS hears of the merge and of its undo',
  );
  t.notMatch(JSON.stringify(hisServer.events.filter((e) => e.type !== 'registration')), /Nguyễn|001089012345/, 'merge events carry record numbers only');

  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10); // the audit's days are Vietnam's
  const trail = async () =>
    ((await (await fetch(`${d.url}/api/audit?from=${today}&to=${today}`)).json()) as { entries: Array<{ action: string; subject: string | null }> }).entries
      .filter((e) => /Duplicate|Merge|merge/.test(e.action))
      .reverse();
  await until(async () => (await trail()).length === 4, 5000);
  t.same(
    (await trail()).map((e) => e.action),
    ['revealDuplicate', 'mergePatients', 'undoMerge', 'dismissDuplicate'],
    'every action in the audit trail, in order',
  );
  t.match((await trail())[1], { subject: `merge:${merge.id},patient:${a},patient:${b}` }, 'naming the records, not the person');
});
