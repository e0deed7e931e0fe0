// The technician's warning about the check-in signing certificate: in both languages, with the days
// left and the expiry date, and saying "expired" once it has (renewing takes days at BHXH's portal).

import t from 'tap';
import { CHECKIN_TEXT } from '../../../../daemon/src/checkin/checkin-messages.ts';
import { fixedTextProblems, textProblems } from '../../../helpers/catalogue.ts';

t.test('the certificate warning counts down, then says it has expired', async (t) => {
  t.same(fixedTextProblems(CHECKIN_TEXT), []);
  t.same(textProblems('certificateExpiry(12)', CHECKIN_TEXT.certificateExpiry(12, '2027-01-31'), ['12', '2027-01-31']), []);
  const soon = CHECKIN_TEXT.certificateExpiry(12, '2027-01-31');
  t.match(soon, { vi: /hết hạn sau 12 ngày/, en: /expires in 12 days/ });
  const expired = CHECKIN_TEXT.certificateExpiry(-3, '2026-12-01');
  t.same(textProblems('certificateExpiry(-3)', expired, ['2026-12-01']), []);
  t.match(expired, { vi: /đã hết hạn/, en: /has expired/ });
  t.notMatch(expired.en, /-3/, 'no negative day count');
});
