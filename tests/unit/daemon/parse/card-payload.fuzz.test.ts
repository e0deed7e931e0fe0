// Property-based: random and mutated bytes never crash the parser, never produce a patient whose ID
// disagrees with the date of birth and sex beside it, and always carry a known error code.
import fc from 'fast-check';
import t from 'tap';
import { PARSE_ERRORS } from '../../../../daemon/src/parse/messages.ts';
import { parsePayload } from '../../../../daemon/src/parse/index.ts';
import { idFacts } from '../../../../daemon/src/parse/personal-id.ts';

const KNOWN = new Set(Object.keys(PARSE_ERRORS));
const SEEDS = [
  '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Hà Nội|20042021',
  '038196007654|173456789|Lê Thị Hường|30041996|Nữ|Thôn Đông Hải, Thanh Hóa|12092024||||',
  '036212004321||Phạm Minh Khôi|09072012|Nam|Xóm 2, Nam Định|05122024||||',
  'DN4010123456789|4e677579e1bb856e2056c4836e20416e|15/03/1989|1|48c3a0204ee1bb9969|01 - 001|01/01/2025|31/12/2025|02/01/2025|01234567890123|-|4|01/01/2020|0123abcd4567ef89-1234|$',
].map((s) => Buffer.from(s, 'utf8'));

function check(bytes: Uint8Array): void {
  const r = parsePayload(bytes, { today: '2026-11-23' });
  if (!r.ok) {
    if (!KNOWN.has(r.error.code)) throw new Error(`unknown error code ${r.error.code}`);
    if (!r.error.vi || !r.error.en) throw new Error('error without both messages');
    return;
  }
  if (r.kind === 'bhytCard') return;
  const f = idFacts(r.id);
  if (f.sex !== r.sex || String(f.birthYear) !== r.dob.slice(0, 4)) throw new Error(`accepted a mismatching ID: ${r.id} ${r.sex} ${r.dob}`);
}

const mutated = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete')), { maxLength: 6 }),
  )
  .map(([seed, edits]) => {
    const b = [...seed];
    for (const [pos, val, op] of edits) {
      const i = pos % (b.length + 1);
      if (op === 'set' && i < b.length) b[i] = val;
      else if (op === 'insert') b.splice(i, 0, val);
      else if (op === 'delete' && i < b.length) b.splice(i, 1);
    }
    return Uint8Array.from(b);
  });

const digitSwap = fc.tuple(fc.constantFrom(...SEEDS.slice(0, 3)), fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 9 })).map(([seed, pos, digit]) => {
  const b = Buffer.from(seed);
  b[pos] = 0x30 + digit;
  return new Uint8Array(b);
});

t.test('random bytes', async (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), (b) => check(b)),
    { numRuns: 5000 },
  );
  t.pass('no crash, no unknown code');
});

t.test('mutated real payloads', async (t) => {
  fc.assert(
    fc.property(mutated, (b) => check(b)),
    { numRuns: 10000 },
  );
  t.pass('no crash, no mismatching patient accepted');
});

t.test('a single misread ID digit is never accepted as a different patient', async (t) => {
  fc.assert(
    fc.property(digitSwap, (b) => check(b)),
    { numRuns: 3000 },
  );
  t.pass('cross-check holds');
});

t.test('random text with pipes', async (t) => {
  const piped = fc
    .array(fc.oneof(fc.string(), fc.stringMatching(/^\d{8,12}$/), fc.constantFrom('Nam', 'Nữ', '')), { maxLength: 12 })
    .map((xs) => Buffer.from(xs.join('|')));
  fc.assert(
    fc.property(piped, (b) => check(b)),
    { numRuns: 5000 },
  );
  t.pass('no crash');
});

t.test('the byte-level fast path agrees with the general parser wherever it answers', async (t) => {
  const { fastParse } = await import('../../../../daemon/src/parse/fast-path.ts');
  const { parsePayloadGeneral } = await import('../../../../daemon/src/parse/card-payload.ts');
  const { trimRead } = await import('../../../../daemon/src/parse/text-decode.ts');
  let answered = 0;
  const agree = (bytes: Uint8Array): void => {
    const trimmed = Buffer.from(trimRead(bytes));
    const fast = fastParse(trimmed, '2026-11-23');
    if (!fast) return;
    answered++;
    const general = parsePayloadGeneral(bytes, '2026-11-23');
    if (JSON.stringify(fast) !== JSON.stringify(general))
      throw new Error(`disagree on ${Buffer.from(bytes).toString('hex')}:\n${JSON.stringify(fast)}\n${JSON.stringify(general)}`);
  };
  const valid = fc
    .record({
      n: fc.integer({ min: 0, max: 999_999 }),
      female: fc.boolean(),
      year: fc.integer({ min: 1930, max: 2025 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
      old: fc.constantFrom('', '013456789', '12345', '0123456789'),
      name: fc.constantFrom('Nguyễn Văn An', 'Trần Thị Ngọc Ánh', 'Lê  Thị Hường', "H'Hen Niê", 'Đỗ Đức Đạt', 'Nguyễn Văn An'.normalize('NFD'), 'ÃÂ Văn'),
      address: fc.constantFrom('Hà Nội', 'Số 12, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội', '', ' Xóm 2', 'Thôn Đông Hải , Thanh Hóa', 'A\u00a0B'),
      issue: fc.constantFrom('20042021', '12092024', '01012030', '31022021'),
      v2024: fc.boolean(),
      province: fc.constantFrom('001', '079', '003', '051'),
    })
    .map((r) => {
      const d = (r.year >= 2000 ? 2 : 0) + (r.female ? 1 : 0);
      const id = `${r.province}${d}${String(r.year % 100).padStart(2, '0')}${String(r.n).padStart(6, '0')}`;
      const dob = `${String(r.day).padStart(2, '0')}${String(r.month).padStart(2, '0')}${r.year}`;
      return Buffer.from(`${id}|${r.old}|${r.name}|${dob}|${r.female ? 'Nữ' : 'Nam'}|${r.address}|${r.issue}${r.v2024 ? '||||' : ''}`);
    });
  fc.assert(
    fc.property(valid, (b) => agree(b)),
    { numRuns: 20000 },
  );
  fc.assert(
    fc.property(mutated, (b) => agree(b)),
    { numRuns: 20000 },
  );
  t.ok(answered > 1000, `the fast path answered ${answered} inputs, each identical to the general parser`);
});
