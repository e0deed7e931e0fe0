// Every refusal of the HTTP API (daemon and hub) is one entry: a stable code, its HTTP status and
// what it says in Vietnamese and English. The kiosk page shows the Vietnamese text to the
// receptionist, hospital IT reads the English, and clients branch on the code, so a refusal must
// carry all three, name what was asked for when it takes parameters (never a string the client sent
// and the daemon did not find: it may be markup or a probe), and never let an extra field overwrite them.

import t from 'tap';
import { API_ERRORS, apiError, type ApiErrorCode } from '../../../../daemon/src/api/errors.ts';

const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;

t.test('fixed refusals: status and both texts', async (t) => {
  t.same(apiError('AUTH_REQUIRED'), {
    status: 401,
    body: { error: { code: 'AUTH_REQUIRED', vi: 'Thiếu hoặc sai mã truy cập (token).', en: 'Missing or unknown access token.' } },
  });
  const statuses: Array<[ApiErrorCode, number]> = [
    ['BAD_REQUEST', 400],
    ['INVALID_JSON', 400],
    ['BODY_TOO_LARGE', 413],
    ['UNSUPPORTED_MEDIA_TYPE', 415],
    ['NOT_FOUND', 404],
    ['BAD_URL', 400],
    ['URL_TOO_LONG', 414],
    ['INTERNAL', 500],
    ['HOST_FORBIDDEN', 403],
    ['ORIGIN_FORBIDDEN', 403],
    ['FORBIDDEN', 403],
    ['DESK_MISMATCH', 403],
    ['UNKNOWN_DESK', 400],
    ['DESK_IN_CONFIG', 409],
    ['ALREADY_UNDONE', 409],
    ['CHECKIN_DISABLED', 409],
    ['SITE_MISMATCH', 403],
  ];
  for (const [code, status] of statuses) t.equal(apiError(code as 'NOT_FOUND').status, status, code);
});

t.test('refusals about something name it in both languages', async (t) => {
  t.same(apiError('TICKET_NOT_FOUND', { department: 'kham-noi' }), {
    status: 404,
    body: { error: { code: 'TICKET_NOT_FOUND', vi: 'Hôm nay khoa "kham-noi" không có số này.', en: 'No such ticket for "kham-noi" today.' } },
  });
  t.same(apiError('RATE_LIMITED', { what: 'searches', waitS: 12 }).body.error, {
    code: 'RATE_LIMITED',
    vi: 'Tìm kiếm quá nhiều; thử lại sau 12 giây.',
    en: 'Too many searches; try again in 12 s.',
  });
  t.match(apiError('RATE_LIMITED', { what: 'logins', waitS: 60 }), {
    status: 429,
    body: { error: { vi: /^Đăng nhập sai quá nhiều; thử lại sau 60 giây/, en: /^Too many login attempts/ } },
  });
  t.match(apiError('RATE_LIMITED', { what: 'cameraReads', waitS: 1 }).body.error, { vi: /^Đọc mã bằng camera/, en: /camera reads/ });
  t.match(apiError('EVENT_NOT_FOUND', { id: 42 }).body.error, { vi: 'Không có lượt 42.', en: 'No event 42.' });
  t.match(apiError('REPORT_PERIOD_OPEN', { to: '2026-12-31' }), { status: 409, body: { error: { vi: /2026-12-31/, en: /2026-12-31/ } } });
  t.match(apiError('FACILITY_NOT_BOUND', { facilityId: '36007' }), { status: 403, body: { error: { vi: /36007/, en: /36007/ } } });
});

t.test('what the client sent and was not found is not repeated back', async (t) => {
  t.same(apiError('DEVICE_NOT_FOUND'), { status: 404, body: { error: { code: 'DEVICE_NOT_FOUND', vi: 'Không có máy quét này.', en: 'No such scanner.' } } });
  t.match(apiError('UNKNOWN_DEPARTMENT').body.error, {
    vi: 'Không có khoa này (registration.departments).',
    en: 'No such department (registration.departments).',
  });
  t.same(apiError('UNKNOWN_PRIORITY_REASON', { known: 'pregnant, disability' }).body.error, {
    code: 'UNKNOWN_PRIORITY_REASON',
    vi: 'Không có lý do ưu tiên này (có: pregnant, disability).',
    en: 'No such priority reason (known: pregnant, disability).',
  });
  for (const code of ['DEVICE_NOT_FOUND', 'SIMULATOR_NOT_FOUND', 'UNKNOWN_DEPARTMENT', 'BAD_URL', 'URL_TOO_LONG'] as const)
    t.notOk(API_ERRORS[code].takesParams, `${code} takes nothing from the request`);
});

t.test('a period refusal carries the texts the period check wrote', async (t) => {
  t.same(apiError('REPORT_PERIOD_INVALID', { vi: 'Tháng 13 không có.', en: 'There is no month 13.' }), {
    status: 400,
    body: { error: { code: 'REPORT_PERIOD_INVALID', vi: 'Tháng 13 không có.', en: 'There is no month 13.' } },
  });
});

t.test('extra fields go beside the code and texts, never over them', async (t) => {
  t.same(apiError('BAD_REQUEST', { detail: 'body/desk must be string' }).body.error, {
    detail: 'body/desk must be string',
    code: 'BAD_REQUEST',
    vi: 'Yêu cầu không hợp lệ.',
    en: 'Invalid request.',
  });
  t.same(apiError('SIMULATOR_NOT_FOUND', { available: ['sim-1'] }).body.error, {
    available: ['sim-1'],
    code: 'SIMULATOR_NOT_FOUND',
    vi: 'Không có máy quét mô phỏng này.',
    en: 'No such simulated scanner.',
  });
  t.match(
    apiError('NOT_FOUND', { code: 'OK', vi: 'xong', en: 'fine' }).body.error,
    { code: 'NOT_FOUND', vi: 'Không có địa chỉ này.', en: 'No such route.' },
    'an extra named like a field loses',
  );
});

t.test('every entry: an error status and a text in each language', async (t) => {
  const sample: Record<string, unknown> = {
    RATE_LIMITED: { what: 'searches', waitS: 5 },
    REPORT_PERIOD_INVALID: { vi: 'Kỳ báo cáo không hợp lệ.', en: 'Invalid period.' },
    REPORT_PERIOD_OPEN: { to: '2026-12-31' },
    FACILITY_NOT_BOUND: { facilityId: '36007' },
  };
  for (const [code, entry] of Object.entries(API_ERRORS)) {
    const params = sample[code] ?? { id: 7 };
    const { status, body } = (apiError as (c: string, p?: unknown) => ReturnType<typeof apiError>)(code, entry.takesParams ? params : undefined);
    t.ok(status >= 400 && status < 600, `${code}: status ${status}`);
    t.equal(body.error.code, code);
    t.match(body.error.vi, VIETNAMESE, `${code}: Vietnamese text`);
    t.notMatch(body.error.en, VIETNAMESE, `${code}: English text`);
    t.ok(body.error.en.length > 5, `${code}: English text`);
  }
});
