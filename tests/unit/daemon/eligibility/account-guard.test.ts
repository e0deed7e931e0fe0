// The account guard: a restricted or refused account stops every later gateway call until resumed.

import t from 'tap';
import { AccountGuard } from '../../../../daemon/src/eligibility/account-guard.ts';
import type { EligibilityAnswer, EligibilityRequest } from '../../../../daemon/src/eligibility/gateway-client.ts';

const answer = (code: string, outcome: EligibilityAnswer['outcome'] = 'eligible'): EligibilityAnswer => ({
  outcome,
  code,
  vi: code,
  en: code,
  action: { vi: '', en: '' },
  checkedAt: '2026-12-01T03:00:00.000Z',
  card: null,
  mismatch: null,
});
const req = (n: number): EligibilityRequest => ({ maThe: String(n), hoTen: 'X', ngaySinh: '2000' });

t.test('account guard: a restricted answer stops every later call until resumed', async (t) => {
  let calls = 0;
  const states: string[] = [];
  const script = [answer('accountRestricted', 'unavailable'), answer('000')];
  const guard = new AccountGuard({ check: async () => (calls++, script.shift()!) }, { now: () => new Date(0), onChange: (s) => states.push(s) });
  t.match(await guard.check(req(1)), { code: 'accountRestricted' });
  t.equal(guard.state, 'restricted');
  for (let i = 0; i < 5; i++) t.match(await guard.check(req(i)), { code: 'accountHalted', outcome: 'unavailable' });
  t.equal(calls, 1, 'no call reached the gateway after the restriction');
  t.ok(guard.resume());
  t.match(await guard.check(req(9)), { code: '000' });
  t.equal(calls, 2);
  t.same(states, ['restricted', 'ok']);
  t.notOk(guard.resume(), 'nothing to resume');
});

t.test('account guard: refused credentials (from a token renewal) hold the account too; a system error does not', async (t) => {
  let calls = 0;
  const guard = new AccountGuard({ check: async () => (calls++, answer('http', 'unavailable')) }, { now: () => new Date(0), onChange: () => undefined });
  await guard.check(req(1));
  t.equal(guard.state, 'ok', 'HTTP 500 system error: the breaker and the queue handle it, the account is not held');
  guard.observe('credentials');
  t.equal(guard.state, 'credentials');
  await guard.check(req(2));
  t.equal(calls, 1);
});
