// Who signs XML0, behind one small interface: a key and certificate on disk (.pfx, or PEM files), a
// PKCS#11 token (USB token, HSM; SoftHSM2 in tests), or an external signing service on the LAN (as
// many HIS use with USB tokens). Private keys and PINs stay inside: never logged, never in errors.

import { createPrivateKey, sign as rsaSign, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import forge from 'node-forge';
import type { SigningConfig } from './checkin-config.ts';
import { signEnveloped } from './xml-signature.ts';
import { pkcs11Signer } from './pkcs11-signer.ts';
import { SignerError, type Xml0Signer } from './signer.ts';

export type { Xml0Signer };
export { SignerError };

/** A .pfx / .p12 file: node's crypto cannot read PKCS#12, node-forge can. */
function fromPfx(der: Buffer, passphrase: string): { key: KeyObject; certPem: string } {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der.toString('binary')), passphrase);
  } catch {
    throw new SignerError('cannot open the .pfx file (wrong passphrase or not PKCS#12)');
  }
  const key = p12.getBags({ bagType: forge.pki.oids['pkcs8ShroudedKeyBag']! })[forge.pki.oids['pkcs8ShroudedKeyBag']!]?.[0]?.key;
  const cert = p12.getBags({ bagType: forge.pki.oids['certBag']! })[forge.pki.oids['certBag']!]?.[0]?.cert;
  if (!key || !cert) throw new SignerError('the .pfx file holds no private key and certificate');
  return { key: createPrivateKey(forge.pki.privateKeyToPem(key)), certPem: forge.pki.certificateToPem(cert) };
}

function fileSigner(key: KeyObject, certPem: string): Xml0Signer {
  return {
    kind: 'file',
    certificatePem: () => certPem,
    sign: async (xml) => signEnveloped(xml, certPem, (data) => rsaSign('sha256', data, key)),
    close: async () => undefined,
  };
}

/** POSTs the unsigned document (application/xml) and takes back the signed one. */
function externalSigner(url: string, certPem: string | null): Xml0Signer {
  return {
    kind: 'external',
    certificatePem: () => certPem,
    async sign(xml) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/xml; charset=utf-8' },
        body: xml,
        signal: AbortSignal.timeout(30_000),
      });
      const body = await res.text();
      if (!res.ok || !body.includes('SignatureValue')) throw new SignerError(`the signing service answered HTTP ${res.status} without a signed document`);
      return body;
    },
    close: async () => undefined,
  };
}

export async function createSigner(config: SigningConfig, env: NodeJS.ProcessEnv = process.env): Promise<Xml0Signer> {
  if ('pfx' in config) {
    const passphrase = config.passphrase ?? env[config.passphraseEnv ?? 'TIEPNHAN_CHECKIN_PASSPHRASE'] ?? '';
    const { key, certPem } = fromPfx(await readFile(config.pfx), passphrase);
    return fileSigner(key, certPem);
  }
  if ('keyPem' in config) {
    const [key, certPem] = await Promise.all([readFile(config.keyPem, 'utf8'), readFile(config.certPem, 'utf8')]);
    return fileSigner(createPrivateKey({ key, passphrase: config.passphrase ?? env[config.passphraseEnv ?? 'TIEPNHAN_CHECKIN_PASSPHRASE'] }), certPem);
  }
  if ('pkcs11' in config) {
    const pin = env[config.pkcs11.pinEnv];
    if (!pin) throw new SignerError(`the token PIN is not set: export ${config.pkcs11.pinEnv}`);
    return pkcs11Signer({ ...config.pkcs11, pin, certPem: config.certPem ? await readFile(config.certPem, 'utf8') : null });
  }
  return externalSigner(config.external.url, config.certPem ? await readFile(config.certPem, 'utf8') : null);
}
