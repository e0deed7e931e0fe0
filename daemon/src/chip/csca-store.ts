// The Country Signing CA certificates the operator installed: the only trust anchors a chip's
// Document Signer may chain to. Never taken from the chip itself (a forger would bring his own);
// docs/research/chip-readers.md §3 found no published Vietnamese CSCA, so the bundle is the operator's.

import { X509Certificate } from 'node:crypto';

export interface CscaStore {
  readonly count: number;
  /** The installed CSCA that issued this Document Signer certificate, or null. */
  issuerOf(ds: X509Certificate): X509Certificate | null;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]+-----/g;

/** Every PEM block of the bundle must be a certificate; throws an Error naming the first block that is not. */
export function loadCscaBundle(pem: string): CscaStore {
  const cscas = pemBlocks(pem).map((block, i) => certificateOf(block, i + 1));
  if (cscas.length === 0) throw new Error('CSCA bundle holds no certificate (no -----BEGIN CERTIFICATE----- block)');
  return { count: cscas.length, issuerOf: (ds) => cscas.find((csca) => issued(csca, ds)) ?? null };
}

function pemBlocks(pem: string): Array<{ label: string; text: string }> {
  const blocks = [...pem.matchAll(PEM_BLOCK)].map((m) => ({ label: m[1]!, text: m[0] }));
  // A BEGIN without its END (a truncated paste) would otherwise vanish silently from the bundle.
  const begins = pem.match(PEM_BEGIN)?.length ?? 0;
  if (begins !== blocks.length) throw new Error(`CSCA bundle: block ${blocks.length + 1} has no matching -----END----- line`);
  return blocks;
}

function certificateOf(block: { label: string; text: string }, number: number): X509Certificate {
  // A private key or a CRL pasted into the trust bundle is an operator's mistake worth naming.
  if (block.label !== 'CERTIFICATE') throw new Error(`CSCA bundle: block ${number} is a ${block.label}, not a CERTIFICATE`);
  try {
    return new X509Certificate(block.text);
  } catch {
    throw new Error(`CSCA bundle: block ${number} is not a valid X.509 certificate`);
  }
}

// The issuer name must match and the DS signature verify under the CSCA's key. Validity dates are
// deliberately not checked: a card stays valid for years after its Document Signer's signing
// period ends (ICAO 9303-12), so an expired DS on a card in date is the normal case.
function issued(csca: X509Certificate, ds: X509Certificate): boolean {
  try {
    return ds.checkIssued(csca) && ds.verify(csca.publicKey);
  } catch {
    return false;
  }
}
