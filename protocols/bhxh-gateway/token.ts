// POST /api/token/take (JSON): the account in, a token out (docs/research/eligibility-gateway.md §2).

export const TOKEN_PATH = '/api/token/take';

export interface TokenRequest {
  readonly username: string;
  /** passwordHash() of the account's password (auth.ts). */
  readonly password: string;
}

export interface TokenAnswer {
  /** "200" with a key; "401" when the account is refused (HTTP 401/403 are seen too). */
  readonly maKetQua: string;
  readonly APIKey: {
    readonly access_token: string;
    readonly id_token: string;
    readonly token_type: string;
    readonly username: string;
    /** When it expires, ISO 8601. */
    readonly expires_in: string;
  } | null;
}
