// Signing with a key that never leaves its PKCS#11 token (a USB token, an HSM; SoftHSM2 in tests).
// pkcs11js is an optional dependency, loaded only when a token is configured: a clinic signing with
// a .pfx file never needs its native build.

import { createRequire } from 'node:module';
import type * as Pkcs11Js from 'pkcs11js';
import { signEnveloped } from './xml-signature.ts';
import type { Xml0Signer } from './signer.ts';

export interface Pkcs11Options {
  readonly module: string;
  readonly tokenLabel: string;
  readonly keyLabel: string;
  readonly pin: string;
  /** The certificate, when the token does not hold it under the key's label. */
  readonly certPem: string | null;
}

function toPem(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`.replace(/\n\n/g, '\n');
}

export function pkcs11Signer(o: Pkcs11Options): Xml0Signer {
  const lib = createRequire(import.meta.url)('pkcs11js') as typeof Pkcs11Js;
  const p11 = new lib.PKCS11();
  p11.load(o.module);
  p11.C_Initialize();
  try {
    const slot = p11.C_GetSlotList(true).find((s) => p11.C_GetTokenInfo(s).label.trim() === o.tokenLabel);
    if (!slot) throw new Error(`no PKCS#11 token labelled "${o.tokenLabel}"`);
    const session = p11.C_OpenSession(slot, lib.CKF_SERIAL_SESSION | lib.CKF_RW_SESSION);
    p11.C_Login(session, lib.CKU_USER, o.pin);
    const find = (cls: number): Pkcs11Js.Handle | null => {
      p11.C_FindObjectsInit(session, [
        { type: lib.CKA_CLASS, value: cls },
        { type: lib.CKA_LABEL, value: o.keyLabel },
      ]);
      const h = p11.C_FindObjects(session);
      p11.C_FindObjectsFinal(session);
      return h;
    };
    const key = find(lib.CKO_PRIVATE_KEY);
    if (!key) throw new Error(`no private key labelled "${o.keyLabel}" on the token`);
    const certHandle = o.certPem ? null : find(lib.CKO_CERTIFICATE);
    const certPem = o.certPem ?? (certHandle ? toPem(p11.C_GetAttributeValue(session, certHandle, [{ type: lib.CKA_VALUE }])[0]!.value) : null);
    if (!certPem) throw new Error(`no certificate labelled "${o.keyLabel}" on the token (set checkin.signing.certPem)`);
    const rawSign = (data: Buffer): Buffer => {
      p11.C_SignInit(session, { mechanism: lib.CKM_SHA256_RSA_PKCS }, key);
      return p11.C_Sign(session, data, Buffer.alloc(1024));
    };
    return {
      kind: 'pkcs11',
      certificatePem: () => certPem,
      sign: async (xml) => signEnveloped(xml, certPem, rawSign),
      close: async () => {
        p11.C_Logout(session);
        p11.C_CloseSession(session);
        p11.C_Finalize();
      },
    };
  } catch (err) {
    p11.C_Finalize();
    throw err;
  }
}
