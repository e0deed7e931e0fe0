// One push to the hub over node's own http/https: `fetch` cannot be told which CA to trust, and a
// district hub's certificate is often signed by the district's own CA (`hub.ca`, as `tiepnhan tls
// init` makes one) rather than one a Windows desk PC already trusts.

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFile } from 'node:fs/promises';

export interface HubAnswer {
  readonly status: number;
  readonly text: string;
}

export type HubPost = (url: URL, body: string, headers: Readonly<Record<string, string>>) => Promise<HubAnswer>;

/** Answers cut to this many characters: the hub's error text goes to the log and /api/health. */
const MAX_TEXT = 4096;

/** `caFile`: read at the first push (a file that cannot be read fails the push, which health shows). */
export function hubPost(opts: { caFile: string | null; timeoutMs: number }): HubPost {
  let ca: Promise<Buffer> | null = null;
  return async (url, body, headers) => {
    const trusted = opts.caFile === null ? null : await (ca ??= readFile(opts.caFile));
    return send(url, body, headers, { ca: trusted, timeoutMs: opts.timeoutMs });
  };
}

function send(url: URL, body: string, headers: Readonly<Record<string, string>>, opts: { ca: Buffer | null; timeoutMs: number }): Promise<HubAnswer> {
  return new Promise<HubAnswer>((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        timeout: opts.timeoutMs,
        ...(url.protocol === 'https:' && opts.ca !== null ? { ca: opts.ca } : {}),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => void (text.length < MAX_TEXT && (text += d)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: text.slice(0, MAX_TEXT) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('the hub did not answer in time'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}
