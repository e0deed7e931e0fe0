// What the check-in (XML0) tests need from Debian: openssl for a facility's key and certificate, xmlsec1
// as the independent XML-DSig verifier, SoftHSM2 as a PKCS#11 token.

import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGatewaySim, type GatewaySim } from '../../simulators/src/gateway/gateway-app.ts';
import { startTestDaemon, type TestDaemon } from './daemon.ts';
import { requirement } from './requirement.ts';

export const SOFTHSM_MODULE = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so'].find((p) => existsSync(p)) ?? null;

const has = (cmd: string): boolean => spawnSync(cmd, ['--version']).status === 0;

export function xmlsecRequirement(): { skip: string | false } {
  return requirement(
    has('xmlsec1'),
    'xmlsec1 is required under CI=true (apt-get install -y xmlsec1)',
    'xmlsec1 is not installed: no independent signature check (apt-get install -y xmlsec1)',
  );
}

export function softhsmRequirement(): { skip: string | false } {
  return requirement(
    SOFTHSM_MODULE !== null && spawnSync('softhsm2-util', ['--version']).status === 0,
    'SoftHSM2 is required under CI=true (apt-get install -y softhsm2)',
    'SoftHSM2 is not installed: PKCS#11 signing untested (apt-get install -y softhsm2)',
  );
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`${cmd} ${args[0]} failed: ${r.stderr}`);
}

/** An RSA key (PEM, PKCS#8), its self-signed certificate, and the two as a .pfx with `passphrase`. */
export function makeCertificate(dir: string, name: string, opts: { days?: number; passphrase?: string } = {}): { key: string; cert: string; pfx: string } {
  const key = join(dir, `${name}.key.pem`);
  const cert = join(dir, `${name}.cert.pem`);
  const pfx = join(dir, `${name}.pfx`);
  run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    String(opts.days ?? 365),
    '-subj',
    `/CN=${name}/O=tiepnhan test`,
  ]);
  run('openssl', ['pkcs12', '-export', '-inkey', key, '-in', cert, '-out', pfx, '-passout', `pass:${opts.passphrase ?? ''}`]);
  return { key, cert, pfx };
}

/** xmlsec1's verdict on a signed document, trusting only `certPem`'s file. */
export function xmlsecVerify(dir: string, xml: string, certFile: string): { ok: boolean; output: string } {
  const file = join(dir, `verify-${Date.now()}-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  const r = spawnSync('xmlsec1', ['--verify', '--trusted-pem', certFile, file], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/** A SoftHSM2 token in `dir` holding `keyFile` (PKCS#8 PEM) under `keyLabel`; returns the env to use it. */
export function softhsmToken(dir: string, keyFile: string, o: { tokenLabel: string; keyLabel: string; pin: string }): NodeJS.ProcessEnv {
  const tokens = join(dir, 'tokens');
  mkdirSync(tokens, { recursive: true });
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  run('softhsm2-util', ['--init-token', '--free', '--label', o.tokenLabel, '--pin', o.pin, '--so-pin', '87654321'], env);
  run('softhsm2-util', ['--import', keyFile, '--token', o.tokenLabel, '--label', o.keyLabel, '--id', '01', '--pin', o.pin], env);
  return env;
}

/** A department with the examination service a check-in needs. */
export const KHAM_NOI = { id: 'kham-noi', name: 'Khám Nội', prefix: 'A', serviceCode: '02.1896', serviceName: 'Khám bệnh Nội' };

/** A daemon with check-in on, signing with a fresh certificate its gateway (a simulator on loopback)
 *  does not know yet: its check-ins are refused until the test registers the certificate. */
export async function refusingCheckinDaemon(
  t: { teardown(fn: () => unknown): void },
  scanner: { id: string; desk: string },
): Promise<{ d: TestDaemon; sim: GatewaySim; gatewayUrl: string; cert: { key: string; cert: string; pfx: string } }> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-checkin-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const cert = makeCertificate(dir, 'bv-00000');
  const sim = createGatewaySim({ seed: 1, populationSize: 100 });
  const gatewayUrl = await sim.app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => sim.app.close());
  const d = await startTestDaemon(t, {
    config: {
      gateway: { url: gatewayUrl },
      simulators: { enabled: true, scanners: [scanner] },
      registration: { departments: [KHAM_NOI] },
      checkin: { enabled: true, signing: { keyPem: cert.key, certPem: cert.cert }, pollMs: 50, retryBaseMs: 50 },
    },
  });
  return { d, sim, gatewayUrl, cert };
}

/** A key and a certificate that expired yesterday (openssl req cannot make one; node-forge can). */
export function expiredCertificate(dir: string): { key: string; cert: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = join(dir, 'expired.key.pem');
  const cert = join(dir, 'expired.cert.pem');
  const c = forge.pki.createCertificate();
  c.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  c.serialNumber = '01';
  c.validity.notBefore = new Date(Date.now() - 30 * 86_400_000);
  c.validity.notAfter = new Date(Date.now() - 86_400_000);
  const subject = [{ name: 'commonName', value: 'expired' }];
  c.setSubject(subject);
  c.setIssuer(subject);
  c.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()), forge.md.sha256.create());
  writeFileSync(key, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(cert, forge.pki.certificateToPem(c));
  return { key, cert };
}
