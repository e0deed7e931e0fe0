// What a card read becomes: the identity types of the parser, in their own module so the fast path
// and the full parser can share them without importing each other.

import type { BhytCardIdentity } from './bhyt-qr.ts';
import type { CodedMessage } from './messages.ts';
import type { Sex } from './personal-id.ts';

export interface CccdIdentity {
  readonly kind: 'cccd2021' | 'cccd2024';
  readonly id: string;
  readonly oldId: string;
  readonly name: string;
  /** ISO date. */
  readonly dob: string;
  readonly sex: Sex;
  readonly address: string;
  /** ISO date. */
  readonly issueDate: string;
  /** Fields 7–10 of the 2024 card, verbatim (meaning unconfirmed); [] for 2021 cards. */
  readonly extra: readonly string[];
}

export type CardIdentity = CccdIdentity | BhytCardIdentity;

export type ParseResult =
  | ({ readonly ok: true; readonly warnings: readonly CodedMessage[] } & CardIdentity)
  | { readonly ok: false; readonly error: CodedMessage; readonly rawHex: string };
