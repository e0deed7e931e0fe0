// The hub's configuration file as the district IT person writes it: an empty file starts a hub on
// loopback with SQLite and the usual report periods, and a file that would let one token act as two
// parties, list a site or a unit twice, or name a site that does not exist is refused at start-up
// with a message naming the problem, instead of a hub that silently mixes up sites.

import t from 'tap';
import { resolveHubConfig } from '../../../hub/src/hub-config.ts';
import { ConfigError } from '../../../daemon/src/vocabulary/config-error.ts';

const TOKEN_A = 'site-token-tay-ho-0123';
const TOKEN_B = 'site-token-ba-dinh-0123';
const ADMIN = 'admin-token-quan-0123';
const unit = (facilityId: string, siteId: string) => ({ facilityId, name: `Trạm Y tế ${facilityId}`, sector: 'public', tier: 'district', order: 1, siteId });

t.test('an empty file gives a loopback hub on SQLite, no sites, and the default periods', async (t) => {
  for (const input of [undefined, null, {}]) {
    const c = resolveHubConfig(input);
    t.match(
      c,
      {
        host: '127.0.0.1',
        port: 7310,
        db: 'sqlite:./hub-data/hub.sqlite',
        sites: [],
        adminTokens: [],
        expectedUnits: [],
        tls: null,
        reports: { cumulativeSince: '2022-12-10', periodStartDay: 10, submitByDay: 12, periodTitleMonth: 'end', lateAfterDays: 2 },
        log: { level: 'info', file: null },
      },
      String(input),
    );
  }
});

t.test('a full file is kept as written, and the caller’s object is not modified', async (t) => {
  const input = {
    host: '0.0.0.0',
    port: 8443,
    db: 'postgres://hub@db.example.invalid/hub',
    sites: [
      { id: 'tay-ho', token: TOKEN_A, facilities: ['01001', '01002'] },
      { id: 'ba-dinh', token: TOKEN_B },
    ],
    adminTokens: [ADMIN],
    reports: { cumulativeSince: '2026-01-01', lateAfterDays: 5 },
    expectedUnits: [unit('01001', 'tay-ho'), unit('01003', 'ba-dinh')],
    tls: { cert: '/etc/tiepnhan/hub.crt', key: '/etc/tiepnhan/hub.key' },
  };
  const before = structuredClone(input);
  const c = resolveHubConfig(input);
  t.same(c.sites, input.sites);
  t.same(c.expectedUnits, input.expectedUnits);
  t.same(c.tls, input.tls);
  t.match(c.reports, { cumulativeSince: '2026-01-01', lateAfterDays: 5, periodStartDay: 10 }, 'unset report fields get their defaults');
  t.same(input, before, 'defaults are filled into a copy');
});

t.test('refused at start-up, with the problem named', async (t) => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['an unknown key (a typo)', { prot: 7310 }, /must NOT have additional properties/],
    ['a port out of range', { port: 70000 }, /\/port must be <= 65535/],
    ['a site token too short to be a secret', { sites: [{ id: 'tay-ho', token: 'short' }] }, /\/sites\/0\/token must NOT have fewer than 16 characters/],
    ['a site without a token', { sites: [{ id: 'tay-ho' }] }, /must have required property 'token'/],
    ['an admin token too short', { adminTokens: ['admin'] }, /\/adminTokens\/0 must NOT have fewer than 16/],
    ['a badly written cumulativeSince', { reports: { cumulativeSince: '10/12/2022' } }, /\/reports\/cumulativeSince must match pattern/],
    ['lateAfterDays of zero', { reports: { lateAfterDays: 0 } }, /\/reports\/lateAfterDays must be >= 1/],
    ['an expected unit of an unknown sector', { expectedUnits: [{ ...unit('01001', 'x'), sector: 'army' }] }, /\/expectedUnits\/0\/sector/],
    ['tls with a certificate but no key', { tls: { cert: '/etc/hub.crt' } }, /\/tls/],
    [
      'a site listed twice',
      {
        sites: [
          { id: 'tay-ho', token: TOKEN_A },
          { id: 'tay-ho', token: TOKEN_B },
        ],
      },
      /site "tay-ho" is listed twice/,
    ],
    [
      'two sites sharing a token',
      {
        sites: [
          { id: 'tay-ho', token: TOKEN_A },
          { id: 'ba-dinh', token: TOKEN_A },
        ],
      },
      /one token string is used twice/,
    ],
    ['a site token that is also an admin token', { sites: [{ id: 'tay-ho', token: ADMIN }], adminTokens: [ADMIN] }, /one token string is used twice/],
    ['the same admin token twice', { adminTokens: [ADMIN, ADMIN] }, /one token string is used twice/],
    [
      'an expected unit listed twice',
      { sites: [{ id: 'tay-ho', token: TOKEN_A }], expectedUnits: [unit('01001', 'tay-ho'), unit('01001', 'tay-ho')] },
      /expected unit "01001" is listed twice/,
    ],
    [
      'an expected unit of a site not in "sites"',
      { sites: [{ id: 'tay-ho', token: TOKEN_A }], expectedUnits: [unit('01003', 'ba-dinh')] },
      /expected unit "01003" names site "ba-dinh", which is not in "sites"/,
    ],
  ];
  for (const [what, input, message] of cases) {
    t.throws(() => resolveHubConfig(input), ConfigError, what);
    t.throws(() => resolveHubConfig(input), { message }, `${what}: the message says why`);
  }
});

t.test('every schema problem is listed in one message, not only the first', async (t) => {
  t.throws(() => resolveHubConfig({ port: -1, reports: { lateAfterDays: 0 } }), { message: /\/port must be >= 0; \/reports\/lateAfterDays must be >= 1/ });
});
