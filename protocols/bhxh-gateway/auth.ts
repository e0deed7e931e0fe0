// The rules of the gateway that every endpoint shares (docs/research/eligibility-gateway.md §2, §5;
// docs/research/checkin-xml0.md §4, §6): the account's password travels as an MD5 hash (in which
// letter case the real gateway wants it is unconfirmed, so it is configurable), a token is taken with
// the account and then named in each call, and an expired token shows up in one of two ways.

import { createHash } from 'node:crypto';

/** The account's password as the gateway takes it: MD5 hex, upper- or lower-case. */
export function passwordHash(password: string, letterCase: 'upper' | 'lower'): string {
  const hex = createHash('md5').update(password, 'utf8').digest('hex');
  return letterCase === 'upper' ? hex.toUpperCase() : hex;
}

/** A token is good for 10 minutes, and only from the IP address that took it. */
export const TOKEN_LIFETIME_MS = 10 * 60_000;

/** The query string of the card check and the visit history: the token, and the account again. */
export interface AuthQuery {
  readonly token: string;
  readonly id_token: string;
  readonly username: string;
  /** passwordHash() of the account's password. */
  readonly password: string;
}

/** The headers of the check-in (it names the token in headers, not in the query). */
export interface CheckInAuthHeaders {
  readonly accessToken: string;
  readonly tokenId: string;
  readonly passwordHash: string;
}

/** A field of an answer, whatever the key's case (the MCCT service writes `GhiChu`, `MaKetQua`). */
export function field(body: Readonly<Record<string, unknown>> | null, name: string): unknown {
  if (!body) return undefined;
  const key = Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : body[key];
}

/** The ONE token-expiry rule: HTTP 401 (empty body), or HTTP 200 with maKetQua "401" (both are seen).
 *  The caller takes a new token and retries exactly once. */
export function tokenExpired(status: number, body: Readonly<Record<string, unknown>> | null): boolean {
  const code = field(body, 'maKetQua');
  return status === 401 || code === '401' || code === 401;
}

/** The two ways the simulator reports an expired token (the same two the rule above accepts). */
export type TokenExpiryStyle = 'http401' | 'body401';

/** HTTP 500 with this note means the ACCOUNT is on BHXH's restricted-lookup list, not an outage
 *  (checkin-xml0.md §6). */
export const RESTRICTED_NOTE = 'Có lỗi xảy ra trong quá trình tra cứu!';
/** A genuine system error, in the same JSON shape. */
export const SYSTEM_ERROR_NOTE = 'Có lỗi hệ thống xảy ra trong quá trình xử lý!';

/** Whether a 500 answer's note says the account is restricted. */
export function accountRestricted(body: Readonly<Record<string, unknown>> | null): boolean {
  const note = field(body, 'ghiChu');
  return typeof note === 'string' && note.toLowerCase().includes(RESTRICTED_NOTE.toLowerCase().replace(/!$/, ''));
}
