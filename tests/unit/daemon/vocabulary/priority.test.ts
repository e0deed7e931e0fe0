// Priority from the date of birth on the visit day, at the boundaries the law draws: the 75th
// birthday today and tomorrow, the 6th birthday, 29 February, and a date of birth with only a year
// (read as favourably to the patient as the law allows, and flagged).

import t from 'tap';
import { ageOn, ageReasons, priorityClass, priorityView, reasonsOf, storedReasons } from '../../../../daemon/src/vocabulary/priority.ts';

const LAW = { ageAtLeast: 75, underAge: 6 };

t.test('the 75th birthday: priority from that day, not the day before', async (t) => {
  t.same(ageReasons('1951-12-07', '2026-12-07', LAW).reasons, ['age75'], '75 today');
  t.same(ageReasons('1951-12-08', '2026-12-07', LAW).reasons, [], '75 tomorrow: not yet');
  t.same(ageReasons('1950-06-01', '2026-12-07', LAW).reasons, ['age75'], '76');
});

t.test('the 6th birthday: priority until the day before', async (t) => {
  t.same(ageReasons('2020-12-08', '2026-12-07', LAW).reasons, ['under6'], 'turns 6 tomorrow: still under 6');
  t.same(ageReasons('2020-12-07', '2026-12-07', LAW).reasons, [], '6 today');
  t.same(ageReasons('2021-03-15', '2026-12-07', LAW).reasons, ['under6'], 'aged 5');
  t.same(ageReasons('2026-12-01', '2026-12-07', LAW).reasons, ['under6'], 'a newborn');
  t.same(ageReasons('1989-03-15', '2026-12-07', LAW), { reasons: [], partialDob: false }, 'an adult: none');
});

t.test('29 February: the birthday falls on 28 February in other years', async (t) => {
  t.equal(ageOn({ year: 1952, month: 2, date: 29 }, '2027-02-27'), 74);
  t.equal(ageOn({ year: 1952, month: 2, date: 29 }, '2027-02-28'), 75);
  t.equal(ageOn({ year: 1952, month: 2, date: 29 }, '2028-02-28'), 75, 'in a leap year, the 29th');
  t.equal(ageOn({ year: 1952, month: 2, date: 29 }, '2028-02-29'), 76);
  t.same(ageReasons('1952-02-29', '2027-02-28', LAW).reasons, ['age75']);
  t.same(ageReasons('2020-02-29', '2026-02-28', LAW).reasons, [], 'six on 28 February 2026');
});

t.test('a year-only date of birth: the most favourable reading, said so', async (t) => {
  t.same(ageReasons('1951', '2026-01-01', LAW), { reasons: ['age75'], partialDob: true }, 'born in 1951: 75 from 1 January 2026');
  t.same(ageReasons('1952', '2026-12-31', LAW), { reasons: [], partialDob: true }, 'born in 1952: not 75 in 2026 at all');
  t.same(ageReasons('2020', '2026-12-30', LAW), { reasons: ['under6'], partialDob: true }, 'born in 2020: under 6 until 31 December 2026');
  t.same(ageReasons('2020', '2026-12-31', LAW), { reasons: [], partialDob: true });
  t.same(ageReasons('1951-12', '2026-12-01', LAW), { reasons: ['age75'], partialDob: true }, 'year and month: the 1st');
  t.same(ageReasons('not a date', '2026-12-07', LAW), { reasons: [], partialDob: false });
});

t.test('thresholds come from the configuration', async (t) => {
  t.same(ageReasons('1956-01-01', '2026-12-07', { ageAtLeast: 70, underAge: 6 }).reasons, ['age75']);
});

t.test('classes: emergency first, any other reason is priority', async (t) => {
  t.equal(priorityClass([]), 'normal');
  t.equal(priorityClass(['age75']), 'priority');
  t.equal(priorityClass(['pregnant', 'emergency']), 'emergency');
  t.same(reasonsOf(storedReasons(['age75', 'pregnant', 'age75'])), ['age75', 'pregnant']);
  t.same(reasonsOf(''), []);
  t.same(reasonsOf(null), []);
});

t.test('the wire view of the stored columns', async (t) => {
  t.same(priorityView({ priority_reasons: 'age75,disability', partial_dob: 1, priority_requested: 'pregnant' }), {
    class: 'priority',
    reasons: ['age75', 'disability'],
    partialDob: true,
    requested: ['pregnant'],
  });
  t.same(priorityView({ priority_reasons: '', partial_dob: 0, priority_requested: '' }), { class: 'normal', reasons: [], partialDob: false, requested: [] });
});
