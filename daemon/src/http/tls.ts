// HTTPS served by the daemon itself (issue #32): tokens, the page login and patients cross the
// clinic's LAN, and "TLS in front, a reverse proxy" is one more program a clinic's IT has to run. The
// certificate is PEM files (`cert`, `key`: what `tiepnhan tls init` writes) or a PKCS#12 file (`pfx`,
// `passphrase`: what Windows IT staff export from the certificate store). It is re-read when its files
// change, so a renewed certificate is served without a restart; a file that cannot be read then
// keeps the one being served and says so in the log.

import { watchFile, unwatchFile } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Server as HttpsServer, ServerOptions } from 'node:https';
import type { Logger } from '../log.ts';
import type { ConfigOf } from '../vocabulary/config-slice.ts';
import type { Feature } from '../vocabulary/feature.ts';

const path = { type: 'string', minLength: 1 } as const;

export const TLS_SCHEMA = {
  default: null,
  oneOf: [
    { type: 'null' },
    { type: 'object', additionalProperties: false, required: ['cert', 'key'], properties: { cert: path, key: path, passphrase: { type: 'string' } } },
    { type: 'object', additionalProperties: false, required: ['pfx'], properties: { pfx: path, passphrase: { type: 'string' } } },
  ],
} as const;

export type TlsConfig = NonNullable<ConfigOf<typeof TLS_SCHEMA>>;
export type TlsOptions = Pick<ServerOptions, 'cert' | 'key' | 'pfx' | 'passphrase'>;

const filesOf = (c: TlsConfig): string[] => ('pfx' in c ? [c.pfx] : [c.cert, c.key]);

/** The server's certificate and key, read from the configured files. */
export async function readTls(c: TlsConfig): Promise<TlsOptions> {
  const passphrase = c.passphrase !== undefined ? { passphrase: c.passphrase } : {};
  if ('pfx' in c) return { pfx: await readFile(c.pfx), ...passphrase };
  return { cert: await readFile(c.cert), key: await readFile(c.key), ...passphrase };
}

/** Serves a renewed certificate without a restart: the files are polled (`fs.watchFile`: an editor or
 *  a renewal script replacing a file is still seen, on Windows too), re-read after a change, and given
 *  to the server. A file that does not read (half written, wrong passphrase) keeps the old one. */
export class TlsReload implements Feature {
  readonly name = 'tls-reload';
  #watching: string[] = [];

  constructor(private readonly deps: { config: TlsConfig; server: () => Pick<HttpsServer, 'setSecureContext'>; log: Logger; intervalMs?: number }) {}

  start(): void {
    this.#watching = filesOf(this.deps.config);
    for (const f of this.#watching) watchFile(f, { interval: this.deps.intervalMs ?? 5_000, persistent: false }, () => void this.reload());
  }

  /** Re-reads the files and serves them; false (and a log line) when they cannot be used. */
  async reload(): Promise<boolean> {
    try {
      this.deps.server().setSecureContext(await readTls(this.deps.config));
      this.deps.log.info({ files: this.#watching }, 'TLS certificate reloaded');
      return true;
    } catch (err) {
      this.deps.log.error({ err: (err as Error).message }, 'TLS certificate changed but cannot be used: the previous one is still served');
      return false;
    }
  }

  stop(): void {
    for (const f of this.#watching) unwatchFile(f);
    this.#watching = [];
  }
}
