// Property-based: random and mutated bytes never crash the parser, never produce a patient whose ID
// disagrees with the date of birth and sex beside it, and always carry a known error code.
import fc from 'fast-check';
import t from 'tap';
import { PARSE_ERRORS } from '../../../daemon/src/parse/messages.ts';
import { parsePayload } from '../../../daemon/src/parse/index.ts';
import { idFacts } from '../../../daemon/src/parse/personal-id.ts';

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
  .tuple(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete')), { maxLength: 6 }))
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

const digitSwap = fc
  .tuple(fc.constantFrom(...SEEDS.slice(0, 3)), fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 9 }))
  .map(([seed, pos, digit]) => {
    const b = Buffer.from(seed);
    b[pos] = 0x30 + digit;
    return new Uint8Array(b);
  });

t.test('random bytes', async (t) => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (b) => check(b)), { numRuns: 5000 });
  t.pass('no crash, no unknown code');
});

t.test('mutated real payloads', async (t) => {
  fc.assert(fc.property(mutated, (b) => check(b)), { numRuns: 10000 });
  t.pass('no crash, no mismatching patient accepted');
});

t.test('a single misread ID digit is never accepted as a different patient', async (t) => {
  fc.assert(fc.property(digitSwap, (b) => check(b)), { numRuns: 3000 });
  t.pass('cross-check holds');
});

t.test('random text with pipes', async (t) => {
  const piped = fc.array(fc.oneof(fc.string(), fc.stringMatching(/^\d{8,12}$/), fc.constantFrom('Nam', 'Nữ', '')), { maxLength: 12 }).map((xs) => Buffer.from(xs.join('|')));
  fc.assert(fc.property(piped, (b) => check(b)), { numRuns: 5000 });
  t.pass('no crash');
});
