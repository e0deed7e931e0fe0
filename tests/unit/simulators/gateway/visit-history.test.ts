// The simulated gateway's visit histories (Lskcb2025; docs/research/checkin-xml0.md §5 and
// docs/research/eligibility-gateway.md §3.3–3.4): the same person and seed always get the same 0–4
// earlier visits, written the way the real gateway writes them (times yyyyMMddHHmm, status, result
// and visit type as codes of the vendors' lists), so the history panel a receptionist sees in
// simulation is the one the real gateway would give, and a test can name the visits it expects.

import t from 'tap';
import { parseVisits } from '../../../../daemon/src/eligibility/visit-history.ts';
import { DEMO_PEOPLE, Population } from '../../../../simulators/src/gateway/population.ts';
import { visitsOf, type SimVisit } from '../../../../simulators/src/gateway/visit-history.ts';

const people = new Population(3, 400).people;

/** A yyyyMMddHHmm time that exists on the calendar, as a Date (UTC fields stand for Vietnam time). */
function calendarTime(s: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi));
  return at.getUTCMonth() === mo - 1 && at.getUTCDate() === d && h < 24 && mi < 60 ? at : null;
}

t.test('the same person and seed always get the same history; another seed gives another', async (t) => {
  const an = DEMO_PEOPLE[0]!;
  t.same(visitsOf(an, 1), visitsOf(an, 1), 'same seed, same visits');
  const histories = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => JSON.stringify(visitsOf(an, seed))));
  t.ok(histories.size > 1, 'the seed changes the history');
});

t.test('0 to 4 visits; no visits is null (not an empty list), and every count occurs', async (t) => {
  const counts = new Map<number, number>();
  for (const p of people) {
    const n = visitsOf(p, 1)?.length ?? 0;
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  t.same([...counts.keys()].sort(), [0, 1, 2, 3, 4], 'people with none, and with 1, 2, 3 and 4 visits');
  t.notOk(
    people.some((p) => visitsOf(p, 1)?.length === 0),
    'never an empty list',
  );
});

/** What is wrong with a visit, against §3.3–3.4 and the vendor code lists (empty: nothing). */
function problems(v: SimVisit): string[] {
  const out: string[] = [];
  const keys = Object.keys(v).sort().join(',');
  if (keys !== 'kqDieuTri,lyDoVV,maCSKCB,maHoSo,ngayRa,ngayVao,tenBenh,tinhTrang') out.push(`fields ${keys}`);
  if (!/^\d{5}$/.test(v.maCSKCB)) out.push(`maCSKCB ${v.maCSKCB}`);
  const inAt = calendarTime(v.ngayVao);
  const outAt = calendarTime(v.ngayRa);
  if (!inAt || !outAt) out.push(`not yyyyMMddHHmm: ${v.ngayVao} ${v.ngayRa}`);
  else if (!(inAt < outAt)) out.push(`out ${v.ngayRa} not after in ${v.ngayVao}`);
  if (!['2025', '2026'].includes(v.ngayVao.slice(0, 4))) out.push(`year ${v.ngayVao}`);
  if (v.ngayRa.slice(0, 8) !== v.ngayVao.slice(0, 8)) out.push(`not out the same day: ${v.ngayVao} ${v.ngayRa}`);
  if (!/^[A-Z]\d{2} - \S/.test(v.tenBenh)) out.push(`tenBenh ${v.tenBenh}`);
  if (v.tinhTrang !== '1') out.push(`tinhTrang ${v.tinhTrang}`);
  if (!['1', '2'].includes(v.kqDieuTri)) out.push(`kqDieuTri ${v.kqDieuTri}`);
  if (!['1', '3', '4'].includes(v.lyDoVV)) out.push(`lyDoVV ${v.lyDoVV}`);
  return out;
}

t.test('every visit in the wire format of §3.4, with codes from the vendor lists', async (t) => {
  const seen = { kqDieuTri: new Set<string>(), lyDoVV: new Set<string>() };
  const wrong: string[] = [];
  const badIds: string[] = [];
  for (const p of people) {
    const visits = visitsOf(p, 9) ?? [];
    // Record ids: the person's ID number's last six digits and the visit number.
    visits.forEach((v, i) => v.maHoSo !== `SIM${p.cccd.slice(-6)}${i}` && badIds.push(v.maHoSo));
    for (const v of visits) {
      wrong.push(...problems(v).map((x) => `${v.maHoSo}: ${x}`));
      seen.kqDieuTri.add(v.kqDieuTri);
      seen.lyDoVV.add(v.lyDoVV);
    }
  }
  t.same(wrong, [], 'maCSKCB 5 digits; ngayVao/ngayRa real yyyyMMddHHmm times of 2025–2026, out the same day after in; an ICD-10 diagnosis; Ra viện');
  t.same(badIds, [], 'record ids name the person and the visit');
  t.same([...seen.kqDieuTri].sort(), ['1', '2'], 'results Khỏi and Đỡ both occur');
  t.same([...seen.lyDoVV].sort(), ['1', '3', '4'], 'Đúng tuyến, Trái tuyến and Thông tuyến all occur');
});

t.test("the daemon's reader turns them into the words of the history panel", async (t) => {
  const p = people.find((x) => (visitsOf(x, 1)?.length ?? 0) >= 2)!;
  const raw = visitsOf(p, 1)!;
  const shown = parseVisits(raw);
  t.equal(shown.length, raw.length);
  for (const v of shown) {
    t.match(v.ngayVao, /^20\d{2}-\d{2}-\d{2} \d{2}:\d{2}$/);
    t.equal(v.tinhTrang, 'Ra viện');
    t.ok(['Khỏi', 'Đỡ'].includes(v.kqDieuTri!));
    t.ok(['Đúng tuyến', 'Trái tuyến', 'Thông tuyến'].includes(v.lyDoVV!));
  }
});
