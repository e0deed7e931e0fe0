// Who signs XML0, as the configuration says (docs/research/checkin-xml0.md §3): a PEM key and
// certificate, a .pfx file, or an external signing service on the LAN (PKCS#11 tokens: their own test
// and the SoftHSM2 integration test). Each signer's document is accepted by the simulated gateway's
// verifier; its certificate is known for the expiry warning; and a wrong passphrase, a missing PIN or
// a signing service that fails stops with a SignerError whose message never holds the secret.

import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import t, { type Test } from 'tap';
import type { EligibilityCard, IdentityView } from '../../../../daemon/src/api/contract.ts';
import { createSigner, SignerError, type Xml0Signer } from '../../../../daemon/src/checkin/signers.ts';
import { xml0Document, xml0Row } from '../../../../daemon/src/checkin/xml0-document.ts';
import { CheckinDesk } from '../../../../simulators/src/gateway/checkin.ts';

const PASSPHRASE = 'mat-khau-ky-so-2026';

/** A 1024-bit key (quicker to make; the signature profile is the same) and its self-signed certificate. */
function facilityKey(): { key: KeyObject; forgeKey: forge.pki.rsa.PrivateKey; cert: forge.pki.Certificate; certPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date('2026-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2028-01-01T00:00:00Z');
  cert.setSubject([{ name: 'commonName', value: 'bv-01001' }]);
  cert.setIssuer([{ name: 'commonName', value: 'bv-01001' }]);
  cert.sign(forgeKey, forge.md.sha256.create());
  return { key: privateKey, forgeKey, cert, certPem: forge.pki.certificateToPem(cert) };
}

const F = facilityKey();

/** The facility's key and certificate as the files a clinic would configure (made once for the file). */
let made: Promise<(name: string) => string> | null = null;
function files(_t: Test): Promise<(name: string) => string> {
  made ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-sig-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const path = (name: string) => join(dir, name);
    await writeFile(path('key.pem'), F.key.export({ type: 'pkcs8', format: 'pem' }));
    await writeFile(path('key.enc.pem'), F.key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }));
    await writeFile(path('cert.pem'), F.certPem);
    // Few key-derivation rounds: the format is the same, the test quicker.
    const pfx = (key: forge.pki.rsa.PrivateKey | null): Buffer =>
      Buffer.from(forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(key, [F.cert], PASSPHRASE, { algorithm: '3des', count: 16 })).getBytes(), 'binary');
    await writeFile(path('bv.pfx'), pfx(F.forgeKey));
    await writeFile(path('cert-only.pfx'), pfx(null));
    await writeFile(path('not-a.pfx'), 'MIIJ not PKCS#12 at all');
    return path;
  })();
  return made;
}

const identity: IdentityView = {
  kind: 'cccd2021',
  id: '001089012345',
  cardCode: null,
  oldId: '013456789',
  name: 'Nguyễn Văn An',
  dob: '1989-03-15',
  sex: 'M',
  address: 'Phường Thụy Khuê, Quận Tây Hồ, Hà Nội',
  issueDate: '2021-04-20',
};
let visit = 0;
const xml0 = (): string =>
  xml0Document(
    xml0Row({
      maLk: `01001.20261201.${++visit}`,
      patientId: 42,
      identity,
      card: { maThe: 'DN4010123456789', gtTheTu: '01/01/2026', gtTheDen: '31/12/2026', maDKBD: '01001' } as EligibilityCard,
      registeredAt: new Date('2026-12-01T02:05:00Z'),
      facilityCode: '01001',
      department: { serviceCode: '02.1896', serviceName: 'Khám bệnh Nội', visitCategory: '1', careType: '01' },
    }),
  );

/** What the simulated gateway answers to a document signed by `signer`. */
async function gatewaySays(signer: Xml0Signer): Promise<{ maKetQua: string; thongDiep: string }> {
  const desk = new CheckinDesk(() => Date.parse('2026-12-01T02:05:00Z'));
  desk.registerCertificate(F.certPem);
  return desk.receive(Buffer.from(await signer.sign(xml0()), 'utf8').toString('base64'));
}

const ACCEPTED = { maKetQua: '200', thongDiep: 'Tiếp nhận thành công' };

t.test('a PEM key and certificate: a file signer whose documents the gateway accepts', async (t) => {
  const path = await files(t);
  const signer = await createSigner({ keyPem: path('key.pem'), certPem: path('cert.pem') }, {});
  t.equal(signer.kind, 'file');
  t.equal(signer.certificatePem(), F.certPem, 'its certificate, for the expiry warning');
  t.match(await gatewaySays(signer), ACCEPTED);
  await signer.close();
});

t.test('an encrypted PEM key: the passphrase from the config, from a named variable, or from TIEPNHAN_CHECKIN_PASSPHRASE', async (t) => {
  const path = await files(t);
  const key = { keyPem: path('key.enc.pem'), certPem: path('cert.pem') };
  for (const [what, config, env] of [
    ['passphrase', { ...key, passphrase: PASSPHRASE }, {}],
    ['passphraseEnv', { ...key, passphraseEnv: 'BV_KY_SO' }, { BV_KY_SO: PASSPHRASE }],
    ['the default variable', key, { TIEPNHAN_CHECKIN_PASSPHRASE: PASSPHRASE }],
  ] as const) {
    t.match(await gatewaySays(await createSigner(config, env)), ACCEPTED, what);
  }
  const wrong = (await createSigner({ ...key, passphrase: 'sai-mat-khau' }, {}).catch((e: unknown) => e)) as Error;
  t.ok(wrong instanceof Error, 'a wrong passphrase stops the start');
  t.notMatch(wrong.message, 'sai-mat-khau', 'without the passphrase in the message');
  await t.rejects(createSigner(key, {}), 'no passphrase at all');
});

t.test('a .pfx file: the passphrase from the config, from a named variable, or from TIEPNHAN_CHECKIN_PASSPHRASE', async (t) => {
  const path = await files(t);
  for (const [what, config, env] of [
    ['passphrase', { pfx: path('bv.pfx'), passphrase: PASSPHRASE }, {}],
    ['passphraseEnv', { pfx: path('bv.pfx'), passphraseEnv: 'BV_KY_SO' }, { BV_KY_SO: PASSPHRASE }],
    ['the default variable', { pfx: path('bv.pfx') }, { TIEPNHAN_CHECKIN_PASSPHRASE: PASSPHRASE }],
  ] as const) {
    const signer = await createSigner(config, env);
    t.equal(signer.kind, 'file', what);
    t.equal(signer.certificatePem()?.replace(/\r/g, ''), F.certPem.replace(/\r/g, ''), `${what}: the certificate inside the .pfx`);
    t.match(await gatewaySays(signer), ACCEPTED, `${what}: accepted`);
  }
});

t.test('a .pfx that cannot be used: a SignerError saying why, never the passphrase', async (t) => {
  const path = await files(t);
  const cases: Array<[string, { pfx: string; passphrase: string }, RegExp]> = [
    ['a wrong passphrase', { pfx: path('bv.pfx'), passphrase: 'sai-mat-khau' }, /cannot open the \.pfx file \(wrong passphrase or not PKCS#12\)/],
    ['not a PKCS#12 file', { pfx: path('not-a.pfx'), passphrase: PASSPHRASE }, /cannot open the \.pfx file/],
    ['a certificate without its key', { pfx: path('cert-only.pfx'), passphrase: PASSPHRASE }, /holds no private key and certificate/],
  ];
  for (const [what, config, message] of cases) {
    const err = (await createSigner(config, {}).catch((e: unknown) => e)) as Error;
    t.ok(err instanceof SignerError, `${what}: a SignerError`);
    t.match(err, { name: 'SignerError', message }, what);
    t.notMatch(err.message, config.passphrase, `${what}: no passphrase in the message`);
  }
  await t.rejects(createSigner({ pfx: path('missing.pfx') }, {}), { code: 'ENOENT' }, 'a missing file');
});

t.test('a PKCS#11 token without its PIN set: says which variable to export, before touching the token', async (t) => {
  const err = (await createSigner(
    { pkcs11: { module: '/nonexistent/libsofthsm2.so', tokenLabel: 'tiepnhan', keyLabel: 'bv-ky-so', pinEnv: 'TOKEN_PIN' } },
    {},
  ).catch((e: unknown) => e)) as Error;
  t.ok(err instanceof SignerError);
  t.equal(err.message, 'the token PIN is not set: export TOKEN_PIN');
  await t.rejects(
    createSigner({ pkcs11: { module: '/nonexistent/libsofthsm2.so', tokenLabel: 'tiepnhan', keyLabel: 'bv-ky-so', pinEnv: 'TOKEN_PIN' } }, { TOKEN_PIN: '' }),
    { name: 'SignerError' },
    'an empty PIN is no PIN',
  );
});

/** A signing service on this PC: records what it is sent and answers with `reply`. */
async function signingService(
  t: Test,
  reply: (body: string, res: ServerResponse) => void,
): Promise<{ url: string; received: Array<{ type: string; body: string }> }> {
  const received: Array<{ type: string; body: string }> = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ type: String(req.headers['content-type']), body });
      reply(body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sign`, received };
}

t.test('an external signing service: the unsigned XML0 goes out as application/xml, the signed one comes back', async (t) => {
  const path = await files(t);
  const inner = await createSigner({ keyPem: path('key.pem'), certPem: path('cert.pem') }, {});
  const service = await signingService(t, (body, res) => void inner.sign(body).then((s) => res.writeHead(200, { 'content-type': 'application/xml' }).end(s)));
  const signer = await createSigner({ external: { url: service.url }, certPem: path('cert.pem') }, {});
  t.equal(signer.kind, 'external');
  t.equal(signer.certificatePem(), F.certPem, 'its certificate from certPem, for the expiry warning');
  t.match(await gatewaySays(signer), ACCEPTED);
  t.equal(service.received[0]?.type, 'application/xml; charset=utf-8');
  t.match(service.received[0]?.body, /<HO_TEN>Nguyễn Văn An<\/HO_TEN>.*<CHUKYDONVI><\/CHUKYDONVI>/, 'the unsigned document, UTF-8 intact');
  t.equal((await createSigner({ external: { url: service.url } }, {})).certificatePem(), null, 'no certPem: no certificate known');
});

t.test('a signing service that fails or sends back something unsigned: a SignerError, never an unsigned check-in', async (t) => {
  const cases: Array<[string, (body: string, res: ServerResponse) => void, RegExp]> = [
    ['HTTP 500', (_b, res) => void res.writeHead(500).end('token not inserted'), /answered HTTP 500 without a signed document/],
    ['the document back unsigned', (body, res) => void res.writeHead(200).end(body), /answered HTTP 200 without a signed document/],
    ['HTTP 401 with a signature-looking body', (_b, res) => void res.writeHead(401).end('<SignatureValue/>'), /answered HTTP 401/],
  ];
  for (const [what, reply, message] of cases) {
    const service = await signingService(t, reply);
    const signer = await createSigner({ external: { url: service.url } }, {});
    await t.rejects(signer.sign(xml0()), { name: 'SignerError', message }, what);
  }
  const down = await createSigner({ external: { url: 'http://127.0.0.1:9/sign' } }, {});
  await t.rejects(down.sign(xml0()), 'a service that is not running');
});
