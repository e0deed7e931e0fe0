// The desk's internet link as the gateway shows it (#29 item 3): the last exchange of the past hour
// decides, nothing in the hour (or the bundled simulator) is "unknown".

import t from 'tap';
import { GatewayTally, INTERNET_WINDOW_MS } from '../../../../daemon/src/eligibility/gateway-tally.ts';

function tally(simulated: boolean, clock: { t: number }) {
  return new GatewayTally({
    facilityId: '46001',
    simulated,
    now: () => new Date(clock.t),
    flushEveryMs: 60_000,
    write: async () => undefined,
    keep: async (_what, fn) => fn(),
    log: { warn: () => undefined } as never,
  });
}

t.test('ok, down, then unknown after an hour without an exchange', async (t) => {
  const clock = { t: Date.parse('2026-12-07T02:00:00Z') };
  const g = tally(false, clock);
  t.equal(g.internet(), 'unknown', 'no exchange yet');
  g.record('check', true);
  t.equal(g.internet(), 'ok');
  clock.t += 60_000;
  g.record('check', false);
  t.equal(g.internet(), 'down', 'the last exchange failed');
  g.record('token', true);
  t.equal(g.internet(), 'ok', 'answered again');
  clock.t += INTERNET_WINDOW_MS;
  t.equal(g.internet(), 'ok', 'exactly an hour: still counts');
  clock.t += 1;
  t.equal(g.internet(), 'unknown', 'older than an hour');
});

t.test('the bundled simulator says nothing about the link', async (t) => {
  const clock = { t: Date.parse('2026-12-07T02:00:00Z') };
  const g = tally(true, clock);
  g.record('check', true);
  t.equal(g.internet(), 'unknown');
});
