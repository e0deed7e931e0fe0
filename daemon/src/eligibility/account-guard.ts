// The lookup account is precious: BHXH keeps a list of accounts restricted for too many lookups, and a
// restricted account answers every call with HTTP 500 "Có lỗi xảy ra trong quá trình tra cứu!"
// (docs/research/checkin-xml0.md §6). On that answer, or when token/take refuses the configured
// account, the guard stops every call: lookups keep queueing (the service defers them) without one
// more request reaching the gateway, until the administrator resumes (POST /api/eligibility/resume)
// or restarts with fixed credentials.

import { stateAnswer, type EligibilityAnswer, type EligibilityChecker, type EligibilityRequest } from './gateway-client.ts';

export type AccountState = 'ok' | 'restricted' | 'credentials';

const HALTING: Readonly<Record<string, AccountState>> = { accountRestricted: 'restricted', credentials: 'credentials' };

export class AccountGuard implements EligibilityChecker {
  #state: AccountState = 'ok';
  #since: Date | null = null;

  constructor(
    private readonly inner: EligibilityChecker,
    private readonly opts: { now: () => Date; onChange: (state: AccountState) => void },
  ) {}

  get state(): AccountState {
    return this.#state;
  }

  get since(): Date | null {
    return this.#since;
  }

  /** A failed token renewal off the patient path reports here too. */
  observe(code: string): void {
    const halt = HALTING[code];
    if (!halt || this.#state === halt) return;
    this.#state = halt;
    this.#since = this.opts.now();
    this.opts.onChange(halt);
  }

  resume(): boolean {
    if (this.#state === 'ok') return false;
    this.#state = 'ok';
    this.#since = null;
    this.opts.onChange('ok');
    return true;
  }

  async check(req: EligibilityRequest): Promise<EligibilityAnswer> {
    if (this.#state !== 'ok') return this.#held();
    const answer = await this.inner.check(req);
    this.observe(answer.code);
    return answer;
  }

  #held(): EligibilityAnswer {
    return stateAnswer('accountHalted', this.opts.now().toISOString());
  }
}
