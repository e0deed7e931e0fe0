// The simulated gateway's insured population: invented people, the same for the same seed, whose ID
// numbers agree with their birth year and sex (so the daemon's cross-check accepts their cards), whose
// card codes carry the right province and BHXH number, with every card state the card check can
// report, and found by 12-digit ID or 10-digit BHXH number the way a receptionist's lookup goes.
// The README's demo people are always there, with a valid card.

import t from 'tap';
import { explainBhytCode } from '../../../../daemon/src/parse/bhyt-code.ts';
import { idFacts } from '../../../../daemon/src/parse/personal-id.ts';
import { CARD_STATES, DEMO_PEOPLE, Population, type Person } from '../../../../simulators/src/gateway/population.ts';

const pop = new Population(1, 3000);

/** dd/MM/yyyy that exists on the calendar. */
const realDate = (s: string): boolean => {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1])));
  return d.getUTCDate() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1;
};

/** What is wrong with a person's record (empty: nothing). */
function problems(p: Person): string[] {
  const out: string[] = [];
  const facts = idFacts(p.cccd);
  const year = Number(p.ngaySinh.slice(6));
  if (!/^\d{12}$/.test(p.cccd)) out.push('cccd is not 12 digits');
  if (!realDate(p.ngaySinh)) out.push(`ngaySinh ${p.ngaySinh}`);
  if (facts.birthYear !== year) out.push(`ID says born ${facts.birthYear}, ngaySinh ${p.ngaySinh}`);
  if (facts.sex !== (p.gioiTinh === 'Nam' ? 'M' : 'F')) out.push(`ID says ${facts.sex}, gioiTinh ${p.gioiTinh}`);
  if (facts.province === null) out.push(`unknown province ${p.cccd.slice(0, 3)}`);
  if (!/^\d{10}$/.test(p.maSoBHXH)) out.push(`maSoBHXH ${p.maSoBHXH}`);
  const card = explainBhytCode(p.maThe);
  if (!card || card.loose) out.push(`maThe ${p.maThe} is not a strict card code`);
  // The BHYT province code is the CCCD's without its leading 0 (docs/research/qr-formats.md §2.2).
  else if (card.province.code !== p.cccd.slice(1, 3)) out.push(`card province ${card.province.code} for ID ${p.cccd}`);
  if (!p.maThe.endsWith(p.maSoBHXH)) out.push('the card code does not end with the BHXH number');
  if (!p.maSoBHXH.startsWith(p.cccd.slice(1, 3))) out.push('the BHXH number is of another province');
  if (year >= 2019 && !p.maThe.startsWith('TE1')) out.push(`a child born ${year} not in group TE1`);
  if (!/^\d{2}\d{3}$/.test(p.maDKBD) || p.maDKBD.slice(0, 2) !== p.cccd.slice(1, 3)) out.push(`maDKBD ${p.maDKBD}`);
  if (!realDate(p.gtTheTu) || !realDate(p.gtTheDen)) out.push('card validity dates');
  if (p.ngayDu5Nam !== '' && !realDate(p.ngayDu5Nam)) out.push(`ngayDu5Nam ${p.ngayDu5Nam}`);
  if (!['', 'K1', 'K2', 'K3'].includes(p.maKV)) out.push(`maKV ${p.maKV}`);
  if (!CARD_STATES.includes(p.state as (typeof CARD_STATES)[number])) out.push(`state ${p.state}`);
  return out;
}

t.test('the same seed gives the same people; another seed other people', async (t) => {
  t.same(new Population(1, 3000).people, pop.people, 'seed 1 twice');
  const other = new Population(2, 3000).people;
  t.not(JSON.stringify(other.slice(2, 20)), JSON.stringify(pop.people.slice(2, 20)), 'seed 2 differs');
  t.same(new Population(1, 500).people, pop.people.slice(0, 500), 'a smaller population is the start of the bigger one');
});

t.test('the requested size, beginning with the demo people of the README', async (t) => {
  t.equal(pop.people.length, 3000);
  t.equal(new Population(5, 40).people.length, 40);
  t.same(pop.people.slice(0, 2), DEMO_PEOPLE);
  t.match(DEMO_PEOPLE[0], { cccd: '001089012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1989', state: '000' });
  t.equal(pop.find('001089012345'), DEMO_PEOPLE[0], 'found by the README’s ID number');
});

t.test('every record is consistent: ID with birth year and sex, card code with province and BHXH number', async (t) => {
  const wrong = [...pop.people, ...new Population(77, 500).people].flatMap((p) => problems(p).map((x) => `${p.cccd}: ${x}`));
  t.same(wrong, []);
});

t.test('every card state occurs, right after the demo people, once each', async (t) => {
  t.same(
    pop.people.slice(2, 2 + CARD_STATES.length).map((p) => p.state),
    [...CARD_STATES],
  );
  const states = new Set(pop.people.map((p) => p.state));
  for (const s of CARD_STATES) t.ok(states.has(s), `state ${s}`);
  const share = (s: string): number => pop.people.filter((p) => p.state === s).length / pop.people.length;
  t.ok(share('000') > 0.85, 'most cards are valid');
  t.ok(share('010') > 0.02 && share('010') < 0.1, 'a sprinkling of expired cards');
});

t.test('state-specific card fields: new card for 003/004, expired end date for 010 and 003', async (t) => {
  const wrong: string[] = [];
  for (const p of pop.people) {
    const renewed = p.state === '003' || p.state === '004';
    if (renewed && !(p.maTheMoi.length === 15 && p.maTheMoi.endsWith(p.maSoBHXH) && p.maTheMoi.slice(3, 5) === p.maThe.slice(3, 5)))
      wrong.push(`${p.state} ${p.cccd}: new card ${p.maTheMoi} is not for the same person and province`);
    if (!renewed && p.maTheMoi !== '') wrong.push(`${p.state} ${p.cccd} has a new card`);
    const expired = p.state === '010' || p.state === '003';
    if (p.gtTheDen !== (expired ? '31/12/2025' : '31/12/2026')) wrong.push(`${p.state} ${p.cccd}: valid to ${p.gtTheDen}`);
  }
  t.same(wrong, []);
});

t.test('found by 12-digit ID or 10-digit BHXH number, not by card code or part of a number', async (t) => {
  const p = pop.people[10]!;
  t.equal(pop.find(p.cccd), p, 'by ID');
  t.equal(pop.find(p.maSoBHXH), p, 'by BHXH number');
  t.equal(pop.find(p.maThe), undefined, 'not by the 15-character card code');
  t.equal(pop.find(p.cccd.slice(1)), undefined, 'not by part of the ID');
  t.equal(pop.find('001099999990'), undefined, 'an ID nobody has');
  const missed = pop.people.filter((x) => pop.find(x.cccd)?.cccd !== x.cccd || pop.find(x.maSoBHXH)?.maSoBHXH !== x.maSoBHXH);
  t.same(missed, [], 'everyone is found by their own numbers');
});

t.test('some people have the optional fields, most do not (ngayDu5Nam, maKV "often empty")', async (t) => {
  const five = pop.people.filter((p) => p.ngayDu5Nam !== '').length / pop.people.length;
  const area = pop.people.filter((p) => p.maKV !== '').length / pop.people.length;
  t.ok(five > 0.3 && five < 0.9, `ngayDu5Nam filled for ${five}`);
  t.ok(area > 0 && area < 0.3, `maKV filled for ${area}`);
});
