// HTTP client of the BHXH card-check gateway: token/take + KQNhanLichSuKCB2024.
// Rules from ../shared/research/eligibility-api.md: read maKetQua from the body whatever the HTTP
// status; token expiry shows up as HTTP 401 (empty body) or HTTP 200 with maKetQua "401" — take a
// new token and retry exactly once; never retry time-outs blindly (BHXH restricts noisy accounts).

import { createHash } from 'node:crypto';
import type { Message } from '../parse/messages.ts';
import { describeResultCode, type EligibilityOutcome } from './result-codes.ts';

export interface GatewayClientOptions {
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  readonly passwordCase: 'upper' | 'lower';
  readonly officerName: string;
  readonly officerId: string;
  readonly timeoutMs: number;
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
  /** maKetQua, or a transport code: timeout | network | http | malformed. */
  readonly code: string;
  readonly action: Message;
  readonly checkedAt: string;
  /** The gateway's fields (all strings), when it answered. */
  readonly card: Readonly<Record<string, string>> | null;
  /** For 060/061/070: what was sent and what the gateway holds. */
  readonly mismatch: { readonly field: 'hoTen' | 'ngaySinh'; readonly sent: string; readonly gateway: string } | null;
}

interface Token {
  readonly accessToken: string;
  readonly idToken: string;
  readonly expiresAt: number;
}

class TransportFailure extends Error {
  constructor(
    readonly code: 'timeout' | 'network' | 'http' | 'malformed',
    message: string,
  ) {
    super(message);
  }
}

const TRANSPORT_TEXT: Record<TransportFailure['code'], Message> = {
  timeout: { vi: 'Cổng BHXH không trả lời kịp', en: 'The BHXH gateway did not answer in time' },
  network: { vi: 'Không kết nối được cổng BHXH', en: 'Cannot reach the BHXH gateway' },
  http: { vi: 'Cổng BHXH trả lỗi máy chủ', en: 'The BHXH gateway returned a server error' },
  malformed: { vi: 'Cổng BHXH trả dữ liệu không đọc được', en: 'The BHXH gateway returned an unreadable answer' },
};

export class GatewayClient {
  readonly #o: GatewayClientOptions;
  readonly #now: () => number;
  #token: Token | null = null;

  constructor(options: GatewayClientOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  get passwordHash(): string {
    const hex = createHash('md5').update(this.#o.password, 'utf8').digest('hex');
    return this.#o.passwordCase === 'upper' ? hex.toUpperCase() : hex;
  }

  async check(req: EligibilityRequest): Promise<EligibilityAnswer> {
    try {
      let body = await this.#checkOnce(req);
      if (body === 'expired') {
        this.#token = null;
        body = await this.#checkOnce(req);
      }
      if (body === 'expired') return this.#answer('401', null, req);
      return this.#answer(body['maKetQua'] ?? '', body, req);
    } catch (e) {
      if (!(e instanceof TransportFailure)) throw e;
      const t = TRANSPORT_TEXT[e.code];
      return {
        outcome: 'unavailable',
        code: e.code,
        vi: t.vi,
        en: t.en,
        action: describeResultCode('101').action,
        checkedAt: this.#iso(),
        card: null,
        mismatch: null,
      };
    }
  }

  async #checkOnce(req: EligibilityRequest): Promise<Record<string, string> | 'expired'> {
    const token = await this.#takeToken();
    const q = new URLSearchParams({ token: token.accessToken, id_token: token.idToken, username: this.#o.username, password: this.passwordHash });
    const { status, json } = await this.#post(`/api/egw/KQNhanLichSuKCB2024?${q}`, {
      maThe: req.maThe,
      hoTen: req.hoTen,
      ngaySinh: req.ngaySinh,
      hoTenCb: this.#o.officerName,
      cccdCb: this.#o.officerId,
    });
    if (status === 401 || json?.['maKetQua'] === '401') return 'expired';
    if (!json || typeof json['maKetQua'] !== 'string') {
      throw new TransportFailure(status >= 500 ? 'http' : 'malformed', `card check answered HTTP ${status} without maKetQua`);
    }
    return stringFields(json);
  }

  async #takeToken(): Promise<Token> {
    if (this.#token && this.#token.expiresAt - 30_000 > this.#now()) return this.#token;
    const { status, json } = await this.#post('/api/token/take', { username: this.#o.username, password: this.passwordHash });
    const key = json?.['APIKey'] as Record<string, unknown> | undefined;
    if (json?.['maKetQua'] !== '200' || !key || typeof key['access_token'] !== 'string' || typeof key['id_token'] !== 'string') {
      throw new TransportFailure(status >= 500 ? 'http' : 'malformed', `token/take answered HTTP ${status} maKetQua ${String(json?.['maKetQua'])}`);
    }
    const expires = Date.parse(String(key['expires_in']));
    this.#token = {
      accessToken: key['access_token'],
      idToken: key['id_token'],
      expiresAt: Number.isFinite(expires) ? expires : this.#now() + 5 * 60_000,
    };
    return this.#token;
  }

  async #post(path: string, body: object): Promise<{ status: number; json: Record<string, unknown> | null }> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.#o.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
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
      if (res.status >= 500) throw new TransportFailure('http', `HTTP ${res.status} with a non-JSON body`);
      throw new TransportFailure('malformed', `HTTP ${res.status} with a non-JSON body`);
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
