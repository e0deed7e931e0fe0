// The daemon's certificate from the configuration: PEM files or a PKCS#12 file, and a renewal served
// without a restart; a changed file that cannot be used keeps the certificate being served.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import t, { type Test } from 'tap';
import { issueServer, makeCa } from '../../../../daemon/src/cli/local-ca.ts';
import { readTls, TlsReload, type TlsOptions } from '../../../../daemon/src/http/tls.ts';
import { createLogger } from '../../../../daemon/src/log.ts';

const CA = makeCa('tiepnhan.bv.local', new Date());
const SERVER = issueServer(CA, ['tiepnhan.bv.local'], new Date());

async function folder(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-tlscfg-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

t.test('PEM files, or a PKCS#12 file with its passphrase', async (t) => {
  const dir = await folder(t);
  await writeFile(join(dir, 'server.crt'), SERVER.certPem);
  await writeFile(join(dir, 'server.key'), SERVER.keyPem);
  const pem = await readTls({ cert: join(dir, 'server.crt'), key: join(dir, 'server.key') });
  t.equal(String(pem.cert), SERVER.certPem);
  t.equal(String(pem.key), SERVER.keyPem);
  const p12 = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(SERVER.keyPem), [forge.pki.certificateFromPem(SERVER.certPem)], 'mật khẩu', {
    algorithm: '3des',
  });
  await writeFile(join(dir, 'server.pfx'), Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'));
  t.same(Object.keys(await readTls({ pfx: join(dir, 'server.pfx'), passphrase: 'mật khẩu' })).sort(), ['passphrase', 'pfx']);
  await t.rejects(readTls({ cert: join(dir, 'missing.crt'), key: join(dir, 'server.key') }), { code: 'ENOENT' });
});

t.test('a renewed certificate is given to the server; one that cannot be used keeps the old, with a log line', async (t) => {
  const dir = await folder(t);
  const config = { cert: join(dir, 'server.crt'), key: join(dir, 'server.key') };
  await writeFile(config.cert, SERVER.certPem);
  await writeFile(config.key, SERVER.keyPem);
  const served: TlsOptions[] = [];
  const lines: string[] = [];
  const log = createLogger('info', { write: (s: string) => void lines.push(s) });
  const reload = new TlsReload({
    config,
    log,
    // node's https.Server.setSecureContext throws on a key and certificate that do not match; so does this stand-in.
    server: () => ({
      setSecureContext: (o: TlsOptions) => {
        if (String(o.key).includes('BROKEN')) throw new Error('error:1E08010C:DECODER routines::unsupported');
        served.push(o);
      },
    }),
  });
  t.equal(await reload.reload(), true);
  t.equal(String(served[0]!.cert), SERVER.certPem);
  t.match(lines.at(-1), /TLS certificate reloaded/);
  await writeFile(config.key, '-----BEGIN BROKEN KEY-----');
  t.equal(await reload.reload(), false);
  t.equal(served.length, 1, 'the old certificate is still served');
  t.match(lines.at(-1), /cannot be used: the previous one is still served/);
  reload.start();
  reload.stop();
});
