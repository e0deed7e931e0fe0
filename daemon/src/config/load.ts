import { Ajv, type ValidateFunction } from 'ajv';
import { ConfigError, configProblems } from '../vocabulary/config-error.ts';
import { loadConfigFile } from '../vocabulary/config-file.ts';
import { configSchema, type Config, type ConfigFile } from './schema.ts';

export { ConfigError };

const LOOPBACK: ReadonlySet<string> = new Set(['127.0.0.1', '::1', 'localhost']);

/** The compiled validator, held weakly: the daemon resolves its config once at start, and the
 *  validator's generated code (~0.5 MB) need not stay resident for the months it then runs. */
let compiled: WeakRef<ValidateFunction> | null = null;
function validator(): ValidateFunction {
  const live = compiled?.deref();
  if (live) return live;
  const fresh = new Ajv({ useDefaults: true, allErrors: true }).compile(configSchema);
  compiled = new WeakRef(fresh);
  return fresh;
}

/** Validates a plain object and fills every default; throws ConfigError listing every problem, each
 *  naming its key (`auth.tokens[1]: unknown key "rol"`), and the file when `file` says which one the
 *  object was read from (what the command line adds is checked with it). */
export function resolveConfig(input: unknown, file?: string): Config {
  try {
    return resolveChecked(input);
  } catch (err) {
    if (file === undefined || !(err instanceof ConfigError)) throw err;
    // The same form as a file that is not JSON (vocabulary/config-file.ts): the file, then the fault.
    throw new ConfigError(`${file}: ${err.message}`, { cause: err });
  }
}

function resolveChecked(input: unknown): Config {
  const copy: unknown = structuredClone(input ?? {});
  const validate = validator();
  if (!validate(copy)) throw new ConfigError(`invalid configuration: ${configProblems(validate.errors ?? []).join('; ')}`);
  const config = copy as ConfigFile;
  if (!LOOPBACK.has(config.host) && config.auth.tokens.length === 0) {
    throw new ConfigError(
      `invalid configuration: listening on ${config.host} (beyond this PC) needs API tokens in /auth/tokens; without them tiepnhan only listens on 127.0.0.1`,
    );
  }
  if (!LOOPBACK.has(config.host) && config.tls === null && !config.http.plainLan) {
    throw new ConfigError(
      `invalid configuration: listening on ${config.host} (beyond this PC) needs tls (make a certificate: tiepnhan tls init --name <LAN name>), or http.plainLan: true to serve plain HTTP on purpose / nghe ngoài máy này cần tls (tạo chứng chỉ: tiepnhan tls init), hoặc http.plainLan: true nếu cố ý dùng HTTP thường`,
    );
  }
  if (config.hub.url !== null && (config.hub.siteId === '' || config.hub.token === '')) {
    throw new ConfigError('invalid configuration: /hub needs siteId and token when url is set (the hub refuses anonymous pushes)');
  }
  checkTokens(config);
  checkWebhook(config);
  checkHub(config);
  checkCheckin(config);
  const scanners = config.scanners.map((s, i) => ({ ...s, id: s.id ?? `serial-${i + 1}` }));
  // Simulators never count as equipment: a site with a real gateway or a real scanner runs without
  // them unless it asks for them explicitly.
  const chipReaders = config.chipReaders.map((r, i) => ({ ...r, id: r.id ?? `chip-${i + 1}` }));
  const enabled = config.simulators.enabled ?? (config.gateway.url === null && scanners.length === 0 && chipReaders.length === 0);
  return { ...config, scanners, chipReaders, simulators: { ...config.simulators, enabled } };
}

/** A check-in that cannot be built or signed is refused at start, not at the first patient. */
function checkCheckin(config: ConfigFile): void {
  const c = config.checkin;
  if (!c.enabled) return;
  if (c.signing === null && !c.sendUnsigned)
    throw new ConfigError(
      'invalid configuration: /checkin is enabled without /checkin/signing (set a signer, or sendUnsigned: true where BHXH accepts unsigned check-ins)',
    );
  const missing = config.registration.departments.find((d) => d.visitCategory !== '2' && d.serviceCode === '');
  if (missing)
    throw new ConfigError(`invalid configuration: /registration/departments "${missing.id}" needs serviceCode and serviceName for the check-in (MA_DICH_VU)`);
}

/** One token string for two ids (or two roles) would make the second unreachable, or grant the wrong role. */
function checkTokens(config: ConfigFile): void {
  const seen = new Map<string, string>();
  for (const t of config.auth.tokens) {
    const other = seen.get(t.token);
    if (other !== undefined)
      throw new ConfigError(`invalid configuration: /auth/tokens "${other}" and "${t.id}" use the same token string; give each role and desk its own token`);
    seen.set(t.token, t.id);
  }
  const ids = config.auth.tokens.map((t) => t.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) throw new ConfigError(`invalid configuration: /auth/tokens id "${dup}" is listed twice`);
}

/** A webhook carries patients: it must be signed, and leave this PC only over TLS. */
function checkWebhook(config: ConfigFile): void {
  const url = config.his.webhookUrl;
  if (url === null) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`invalid configuration: /his/webhookUrl is not a URL`);
  }
  if (config.his.secret.length < 16)
    throw new ConfigError('invalid configuration: /his/secret must be at least 16 characters when /his/webhookUrl is set (deliveries are signed with it)');
  if (!secureOrLocal(parsed)) throw new ConfigError("invalid configuration: /his/webhookUrl must be https:// (plain http:// only to this PC's loopback)");
}

/** https://, or plain http:// to this PC's own loopback: what carries a token or patients. */
function secureOrLocal(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return url.protocol === 'https:' || (url.protocol === 'http:' && (LOOPBACK.has(host) || host.startsWith('127.')));
}

/** Every push carries the site's token: beyond this PC it goes over TLS only (as the webhook does). */
function checkHub(config: ConfigFile): void {
  const url = config.hub.url;
  if (url === null) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('invalid configuration: hub.url is not a URL');
  }
  if (!secureOrLocal(parsed))
    throw new ConfigError(
      "invalid configuration: hub.url must be https:// (plain http:// only to this PC's loopback): every push carries the site's token / hub.url phải là https:// (mỗi lần gửi đều mang mã truy cập của cơ sở)",
    );
}

export { loadConfigFile };
