// `tiepnhan tls init --name tiepnhan.bv.local [--ip ADDR]… [--data-dir DIR] [--config FILE]`: the
// facility's own CA (made once, kept in DATA/tls/) and a server certificate it signs for the daemon's
// LAN name and addresses; prints the CA's fingerprint, how to trust it on the desks, and the `tls`
// lines for the configuration. Run again to renew the server certificate: the desks keep trusting
// the same CA. Keys are written 0600 (the data folder's own rule).

import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigFile } from '../config/load.ts';
import { COMMANDS } from './commands.ts';
import { fingerprint, issueServer, makeCa, SERVER_DAYS, type Issued } from './local-ca.ts';

const NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

async function writePrivate(file: string, pem: string): Promise<void> {
  await writeFile(file, pem, { mode: 0o600 });
  await chmod(file, 0o600); // an existing file keeps its mode on write
}

/** The CA already made for this data folder, or a new one (never replaced: every desk trusts it). */
async function caIn(dir: string, name: string, now: Date): Promise<{ ca: Issued; made: boolean }> {
  const [certFile, keyFile] = [join(dir, 'ca.crt'), join(dir, 'ca.key')];
  if (existsSync(certFile) && existsSync(keyFile))
    return { ca: { certPem: await readFile(certFile, 'utf8'), keyPem: await readFile(keyFile, 'utf8') }, made: false };
  const ca = makeCa(name, now);
  await writeFile(certFile, ca.certPem);
  await writePrivate(keyFile, ca.keyPem);
  return { ca, made: true };
}

/** Where the data folder is: --data-dir, else the configuration's dataDir, else ./data. The file is
 *  read as it is (not validated): a LAN configuration without `tls` is refused at start, and making
 *  its certificate is the way out. */
async function dataDirOf(values: { 'data-dir'?: string; config?: string }): Promise<string> {
  if (values['data-dir']) return resolve(values['data-dir']);
  const file = values.config ? ((await loadConfigFile(values.config)) as { dataDir?: unknown }) : {};
  return resolve(typeof file.dataDir === 'string' ? file.dataDir : './data');
}

export async function runTls(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parseArgs({ args: rest, options: COMMANDS.tls.options, strict: true });
  if (sub !== 'init' || !values.name || !NAME.test(values.name)) {
    process.stderr.write(`tiepnhan tls: cần tên máy trong mạng (--name) / a LAN host name is needed (--name)\n  tiepnhan ${COMMANDS.tls.forms[0].usage}\n`);
    return 2;
  }
  const ips = values.ip ?? [];
  const badIp = ips.find((ip) => isIP(ip) === 0);
  if (badIp !== undefined) {
    process.stderr.write(`tiepnhan tls: --ip không phải địa chỉ IP / --ip is not an IP address: ${badIp}\n`);
    return 2;
  }
  const dir = join(await dataDirOf(values), 'tls');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const now = new Date();
  const { ca, made } = await caIn(dir, values.name, now);
  const names = [values.name, ...ips, 'localhost', '127.0.0.1'];
  const server = issueServer(ca, [...new Set(names)], now);
  await writeFile(join(dir, 'server.crt'), server.certPem + ca.certPem); // the chain: browsers need the CA's name
  await writePrivate(join(dir, 'server.key'), server.keyPem);
  process.stdout.write(
    report(dir, { made, names: [...new Set(names)], caFingerprint: fingerprint(ca.certPem), until: new Date(now.getTime() + SERVER_DAYS * 86_400_000) }),
  );
  return 0;
}

function report(dir: string, r: { made: boolean; names: string[]; caFingerprint: string; until: Date }): string {
  const ca = join(dir, 'ca.crt');
  return [
    `${r.made ? 'Đã tạo CA mới / new CA made' : 'Dùng lại CA đã có / the existing CA is kept'}: ${ca}`,
    `  SHA-256: ${r.caFingerprint}`,
    `Chứng chỉ máy chủ / server certificate: ${join(dir, 'server.crt')} (${r.names.join(', ')}), hạn đến / valid until ${r.until.toISOString().slice(0, 10)}`,
    '',
    'Tin cậy CA trên mỗi máy tiếp đón (một lần) / trust the CA on each desk PC (once):',
    `  Windows (Administrator): certutil -addstore -f Root "${ca}"`,
    `  Linux (Debian/Ubuntu):   sudo cp "${ca}" /usr/local/share/ca-certificates/tiepnhan-ca.crt && sudo update-ca-certificates`,
    '  Firefox: Settings → Privacy & Security → Certificates → View Certificates → Authorities → Import',
    '  So khớp SHA-256 ở trên với / compare the SHA-256 above with: certutil -dump ca.crt (Windows), openssl x509 -noout -fingerprint -sha256 -in ca.crt',
    '',
    'Cấu hình / configuration:',
    `  "tls": { "cert": ${JSON.stringify(join(dir, 'server.crt'))}, "key": ${JSON.stringify(join(dir, 'server.key'))} }`,
    '',
  ].join('\n');
}
