// HTTP client of the BHXH card-check gateway: token/take, KQNhanLichSuKCB2024, Lskcb2025 and the
// check-in, in the wire format protocols/bhxh-gateway/ declares (the simulator answers the same).
// Rules from docs/research/eligibility-gateway.md and docs/research/checkin-xml0.md §5–6:
// - read maKetQua from the body whatever the HTTP status;
// - token expiry shows up as HTTP 401 (empty body) or HTTP 200 with maKetQua "401": take a new token
//   and retry exactly once;
// - never repeat a call that got 400 or 500 (BHXH restricts noisy accounts): a 400 is final, a 500
//   goes back to the caller as "unavailable" (the verify-later queue asks again, later, once);
// - HTTP 500 with GhiChu "Có lỗi xảy ra trong quá trình tra cứu!" means the ACCOUNT IS RESTRICTED
//   (code `accountRestricted`), not an outage; token/take refusing the account is `credentials`.

import { accountRestricted, field, passwordHash, tokenExpired, type AuthQuery, type CheckInAuthHeaders } from '../../../protocols/bhxh-gateway/auth.ts';
import { CARD_CHECK_PATH, type CardCheckBody } from '../../../protocols/bhxh-gateway/card-check.ts';
import { checkInAccepted, type CheckInBody } from '../../../protocols/bhxh-gateway/check-in.ts';
import { TOKEN_PATH, type TokenRequest } from '../../../protocols/bhxh-gateway/token.ts';
import type { Message } from '../parse/messages.ts';
import { parseVisits, type VisitHistoryAnswer } from './visit-history.ts';
import { describeResultCode, GATEWAY_STATE_TEXT, type EligibilityOutcome, type GatewayStateCode } from './result-codes.ts';

export interface GatewayClientOptions {
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  readonly passwordCase: 'upper' | 'lower';
  readonly officerName: string;
  readonly officerId: string;
  readonly timeoutMs: number;
  /** Resource of the visit-history call (docs/research/checkin-xml0.md §5); null: not asked. */
  readonly historyResource?: string | null;
  readonly now?: () => number;
}

export interface EligibilityRequest {
  /** 12-digit ID, 10-digit BHXH number or 15-character card code. */
  readonly maThe: string;
  readonly hoTen: string;
  /** dd/MM/yyyy, MM/yyyy or yyyy. */
  readonly ngaySinh: string;
}

export interface EligibilityAnswer extends Message {
  readonly outcome: EligibilityOutcome;
  /** maKetQua, or a transport / account code: timeout | network | http | malformed | rejected |
   *  accountRestricted | credentials | circuitOpen | accountHalted. */
  readonly code: string;
  readonly action: Message;
  readonly checkedAt: string;
  /** The gateway's fields (all strings), when it answered. */
  readonly card: Readonly<Record<string, string>> | null;
  /** For 060/061/070: what was sent and what the gateway holds. */
  readonly mismatch: { readonly field: 'hoTen' | 'ngaySinh'; readonly sent: string; readonly gateway: string } | null;
}

/** Anything that answers a card check: the client, and each layer in front of it. */
export interface EligibilityChecker {
  check(req: EligibilityRequest): Promise<EligibilityAnswer>;
}

interface Token {
  readonly accessToken: string;
  readonly idToken: string;
  readonly expiresAt: number;
}

class TransportFailure extends Error {
  constructor(
    readonly code: GatewayStateCode,
    message: string,
  ) {
    super(message);
  }
}

/** An answer that is not a maKetQua (transport, account, or a call the daemon held back). */
export function stateAnswer(code: GatewayStateCode, checkedAt: string): EligibilityAnswer {
  const t = GATEWAY_STATE_TEXT[code];
  return { outcome: t.outcome, code, vi: t.vi, en: t.en, action: t.action, checkedAt, card: null, mismatch: null };
}

/** A field as text: a string as it is, a number or boolean printed, anything else as JSON (never
 *  "[object Object]" in a stored answer); absent or null: undefined. */
function textField(json: Record<string, unknown> | null, name: string): string | undefined {
  const v = field(json, name);
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/** HTTP 500 answers: the restricted-account text, or a genuine system error. */
function serverFailure(status: number, json: Record<string, unknown> | null, what: string): TransportFailure {
  if (accountRestricted(json)) return new TransportFailure('accountRestricted', `${what}: account on the restricted-lookup list (HTTP ${status})`);
  return new TransportFailure('http', `${what} answered HTTP ${status}`);
}

/** One visit's check-in: the signed XML0, base64, for `fileHSBase64`. */
export interface CheckInRequest {
  readonly resource: string;
  readonly encoding: 'form' | 'json';
  readonly maTinh: string;
  readonly maCSKCB: string;
  readonly fileHSBase64: string;
}

/** accepted: maKetQua 200 with an empty or "Tiếp nhận thành công" thongDiep; rejected: any other
 *  answer (shown to the receptionist); unavailable: no answer (queued, retried). */
export interface CheckInAnswer {
  readonly status: 'accepted' | 'rejected' | 'unavailable';
  readonly code: string;
  readonly maGiaoDich: string | null;
  readonly thoiGianTiepNhan: string | null;
  readonly thongDiep: string;
}

export class GatewayClient {
  readonly #o: GatewayClientOptions;
  readonly #now: () => number;
  #token: Token | null = null;
  #renewing: Promise<Token> | null = null;

  constructor(options: GatewayClientOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  get passwordHash(): string {
    return passwordHash(this.#o.password, this.#o.passwordCase);
  }

  /** When the current token expires (ms), or null without one. */
  get tokenExpiresAt(): number | null {
    return this.#token?.expiresAt ?? null;
  }

  /** Takes a fresh token now (TokenKeeper calls this before expiry, off any patient's path). */
  async renewToken(): Promise<{ ok: true } | { ok: false; code: GatewayStateCode }> {
    try {
      await this.#newToken();
      return { ok: true };
    } catch (e) {
      if (e instanceof TransportFailure) return { ok: false, code: e.code };
      throw e;
    }
  }

  /** One call, and once more with a new token when the gateway says the token has expired. */
  async #retryOnExpiry<T>(once: () => Promise<T | 'expired'>): Promise<T | 'expired'> {
    const first = await once();
    if (first !== 'expired') return first;
    this.#token = null;
    return once();
  }

  async check(req: EligibilityRequest): Promise<EligibilityAnswer> {
    try {
      const body = await this.#retryOnExpiry(() => this.#checkOnce(req));
      if (body === 'expired') return this.#answer('401', null, req);
      return this.#answer(body['maKetQua'] ?? '', body, req);
    } catch (e) {
      if (!(e instanceof TransportFailure)) throw e;
      return stateAnswer(e.code, this.#iso());
    }
  }

  /** Visit history (Lskcb2025, form body). Never throws; any failure is "no history" with its code. */
  async history(req: EligibilityRequest): Promise<VisitHistoryAnswer> {
    const resource = this.#o.historyResource;
    if (!resource) return { code: 'disabled', visits: null };
    try {
      const token = await this.#takeToken();
      const { status, json } = await this.#post(`${resource}?${this.#authQuery(token)}`, { ...this.#lookupBody(req) }, 'form');
      if (tokenExpired(status, json)) this.#token = null;
      if (status >= 500) throw serverFailure(status, json, 'visit history');
      const code = textField(json, 'maKetQua') ?? `http${status}`;
      return { code, visits: code === '000' ? parseVisits(field(json, 'dsLichSuKCB2025')) : null };
    } catch (e) {
      if (!(e instanceof TransportFailure)) throw e;
      return { code: e.code, visits: null };
    }
  }

  async #checkOnce(req: EligibilityRequest): Promise<Record<string, string> | 'expired'> {
    const token = await this.#takeToken();
    const { status, json } = await this.#post(`${CARD_CHECK_PATH}?${this.#authQuery(token)}`, { ...this.#lookupBody(req) }, 'json');
    if (tokenExpired(status, json)) return 'expired';
    if (status >= 500) throw serverFailure(status, json, 'card check');
    if (!json || typeof json['maKetQua'] !== 'string') {
      throw new TransportFailure(status >= 400 ? 'rejected' : 'malformed', `card check answered HTTP ${status} without maKetQua`);
    }
    return stringFields(json);
  }

  #authQuery(token: Token): string {
    const q: AuthQuery = { token: token.accessToken, id_token: token.idToken, username: this.#o.username, password: this.passwordHash };
    return new URLSearchParams({ ...q }).toString();
  }

  #lookupBody(req: EligibilityRequest): CardCheckBody {
    return { maThe: req.maThe, hoTen: req.hoTen, ngaySinh: req.ngaySinh, hoTenCb: this.#o.officerName, cccdCb: this.#o.officerId };
  }

  async #takeToken(): Promise<Token> {
    if (this.#token && this.#token.expiresAt - 30_000 > this.#now()) return this.#token;
    return this.#newToken();
  }

  /** One token request at a time: lookups arriving meanwhile wait for the same token. */
  #newToken(): Promise<Token> {
    this.#renewing ??= this.#requestToken().finally(() => (this.#renewing = null));
    return this.#renewing;
  }

  async #requestToken(): Promise<Token> {
    const account: TokenRequest = { username: this.#o.username, password: this.passwordHash };
    const { status, json } = await this.#post(TOKEN_PATH, { ...account }, 'json');
    if (status >= 500) throw serverFailure(status, json, 'token/take');
    const key = json?.['APIKey'] as Record<string, unknown> | undefined;
    if (textField(json, 'maKetQua') === '401' || status === 401 || status === 403) {
      throw new TransportFailure('credentials', `token/take refused the account (HTTP ${status})`);
    }
    if (json?.['maKetQua'] !== '200' || !key || typeof key['access_token'] !== 'string' || typeof key['id_token'] !== 'string') {
      throw new TransportFailure('malformed', `token/take answered HTTP ${status} maKetQua ${String(json?.['maKetQua'])}`);
    }
    const expires = Date.parse(String(key['expires_in']));
    this.#token = {
      accessToken: key['access_token'],
      idToken: key['id_token'],
      expiresAt: Number.isFinite(expires) ? expires : this.#now() + 5 * 60_000,
    };
    return this.#token;
  }

  /** The check-in of a visit (XML0, QĐ 4750). Never throws: a transport failure is `unavailable`. */
  async checkIn(req: CheckInRequest): Promise<CheckInAnswer> {
    try {
      const answer = await this.#retryOnExpiry(() => this.#checkInOnce(req));
      return answer === 'expired' ? { status: 'unavailable', code: '401', maGiaoDich: null, thoiGianTiepNhan: null, thongDiep: 'token refused twice' } : answer;
    } catch (e) {
      if (!(e instanceof TransportFailure)) throw e;
      return { status: 'unavailable', code: e.code, maGiaoDich: null, thoiGianTiepNhan: null, thongDiep: e.message };
    }
  }

  // Headers accessToken / tokenId / passwordHash and the body fields of docs/research/checkin-xml0.md §4.
  async #checkInOnce(req: CheckInRequest): Promise<CheckInAnswer | 'expired'> {
    const token = await this.#takeToken();
    const headers: CheckInAuthHeaders = { accessToken: token.accessToken, tokenId: token.idToken, passwordHash: this.passwordHash };
    const body: CheckInBody = {
      username: this.#o.username,
      loaiHoSo: '0',
      maTinh: req.maTinh,
      maCSKCB: req.maCSKCB,
      fileHSBase64: req.fileHSBase64,
      ...(req.encoding === 'json' ? { chukydonvi: '' } : {}),
    };
    const { status, json } = await this.#post(req.resource, { ...body }, req.encoding, { ...headers });
    if (tokenExpired(status, json)) return 'expired';
    if (status >= 500) throw serverFailure(status, json, 'check-in');
    const code = textField(json, 'maKetQua') ?? `http${status}`;
    const thongDiep = textField(json, 'thongDiep') ?? '';
    const text = (name: string): string | null => textField(json, name) ?? null;
    const accepted = checkInAccepted(code, thongDiep);
    return { status: accepted ? 'accepted' : 'rejected', code, maGiaoDich: text('maGiaoDich'), thoiGianTiepNhan: text('thoiGianTiepNhan'), thongDiep };
  }

  async #post(
    path: string,
    body: Record<string, string>,
    encoding: 'json' | 'form',
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: Record<string, unknown> | null }> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.#o.baseUrl), {
        method: 'POST',
        headers: { ...headers, 'content-type': encoding === 'json' ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded; charset=utf-8' },
        body: encoding === 'json' ? JSON.stringify(body) : new URLSearchParams(body).toString(),
        signal: AbortSignal.timeout(this.#o.timeoutMs),
      });
    } catch (e) {
      const name = (e as Error).name;
      throw new TransportFailure(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network', (e as Error).message);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw new TransportFailure('timeout', (e as Error).message);
    }
    if (text.trim() === '') return { status: res.status, json: null };
    try {
      const parsed: unknown = JSON.parse(text);
      return { status: res.status, json: parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null };
    } catch {
      if (res.status >= 500) return { status: res.status, json: null };
      throw new TransportFailure(res.status >= 400 ? 'rejected' : 'malformed', `HTTP ${res.status} with a non-JSON body`);
    }
  }

  #answer(code: string, card: Record<string, string> | null, req: EligibilityRequest): EligibilityAnswer {
    const info = describeResultCode(code);
    let mismatch: EligibilityAnswer['mismatch'] = null;
    if (card && (code === '060' || code === '061')) mismatch = { field: 'hoTen', sent: req.hoTen, gateway: card['hoTen'] ?? '' };
    if (card && code === '070') mismatch = { field: 'ngaySinh', sent: req.ngaySinh, gateway: card['ngaySinh'] ?? '' };
    return { outcome: info.outcome, code, vi: info.vi, en: info.en, action: info.action, checkedAt: this.#iso(), card, mismatch };
  }

  #iso(): string {
    return new Date(this.#now()).toISOString();
  }
}

function stringFields(json: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(json)) if (typeof v === 'string') out[k] = v;
  return out;
}
