// The patient index over a real SQLite file: identifiers gathered over visits make one patient;
// same name and birthday under different identifiers are flagged, never merged.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { MAX_TWINS_FLAGGED, PatientIndex } from '../../../../daemon/src/patients/patient-index.ts';
import { sightingOfEligibility, sightingOfIdentity } from '../../../../daemon/src/patients/sightings.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { loadIdHasher } from '../../../../daemon/src/storage/id-hash.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import type { EligibilityMessage, IdentityView } from '../../../../daemon/src/api/contract.ts';

async function index(t: Test) {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-pi-'));
  const db = await Db.open(join(dir, 'db.sqlite'));
  t.teardown(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  await migrate(db);
  const clock = { now: Date.parse('2026-01-05T02:00:00Z') };
  return { db, clock, pi: new PatientIndex({ db, hashId: await loadIdHasher(dir), now: () => new Date(clock.now) }) };
}

const AN: IdentityView = {
  kind: 'cccd2021',
  id: '001089012345',
  cardCode: null,
  oldId: '013456789',
  name: 'Nguyễn Văn An',
  dob: '1989-03-15',
  sex: 'M',
  address: 'Hà Nội',
  issueDate: '2021-04-20',
};

t.test('first seen by old CMND, then by new ID, then by a new card code: one patient, three identifiers', async (t) => {
  const { pi, clock } = await index(t);
  const first = await pi.observe({ identifiers: [{ kind: 'cmnd', value: '013456789' }], name: 'Nguyễn Văn An', dob: '1989-03-15' });
  clock.now += 30 * 86_400_000;
  const second = await pi.observe(sightingOfIdentity(AN));
  t.equal(second, first, 'the chip card carries the old CMND too: same patient');
  clock.now += 30 * 86_400_000;
  const answer = { card: { maThe: 'DN4010123456789', maTheMoi: null } } as unknown as EligibilityMessage;
  const third = await pi.observe(sightingOfEligibility(answer, AN)!);
  t.equal(third, first, 'the card code the gateway returned joins the same patient');
  const p = await pi.get(first!);
  t.same(
    p?.identifiers.map((i) => [i.kind, i.value]).sort(),
    [
      ['bhxh', '0123456789'],
      ['bhyt', 'DN4010123456789'],
      ['cccd', '001089012345'],
      ['cmnd', '013456789'],
    ].sort(),
  );
  t.equal(p?.identifiers.find((i) => i.kind === 'cmnd')?.firstSeen, '2026-01-05T02:00:00.000Z', 'each identifier keeps when it was first seen');
  t.equal(await pi.findBy('bhyt', 'DN4010123456789'), first, 'any identifier finds the patient');
  t.equal(await pi.findBy('cmnd', '013456789'), first);
  t.same(p?.possibleDuplicates, []);
});

t.test('two people with the same name and date of birth are flagged, not merged', async (t) => {
  const { pi } = await index(t);
  const a = await pi.observe(sightingOfIdentity(AN));
  const b = await pi.observe(sightingOfIdentity({ ...AN, id: '001089099999', oldId: null, address: 'Hải Phòng' }));
  t.not(a, b, 'two patients');
  t.same((await pi.get(a!))?.possibleDuplicates, [b]);
  t.same((await pi.get(b!))?.possibleDuplicates, [a], 'each one shows the other as a possible duplicate');
  const c = await pi.observe(sightingOfIdentity({ ...AN, id: '001089088888', oldId: null, name: 'NGUYỄN VĂN AN' }));
  t.equal((await pi.get(c!))?.possibleDuplicates.length, 2, 'names compare without case, Vietnamese letters included');
});

t.test('retention erases names and clear identifiers but keeps the links', async (t) => {
  const { pi, clock } = await index(t);
  const a = await pi.observe(sightingOfIdentity(AN));
  clock.now += 40 * 86_400_000;
  await pi.purgeBefore(new Date(clock.now - 30 * 86_400_000));
  const p = await pi.get(a!);
  t.match(p, { name: null, address: null });
  t.ok(
    p?.identifiers.every((i) => i.value === null),
    'no clear identifier left',
  );
  t.equal(await pi.observe(sightingOfIdentity(AN)), a, 'the next visit still finds the same patient by hash');
});

t.test('a name and birthday shared by many patients flags a bounded number of possible duplicates per sighting', async (t) => {
  const { pi, db, clock } = await index(t);
  // The elderly often have only a birth year on record: dozens of "Nguyễn Thị Lan, 1950" are real.
  for (let i = 0; i < MAX_TWINS_FLAGGED + 5; i++) {
    await pi.observe({ identifiers: [{ kind: 'cccd', value: `0011500000${String(i).padStart(2, '0')}` }], name: 'Nguyễn Thị Lan', dob: '1950' });
    clock.now += 60_000;
  }
  const last = await pi.observe({ identifiers: [{ kind: 'cccd', value: '001150000099' }], name: 'Nguyễn Thị Lan', dob: '1950' });
  const flagged = await db.all<{ n: number }>('SELECT COUNT(*) AS n FROM possible_duplicates WHERE patient_a = ? OR patient_b = ?', [last!, last!]);
  t.equal(flagged[0]!.n, MAX_TWINS_FLAGGED, `the newest patient is flagged against ${MAX_TWINS_FLAGGED}, not all ${MAX_TWINS_FLAGGED + 5}`);
  t.ok((await pi.get(last!))?.possibleDuplicates.length, 'and the flags are shown on the patient');
});
