import t from 'tap';
import { CircuitBreaker } from '../../../../daemon/src/eligibility/circuit-breaker.ts';
import type { EligibilityAnswer } from '../../../../daemon/src/eligibility/gateway-client.ts';

const answer = (outcome: EligibilityAnswer['outcome']): EligibilityAnswer => ({
  outcome,
  code: outcome === 'unavailable' ? 'timeout' : '000',
  vi: '',
  en: '',
  action: { vi: '', en: '' },
  checkedAt: '',
  card: null,
  mismatch: null,
});
const req = { maThe: '001089012345', hoTen: 'A', ngaySinh: '1989' };

t.test('opens after the threshold, short-circuits, lets one trial through after the cool-down', async (t) => {
  let now = 0;
  let calls = 0;
  let next: EligibilityAnswer['outcome'] = 'unavailable';
  const b = new CircuitBreaker({ check: async () => (calls++, answer(next)) }, { threshold: 3, cooldownMs: 1000, now: () => now });
  for (let i = 0; i < 3; i++) await b.check(req);
  t.equal(b.state, 'open');
  t.match(await b.check(req), { code: 'circuitOpen', outcome: 'unavailable' });
  t.equal(calls, 3, 'no call while open');
  now = 1000;
  t.equal(b.state, 'halfOpen');
  await b.check(req);
  t.equal(calls, 4, 'one trial');
  t.equal(b.state, 'open', 'failed trial re-opens');
  now = 2000;
  next = 'eligible';
  t.match(await b.check(req), { outcome: 'eligible' });
  t.equal(b.state, 'closed');
});
