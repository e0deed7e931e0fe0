// The gateway's shared rules, as the client and the simulator both take them from protocols/.

import t from 'tap';
import { accountRestricted, passwordHash, RESTRICTED_NOTE, SYSTEM_ERROR_NOTE, tokenExpired } from '../../../../protocols/bhxh-gateway/auth.ts';
import { checkInAccepted } from '../../../../protocols/bhxh-gateway/check-in.ts';

t.test('token expiry: HTTP 401 with an empty body, or maKetQua "401" in a 200, in either key case', async (t) => {
  t.ok(tokenExpired(401, null));
  t.ok(tokenExpired(200, { maKetQua: '401' }));
  t.ok(tokenExpired(200, { MaKetQua: '401' }));
  t.notOk(tokenExpired(200, { maKetQua: '000' }));
  t.notOk(tokenExpired(500, { MaKetQua: '500', GhiChu: RESTRICTED_NOTE }));
});

t.test('the password travels as MD5 hex in the configured case', async (t) => {
  t.match(passwordHash('tiepnhan-sim', 'lower'), /^[0-9a-f]{32}$/);
  t.equal(passwordHash('tiepnhan-sim', 'upper'), passwordHash('tiepnhan-sim', 'lower').toUpperCase());
  t.equal(passwordHash('abc', 'lower'), '900150983cd24fb0d6963f7d28e17f72', 'the MD5 test vector');
});

t.test('a 500 with the restricted note is the account, a system error is not', async (t) => {
  t.ok(accountRestricted({ MaKetQua: '500', GhiChu: RESTRICTED_NOTE }));
  t.ok(accountRestricted({ ghiChu: 'Có lỗi xảy ra trong quá trình tra cứu' }), 'without the exclamation mark too');
  t.notOk(accountRestricted({ MaKetQua: '500', GhiChu: SYSTEM_ERROR_NOTE }));
  t.notOk(accountRestricted(null));
});

t.test('a check-in is accepted only with 200 and an empty or the acceptance text', async (t) => {
  t.ok(checkInAccepted('200', ''));
  t.ok(checkInAccepted('200', 'Tiếp nhận thành công'));
  t.notOk(checkInAccepted('200', 'Sai chữ ký số'));
  t.notOk(checkInAccepted('400', ''));
});
