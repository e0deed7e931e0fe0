// CHUKYDONVI: an XML-DSig enveloped signature over the whole document (Reference URI="", transforms
// enveloped-signature + C14N 1.0 inclusive, RSA-SHA256, SHA-256 digest, the X.509 certificate in
// KeyInfo), placed inside <CHUKYDONVI> (docs/research/checkin-xml0.md §3). Canonicalisation and the
// digests are xml-crypto's; only the raw RSA operation is the signer's (a key file, a PKCS#11 token).

import { SignedXml } from 'xml-crypto';

export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

/** RSASSA-PKCS1-v1_5 with SHA-256 over `data` (the canonical SignedInfo). */
export type RawSign = (data: Buffer) => Buffer;

export function signEnveloped(xml: string, certPem: string, rawSign: RawSign): string {
  const sig = new SignedXml({ publicCert: certPem, privateKey: 'held-by-the-signer', signatureAlgorithm: RSA_SHA256, canonicalizationAlgorithm: C14N });
  // The RSA operation is delegated: the private key may never leave its token.
  sig.SignatureAlgorithms[RSA_SHA256] = class {
    getSignature(signedInfo: string | Buffer): string {
      return rawSign(Buffer.from(signedInfo)).toString('base64');
    }
    verifySignature(): boolean {
      return false;
    }
    getAlgorithmName(): string {
      return RSA_SHA256;
    }
  };
  sig.addReference({ xpath: '/*', transforms: [ENVELOPED, C14N], digestAlgorithm: SHA256, isEmptyUri: true });
  sig.computeSignature(xml, { location: { reference: "/*/*[local-name()='CHUKYDONVI']", action: 'append' } });
  return sig.getSignedXml();
}
