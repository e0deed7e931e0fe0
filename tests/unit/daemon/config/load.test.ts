// The configuration hospital IT writes is checked whole before anything starts: every default filled
// in (no file at all runs the demo), every schema problem listed in one ConfigError, and the
// combinations that would leak patients or lock the desks out refused with a sentence saying what to
// change: a LAN address without API tokens, a hub without credentials, a webhook that is unsigned or
// leaves the PC in clear, two roles on one token, a check-in that could not be signed.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { ConfigError, loadConfigFile, resolveConfig } from '../../../../daemon/src/config/load.ts';

const token = (id: string, tok: string, role = 'reception', desk: string | null = 'desk-1') => ({ id, token: tok, role, desk });
const SECRET = 'a-webhook-secret-of-32-characters';

t.test('no configuration at all: the embedded defaults, simulators on', async (t) => {
  const c = resolveConfig(undefined);
  t.equal(c.host, '127.0.0.1');
  t.equal(c.port, 7300);
  t.equal(c.dataDir, './data');
  t.same(c.scanners, []);
  t.same(c.auth.tokens, []);
  t.equal(c.gateway.url, null);
  t.equal(c.simulators.enabled, true, 'no real gateway, no real scanner: the simulators stand in');
  t.match(c.facility.stations, [{ id: 'main', kind: 'facility', desks: ['desk-1'] }]);
  t.same(resolveConfig({}), c, 'an empty file is the same');
});

t.test('the input is not changed: defaults go into a copy', async (t) => {
  const input = { port: 7400, scanners: [{ path: '/dev/ttyACM0' }] };
  const before = structuredClone(input);
  const c = resolveConfig(input);
  t.same(input, before);
  t.equal(c.port, 7400);
});

t.test('serial scanners without an id are numbered; the simulators then stay off unless asked for', async (t) => {
  const c = resolveConfig({ scanners: [{ path: '/dev/ttyACM0' }, { id: 'quay-2', path: 'COM4', desk: 'desk-2' }, { path: '/dev/ttyUSB0' }] });
  t.same(
    c.scanners.map((s) => [s.id, s.path, s.desk]),
    [
      ['serial-1', '/dev/ttyACM0', 'desk-1'],
      ['quay-2', 'COM4', 'desk-2'],
      ['serial-3', '/dev/ttyUSB0', 'desk-1'],
    ],
  );
  t.match(c.scanners[0], { baudRate: 9600, terminator: 'any', idleMs: 100, maxBytes: 4096 }, 'serial defaults filled');
  t.equal(c.simulators.enabled, false, 'a real scanner: no simulated one beside it');
  t.equal(resolveConfig({ scanners: [{ path: '/dev/ttyACM0' }], simulators: { enabled: true } }).simulators.enabled, true, 'unless asked for');
});

t.test('the simulators follow the gateway and scanners unless set explicitly', async (t) => {
  const cases: Array<[string, object, boolean]> = [
    ['a real gateway', { gateway: { url: 'https://egw.baohiemxahoi.gov.vn' } }, false],
    ['a real gateway, simulators asked for', { gateway: { url: 'https://egw.baohiemxahoi.gov.vn' }, simulators: { enabled: true } }, true],
    ['nothing real, simulators turned off', { simulators: { enabled: false } }, false],
  ];
  for (const [what, input, enabled] of cases) t.equal(resolveConfig(input).simulators.enabled, enabled, what);
});

t.test('schema problems are all listed in one ConfigError', async (t) => {
  const err = (() => {
    try {
      resolveConfig({ port: 'seven', unknownKey: 1, facility: { sector: 'army' } });
    } catch (e) {
      return e;
    }
    return null;
  })();
  t.ok(err instanceof ConfigError);
  const message = (err as Error).message;
  t.match(message, /^invalid configuration: /);
  t.match(message, 'port: must be integer');
  t.match(message, '(top level): unknown key "unknownKey"', 'an unknown key is named');
  t.match(message, 'facility.sector: must be one of "public", "private"', 'a wrong value: what it may be, not what it was');
  t.notMatch(message, 'army');
});

t.test('a wrong key in a file: the message names the key, then the file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tiepnhan-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'tiepnhan.json');
  const secret = 'tech-token-bbbbbbbbbbbbb';
  const tokens = [token('quay-1', 'desk-token-1234567890'), { id: 'ky-thuat', token: secret, rol: 'technician' }];
  writeFileSync(file, JSON.stringify({ host: '0.0.0.0', http: { plainLan: true }, auth: { tokens } }), 'utf8');
  const input = await loadConfigFile(file);
  const err = (() => {
    try {
      resolveConfig(input, file);
    } catch (e) {
      return e as Error;
    }
    return null;
  })();
  t.ok(err instanceof ConfigError);
  t.equal(
    err?.message,
    `${file}: invalid configuration: auth.tokens[1]: missing key "role"; auth.tokens[1]: unknown key "rol"`,
    'the file, the entry and the key',
  );
  t.notMatch(err?.message ?? '', secret, 'never the values (a token)');
  t.throws(() => resolveConfig({ host: '0.0.0.0' }, file), { message: `${file}: invalid configuration: listening on 0.0.0.0` }, 'every refusal names the file');
  t.throws(() => resolveConfig({ rol: 1 }), { message: 'invalid configuration: (top level): unknown key "rol"' }, 'no file: the key alone');
});

t.test('unsafe or unusable combinations are refused with what to change', async (t) => {
  const cases: Array<[string, object, RegExp]> = [
    ['listening on the LAN without tokens', { host: '0.0.0.0' }, /listening on 0\.0\.0\.0 \(beyond this PC\) needs API tokens in \/auth\/tokens/],
    [
      'listening on the LAN without TLS',
      { host: '0.0.0.0', auth: { tokens: [token('quay-1', 'desk-token-1234567890')] } },
      /listening on 0\.0\.0\.0 \(beyond this PC\) needs tls \(make a certificate: tiepnhan tls init --name <LAN name>\), or http\.plainLan: true.*nghe ngoài máy này cần tls/,
    ],
    [
      'a plain http:// hub beyond this PC',
      { hub: { url: 'http://10.0.0.5:7310', siteId: 'ttyt-hai-hau', token: 'hub-token-1234567890' } },
      /hub\.url must be https:\/\//,
    ],
    ['TLS with a certificate and no key', { tls: { cert: 'server.crt' } }, /tls/],
    ['a hub URL without site id', { hub: { url: 'https://hub.soyte.local', token: 'hub-token-1234567890' } }, /\/hub needs siteId and token/],
    ['a hub URL without token', { hub: { url: 'https://hub.soyte.local', siteId: 'ttyt-hai-hau' } }, /\/hub needs siteId and token/],
    [
      'one token string for two ids',
      { auth: { tokens: [token('quay-1', 'shared-token-1234567890'), token('ky-thuat', 'shared-token-1234567890', 'technician', null)] } },
      /\/auth\/tokens "quay-1" and "ky-thuat" use the same token string/,
    ],
    [
      'one id listed twice',
      { auth: { tokens: [token('quay-1', 'token-one-1234567890'), token('quay-1', 'token-two-1234567890')] } },
      /\/auth\/tokens id "quay-1" is listed twice/,
    ],
    ['a webhook URL that is not a URL', { his: { webhookUrl: 'his.bv.local/hook', secret: SECRET } }, /\/his\/webhookUrl is not a URL/],
    ['a webhook without a secret', { his: { webhookUrl: 'https://his.bv.local/hook' } }, /\/his\/secret must be at least 16 characters/],
    [
      'a webhook with a short secret',
      { his: { webhookUrl: 'https://his.bv.local/hook', secret: 'short-secret' } },
      /\/his\/secret must be at least 16 characters/,
    ],
    ['a webhook in clear over the LAN', { his: { webhookUrl: 'http://10.0.0.5/hook', secret: SECRET } }, /\/his\/webhookUrl must be https:\/\//],
    ['a webhook over another protocol', { his: { webhookUrl: 'ftp://127.0.0.1/hook', secret: SECRET } }, /\/his\/webhookUrl must be https:\/\//],
    ['check-in without a signer', { checkin: { enabled: true } }, /\/checkin is enabled without \/checkin\/signing/],
    [
      'check-in with a department lacking its service code',
      { checkin: { enabled: true, sendUnsigned: true }, registration: { departments: [{ id: 'kham-noi', name: 'Khám Nội' }] } },
      /\/registration\/departments "kham-noi" needs serviceCode and serviceName/,
    ],
  ];
  for (const [what, input, message] of cases) t.throws(() => resolveConfig(input), { name: 'ConfigError', message }, what);
});

t.test('the safe versions of the same are accepted', async (t) => {
  const cases: Array<[string, object]> = [
    [
      'the LAN with tokens and TLS',
      { host: '0.0.0.0', tls: { cert: 'server.crt', key: 'server.key' }, auth: { tokens: [token('quay-1', 'desk-token-1234567890')] } },
    ],
    ['the LAN with tokens, plain HTTP on purpose', { host: '0.0.0.0', http: { plainLan: true }, auth: { tokens: [token('quay-1', 'desk-token-1234567890')] } }],
    ['TLS from a PKCS#12 file', { tls: { pfx: 'server.pfx', passphrase: 'mật khẩu' } }],
    ['localhost and ::1 are this PC', { host: 'localhost' }],
    ['IPv6 loopback', { host: '::1' }],
    ['a hub with its credentials', { hub: { url: 'https://hub.soyte.local', siteId: 'ttyt-hai-hau', token: 'hub-token-1234567890' } }],
    [
      'distinct tokens for distinct ids',
      { auth: { tokens: [token('quay-1', 'token-one-1234567890'), token('quay-2', 'token-two-1234567890', 'reception', 'desk-2')] } },
    ],
    ['a signed webhook over TLS', { his: { webhookUrl: 'https://his.bv.local/hook', secret: SECRET } }],
    ['a signed webhook in clear to this PC', { his: { webhookUrl: 'http://127.0.0.1:8080/hook', secret: SECRET } }],
    ['to localhost', { his: { webhookUrl: 'http://localhost:8080/hook', secret: SECRET } }],
    ['to IPv6 loopback', { his: { webhookUrl: 'http://[::1]:8080/hook', secret: SECRET } }],
    [
      'check-in sent unsigned where BHXH accepts it, default departments',
      {
        checkin: { enabled: true, sendUnsigned: true },
        registration: { departments: [{ id: 'kham-noi', name: 'Khám Nội', serviceCode: '02.1896', serviceName: 'Khám Nội' }] },
      },
    ],
    [
      'an emergency department needs no service code',
      { checkin: { enabled: true, sendUnsigned: true }, registration: { departments: [{ id: 'cap-cuu', name: 'Cấp cứu', visitCategory: '2' }] } },
    ],
  ];
  for (const [what, input] of cases) t.doesNotThrow(() => resolveConfig(input), what);
});

t.test('a configuration file is read, then resolved', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tiepnhan-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'tiepnhan.json');
  writeFileSync(file, JSON.stringify({ port: 7301, facility: { id: '36007', name: 'Trung tâm Y tế huyện Hải Hậu' } }), 'utf8');
  const c = resolveConfig(await loadConfigFile(file));
  t.equal(c.port, 7301);
  t.equal(c.facility.name, 'Trung tâm Y tế huyện Hải Hậu');
  t.equal(c.facility.tier, 'district', 'defaults inside a slice the file names');
});
