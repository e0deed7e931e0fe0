// The test identities of the simulated gateway: for each result code the card check can give (all
// but 054/055, which depend on the officer, and 401, on the token) one lookup that gets exactly that
// code, so a trainer or a test can show the desk every badge; and the QR text of a simulated person's
// card, which the daemon's parser must read back as that person so a simulated scanner can present
// the people the gateway knows.

import t from 'tap';
import { OFFICIAL_CODES } from '../../../../daemon/src/eligibility/result-codes.ts';
import { parsePayload } from '../../../../daemon/src/parse/card-payload.ts';
import { checkCard } from '../../../../simulators/src/gateway/card-check.ts';
import { DEFAULT_OFFICER } from '../../../../simulators/src/gateway/gateway-app.ts';
import { qrPayloadOf, testIdentities } from '../../../../simulators/src/gateway/identities.ts';
import { CARD_STATES, DEMO_PEOPLE, Population, type Person } from '../../../../simulators/src/gateway/population.ts';

const ask = (pop: Population, id: { maThe: string; hoTen: string; ngaySinh: string }): string =>
  String(checkCard({ ...id, hoTenCb: DEFAULT_OFFICER.name, cccdCb: DEFAULT_OFFICER.cccd }, pop, [DEFAULT_OFFICER])['maKetQua']);

t.test('one identity per code, and each gets its code from the card check', async (t) => {
  for (const seed of [1, 7, 2026]) {
    const pop = new Population(seed, 300);
    const ids = testIdentities(pop);
    const codes = ids.map((i) => i.maKetQua);
    t.equal(new Set(codes).size, codes.length, `seed ${seed}: no code twice`);
    t.same(
      [...codes].sort(),
      OFFICIAL_CODES.filter((c) => !['054', '055', '401'].includes(c)).sort(),
      `seed ${seed}: every official code but 054, 055 and 401`,
    );
    const wrong = ids.filter((id) => ask(pop, id) !== id.maKetQua).map((id) => `${id.maKetQua} got ${ask(pop, id)}`);
    t.same(wrong, [], `seed ${seed}: each lookup gets the code it stands for`);
  }
});

t.test('the card-state identities are people of that state, looked up by ID number as the desk does', async (t) => {
  const pop = new Population(1, 300);
  for (const id of testIdentities(pop).filter((i) => (CARD_STATES as readonly string[]).includes(i.maKetQua))) {
    const p = pop.find(id.maThe);
    t.match(p, { state: id.maKetQua, hoTen: id.hoTen, ngaySinh: id.ngaySinh }, id.maKetQua);
    t.match(id.maThe, /^\d{12}$/);
  }
});

t.test('the derived refusals still hold for a card whose level is 5 (053 changes it to another level)', async (t) => {
  // A one-person population: a valid card of level 5, so "change the level digit" must not pick 5 again.
  const p: Person = { ...DEMO_PEOPLE[0]!, maThe: 'CC5010112345678' };
  const pop = { people: [p], find: (k: string) => (k === p.cccd || k === p.maSoBHXH ? p : undefined) } as unknown as Population;
  const by = (code: string) => testIdentities(pop).find((i) => i.maKetQua === code)!;
  t.equal(by('053').maThe, 'CC4010112345678');
  for (const code of ['000', '050', '051', '052', '053', '060', '061', '070', '205']) t.equal(ask(pop, by(code)), code, code);
});

t.test("a person's card QR: the 2021 layout, read back by the daemon's parser as that person", async (t) => {
  const an = DEMO_PEOPLE[0]!;
  t.equal(
    qrPayloadOf(an),
    '001089012345||Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|01012021',
    'ID, no old ID, name, ddMMyyyy, sex, address, issue date',
  );
  // Only people born before 2021: the payload's issue date is always 01/01/2021, which the parser
  // refuses (dateOrder) for anyone born later; that case is left out here.
  const people = new Population(1, 2000).people.filter((p) => Number(p.ngaySinh.slice(6)) < 2021);
  const wrong: string[] = [];
  for (const p of people) {
    const r = parsePayload(Buffer.from(qrPayloadOf(p), 'utf8'), { today: '2026-06-01' });
    const [d, m, y] = p.ngaySinh.split('/');
    if (!r.ok) wrong.push(`${p.cccd}: ${r.error.code}`);
    else if (r.kind !== 'cccd2021' || r.id !== p.cccd || r.name !== p.hoTen || r.dob !== `${y}-${m}-${d}` || r.sex !== (p.gioiTinh === 'Nam' ? 'M' : 'F'))
      wrong.push(`${p.cccd}: read as ${JSON.stringify(r)}`);
    else if (r.warnings.length > 0) wrong.push(`${p.cccd}: warnings ${r.warnings.map((w) => w.code).join(',')}`);
  }
  t.ok(people.length > 1500);
  t.same(wrong, [], 'every card read back without an error or a warning');
});
