// What the technician reads about the BHXH lookup account: both languages, and after "resume
// lookups" the number of lookups still waiting, so nobody thinks they were lost.

import t from 'tap';
import { ELIGIBILITY_TEXT } from '../../../../daemon/src/eligibility/eligibility-messages.ts';
import { fixedTextProblems, textProblems } from '../../../helpers/catalogue.ts';

t.test('every text in both languages; resuming names the lookups that wait', async (t) => {
  t.same(fixedTextProblems(ELIGIBILITY_TEXT), []);
  t.same(textProblems('resumed(37)', ELIGIBILITY_TEXT.resumed(37), ['37']), []);
});
