// What an access counts as in the district report ("Lượt thành công" / "Lỗi" of seed 003): a read
// refused at the desk is an error at once, a read with a lookup is pending until the gateway answers,
// and the answer code decides success or which cause of error it is (docs/research/eligibility-gateway.md
// §4). A district officer compares facilities on these numbers, so every code must land in one place,
// and a hospital may move codes between groups in its configuration (`reports.outcomes`).

import { Ajv } from 'ajv';
import t from 'tap';
import {
  BREAKDOWN_COLUMNS,
  BREAKDOWN_KEYS,
  countedAnswer,
  countedAtRead,
  DEFAULT_OUTCOME_RULES,
  emptyBreakdown,
  ERROR_GROUPS,
  OUTCOME_RULES_SCHEMA,
  type Counted,
  type OutcomeRules,
} from '../../../../daemon/src/counting/access-outcome.ts';

const success: Counted = { outcome: 'success', group: null };
const pending: Counted = { outcome: 'pending', group: null };
const error = (group: Counted['group']): Counted => ({ outcome: 'error', group }) as Counted;

t.test('a read counts at once, by its own outcome, or waits for its lookup', async (t) => {
  const cases: Array<[string, Parameters<typeof countedAtRead>[0], Counted]> = [
    ['a card read with a lookup to make: pending', { outcome: 'success', errorClass: null, lookup: true }, pending],
    ['a read with nothing to look up: a success by itself', { outcome: 'success', errorClass: null, lookup: false }, success],
    ['a worn card or a mis-set scanner', { outcome: 'error', errorClass: 'read', lookup: false }, error('errorsRead')],
    ['a phone-app QR (a format error) counts with the read errors', { outcome: 'error', errorClass: 'format', lookup: false }, error('errorsRead')],
    ['a card whose data fails validation', { outcome: 'error', errorClass: 'validation', lookup: false }, error('errorsValidation')],
    ['an error of no known class', { outcome: 'error', errorClass: null, lookup: false }, error('errorsRead')],
    ['a read the disk could not take in time, recorded later as lost', { outcome: 'error', errorClass: 'storage', lookup: false }, error('lostReads')],
  ];
  for (const [what, read, counted] of cases) t.same(countedAtRead(read), counted, what);
});

t.test('an answer code counts by the default rules', async (t) => {
  const cases: Array<[string, Counted]> = [
    ['000', success],
    ['001', success],
    ['002', success],
    ['003', success],
    ['004', success],
    ['010', error('lookupNotCovered')],
    ['050', error('lookupNotCovered')],
    ['110', error('lookupNotCovered')],
    ['124', error('lookupNotCovered')],
    ['130', error('lookupNotCovered')],
    ['051', error('lookupInput')],
    ['055', error('lookupInput')],
    ['205', error('lookupInput')],
    ['rejected', error('lookupInput')],
    ['060', error('lookupIdentity')],
    ['061', error('lookupIdentity')],
    ['070', error('lookupIdentity')],
    ['999', error('lookupOther')],
    ['', error('lookupOther')],
  ];
  for (const [code, counted] of cases) {
    t.same(countedAnswer({ code, verification: 'verified' }, DEFAULT_OUTCOME_RULES), counted, `code ${JSON.stringify(code)}`);
    t.same(countedAnswer({ code, verification: 'deferred' }, DEFAULT_OUTCOME_RULES), counted, `code ${JSON.stringify(code)}, answered later`);
  }
});

t.test('an answer still waiting for the gateway does not count yet; one given up on is an error', async (t) => {
  t.equal(countedAnswer({ code: '000', verification: 'unverified' }, DEFAULT_OUTCOME_RULES), null);
  t.same(countedAnswer({ code: '000', verification: 'unanswered' }, DEFAULT_OUTCOME_RULES), error('lookupOther'));
});

t.test("a hospital's own rules replace the defaults", async (t) => {
  const rules: OutcomeRules = {
    successCodes: ['000', '010'],
    lookupGroups: { lookupNotCovered: ['050'], lookupInput: [], lookupIdentity: ['060', '070', '051'] },
  };
  t.same(countedAnswer({ code: '010', verification: 'verified' }, rules), success, 'an expired card counted as a success there');
  t.same(countedAnswer({ code: '051', verification: 'verified' }, rules), error('lookupIdentity'));
  t.same(countedAnswer({ code: '004', verification: 'verified' }, rules), error('lookupOther'), 'a code in no list');
});

t.test('the configuration schema fills the default rules and lets each list be replaced', async (t) => {
  // As the configuration holds it: the slice under `reports.outcomes`.
  const validate = new Ajv({ useDefaults: true }).compile({ type: 'object', properties: { outcomes: OUTCOME_RULES_SCHEMA } });
  const outcomes = (value: unknown): unknown => {
    const reports: Record<string, unknown> = value === undefined ? {} : { outcomes: value };
    return validate(reports) ? reports.outcomes : 'invalid';
  };
  const filled = outcomes(undefined) as OutcomeRules;
  t.same(filled, DEFAULT_OUTCOME_RULES, 'no slice: the default rules');
  t.same(
    outcomes({ lookupGroups: { lookupIdentity: ['060'] } }),
    { ...DEFAULT_OUTCOME_RULES, lookupGroups: { ...DEFAULT_OUTCOME_RULES.lookupGroups, lookupIdentity: ['060'] } },
    'one list replaced, the others kept',
  );
  (filled.successCodes as string[]).push('999');
  t.notOk(DEFAULT_OUTCOME_RULES.successCodes.includes('999'), "a filled-in default is a copy: editing a site's rules leaves the defaults alone");
  t.equal(outcomes({ successCodes: [''] }), 'invalid', 'an empty code');
  t.equal(outcomes({ lookupGroups: { lookupOther: ['999'] } }), 'invalid', 'lookupOther is what is left: it has no list');
  t.equal(outcomes({ succesCodes: ['000'] }), 'invalid', 'a misspelt key');
});

t.test('no default code is counted twice', async (t) => {
  const all = [...DEFAULT_OUTCOME_RULES.successCodes, ...Object.values(DEFAULT_OUTCOME_RULES.lookupGroups).flat()];
  t.equal(new Set(all).size, all.length);
});

t.test('every breakdown key has its own SQL column and starts at zero', async (t) => {
  t.same(BREAKDOWN_KEYS, ['pending', ...ERROR_GROUPS, 'chipReads']);
  t.same(Object.keys(BREAKDOWN_COLUMNS).sort(), [...BREAKDOWN_KEYS].sort());
  t.equal(new Set(Object.values(BREAKDOWN_COLUMNS)).size, BREAKDOWN_KEYS.length, 'distinct columns');
  const zero = emptyBreakdown();
  t.same(Object.keys(zero).sort(), [...BREAKDOWN_KEYS].sort());
  t.ok(Object.values(zero).every((v) => v === 0));
  zero.pending++;
  t.equal(emptyBreakdown().pending, 0, 'a fresh object each time');
});
