// The one small interface every XML0 signer implements (signers.ts builds them from the config).

export interface Xml0Signer {
  readonly kind: 'file' | 'pkcs11' | 'external';
  /** The signing certificate (PEM) when known (for health and the simulator's registry). */
  certificatePem(): string | null;
  /** The document with its signature inside CHUKYDONVI. */
  sign(xml: string): Promise<string>;
  close(): Promise<void>;
}

/** A signer that cannot start or sign; its message never holds a key, a passphrase or a PIN. */
export class SignerError extends Error {
  override readonly name = 'SignerError';
}
