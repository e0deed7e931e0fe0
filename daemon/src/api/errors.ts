// Every refusal a client can get from the HTTP API, the daemon's and the hub's: its stable code, its
// HTTP status and what it says in Vietnamese and English, declared once. A route refuses with
// `apiError(code, params)`; docs/reference/error-codes.md lists these (a test keeps it complete), and
// the OpenAPI document lists, per operation, the codes its route declares (`config.errors`).
// Codes are a contract: added, never renamed. What a card read or a typed search is refused for is
// another list, the parser's (camelCase codes in `tiepnhan parse` and the `scan` message:
// daemon/src/parse/messages.ts).

export interface ErrorText {
  readonly vi: string;
  readonly en: string;
}

interface Entry<P> {
  readonly status: number;
  /** Whether the text names something of the request (an id, a wait): then `apiError` takes it. */
  readonly takesParams: boolean;
  readonly text: (p: P) => ErrorText;
}

const fixed = (status: number, vi: string, en: string): Entry<void> => ({ status, takesParams: false, text: () => ({ vi, en }) });
const about = <P>(status: number, text: (p: P) => ErrorText): Entry<P> => ({ status, takesParams: true, text });

const LIMITED = {
  searches: ['Tìm kiếm', 'searches'],
  cameraReads: ['Đọc mã bằng camera', 'camera reads'],
  logins: ['Đăng nhập sai', 'login attempts'],
  wrongTokens: ['Thử mã truy cập sai', 'wrong access tokens'],
} as const;

const QUEUE_STATE_VI: Readonly<Record<string, string>> = { waiting: 'đang chờ', called: 'đã gọi', inService: 'đang khám', done: 'đã xong', skipped: 'bỏ qua' };
const QUEUE_ACTION_VI: Readonly<Record<string, string>> = { called: 'gọi', inService: 'nhận vào khám', done: 'đánh dấu xong', skipped: 'bỏ qua' };

export const API_ERRORS = {
  // Any request
  BAD_REQUEST: fixed(400, 'Yêu cầu không hợp lệ.', 'Invalid request.'),
  INVALID_JSON: fixed(400, 'Nội dung gửi lên không phải JSON hợp lệ.', 'The body is not valid JSON.'),
  BODY_TOO_LARGE: fixed(413, 'Nội dung gửi lên quá lớn.', 'The body is too large.'),
  UNSUPPORTED_MEDIA_TYPE: fixed(415, 'Chỉ nhận nội dung JSON.', 'Only JSON bodies are accepted.'),
  NOT_FOUND: fixed(404, 'Không có địa chỉ này.', 'No such route.'),
  BAD_URL: fixed(400, 'Địa chỉ (URL) không hợp lệ.', 'The address (URL) is malformed.'),
  URL_TOO_LONG: fixed(414, 'Một phần của địa chỉ (URL) quá dài.', 'A part of the address (URL) is too long.'),
  AUDIT_UNAVAILABLE: fixed(
    503,
    'Không ghi được nhật ký truy cập (ổ đĩa đầy hoặc cơ sở dữ liệu bị khóa), nên dữ liệu người bệnh không được hiển thị. Thử lại sau khi khắc phục.',
    'The access log cannot be written (a full disk or a locked database), so no patient data is shown. Try again once it is fixed.',
  ),
  INTERNAL: fixed(500, 'Lỗi trong tiepnhan; đã ghi nhật ký.', 'Internal error in tiepnhan; it was logged.'),
  HOST_FORBIDDEN: fixed(403, 'Địa chỉ máy chủ (Host) không thuộc tiepnhan.', 'This Host name is not served by tiepnhan.'),
  ORIGIN_FORBIDDEN: fixed(403, 'Trang web khác không được truy cập tiepnhan.', 'Pages from another site may not call tiepnhan.'),
  AUTH_REQUIRED: fixed(401, 'Thiếu hoặc sai mã truy cập (token).', 'Missing or unknown access token.'),
  FORBIDDEN: fixed(403, 'Vai trò của mã truy cập này không được làm việc này.', 'This token’s role may not do this.'),
  DESK_MISMATCH: fixed(403, 'Mã truy cập này thuộc quầy khác.', 'This token belongs to another desk.'),
  RATE_LIMITED: about(429, (p: { what: keyof typeof LIMITED; waitS: number }) => ({
    vi: `${LIMITED[p.what][0]} quá nhiều; thử lại sau ${p.waitS} giây.`,
    en: `Too many ${LIMITED[p.what][1]}; try again in ${p.waitS} s.`,
  })),
  SESSION_NOT_FOUND: fixed(
    404,
    'Không có phiên đăng nhập đang mở với mã này (có thể đã kết thúc).',
    'No open session with this id (it may have ended already).',
  ),
  // Desks, devices, reads
  UNKNOWN_DESK: fixed(
    400,
    'Quầy này không có trong cấu hình của cơ sở (facility.stations).',
    'This desk is not in the facility configuration (facility.stations).',
  ),
  CAMERA_EMPTY: fixed(400, 'Không có dữ liệu mã QR từ camera.', 'No QR data from the camera.'),
  // What the client sent and the daemon did not find is not repeated back (it may be markup or a probe).
  DEVICE_NOT_FOUND: fixed(404, 'Không có máy quét này.', 'No such scanner.'),
  DESK_IN_CONFIG: fixed(
    409,
    'Máy quét này được khai báo trong tệp cấu hình: đổi quầy ở đó (scanners[].desk).',
    'This scanner is declared in the configuration file: change its desk there (scanners[].desk).',
  ),
  REASON_REQUIRED: fixed(400, 'Cần ghi lý do khi đặt trạng thái máy quét bằng tay.', 'A reason is required to set a scanner status by hand.'),
  SIMULATOR_NOT_FOUND: fixed(404, 'Không có máy quét mô phỏng này.', 'No such simulated scanner.'),
  STATION_NOT_FOUND: fixed(404, 'Không có điểm tiếp đón này trong cấu hình (facility.stations).', 'No such station in the configuration (facility.stations).'),
  EQUIPMENT_REASON_REQUIRED: fixed(
    400,
    'Cần ghi lý do khi có máy tính hoặc máy in không hoạt động.',
    'A reason is required when a computer or printer does not work.',
  ),
  // Eligibility, registrations, patients
  ELIGIBILITY_NOT_FOUND: about(404, (p: { id: number }) => ({
    vi: `Lượt ${p.id} không có kết quả tra cứu BHYT.`,
    en: `Event ${p.id} has no eligibility result.`,
  })),
  HISTORY_NOT_FOUND: about(404, (p: { id: number }) => ({
    vi: `Lượt ${p.id} không có lịch sử khám từ cổng BHXH.`,
    en: `Event ${p.id} has no visit history from the BHXH gateway.`,
  })),
  CHIP_READ_NOT_FOUND: about(404, (p: { id: number }) => ({
    vi: `Không còn dữ liệu chip của lượt ${p.id} (chỉ giữ trong bộ nhớ đến hết lượt khám, mất khi khởi động lại).`,
    en: `No chip data is kept for event ${p.id} (it is held in memory for the visit only, and lost at a restart).`,
  })),
  CHIP_CONSENT_NEEDED: fixed(
    409,
    'Chưa có sự đồng ý của người bệnh để dùng dữ liệu chip (nhấn Y khi người bệnh đồng ý).',
    'The patient has not consented to the use of the chip’s data yet (press Y when they do).',
  ),
  EVENT_NOT_FOUND: about(404, (p: { id: number }) => ({ vi: `Không có lượt ${p.id}.`, en: `No event ${p.id}.` })),
  NOT_A_PATIENT: fixed(409, 'Lượt này không đọc được người bệnh.', 'This read found no patient.'),
  UNKNOWN_DEPARTMENT: fixed(400, 'Không có khoa này (registration.departments).', 'No such department (registration.departments).'),
  UNKNOWN_PRIORITY_REASON: about(400, (p: { known: string }) => ({
    vi: `Không có lý do ưu tiên này (có: ${p.known}).`,
    en: `No such priority reason (known: ${p.known}).`,
  })),
  REGISTRATION_NOT_FOUND: about(404, (p: { id: number }) => ({ vi: `Không tìm thấy lượt đăng ký ${p.id}.`, en: `No registration ${p.id}.` })),
  PATIENT_NOT_FOUND: about(404, (p: { id: number }) => ({ vi: `Không tìm thấy người bệnh ${p.id}.`, en: `No patient ${p.id}.` })),
  PAIR_NOT_FOUND: fixed(404, 'Không có cặp nghi trùng này (có thể đã được xử lý).', 'No such open pair (it may have been resolved already).'),
  MERGE_NOT_FOUND: fixed(404, 'Không có lần gộp này.', 'No such merge.'),
  ALREADY_UNDONE: fixed(409, 'Lần gộp này đã được hoàn tác.', 'This merge was already undone.'),
  CHECKIN_DISABLED: fixed(409, 'Chưa bật check-in (checkin.enabled).', 'Check-in is off (checkin.enabled).'),
  CHECKIN_NOT_REJECTED: about(409, (p: { id: number }) => ({
    vi: `Lượt đăng ký ${p.id} không có check-in bị từ chối.`,
    en: `Registration ${p.id} has no refused check-in.`,
  })),
  // The queue
  QUEUE_EMPTY: about(409, (p: { department: string }) => ({
    vi: `Khoa "${p.department}" không còn số nào đang chờ.`,
    en: `No ticket is waiting for "${p.department}".`,
  })),
  TICKET_NOT_FOUND: about(404, (p: { department: string }) => ({
    vi: `Hôm nay khoa "${p.department}" không có số này.`,
    en: `No such ticket for "${p.department}" today.`,
  })),
  TICKET_STATE: about(409, (p: { ticket: string; state: string; action: string }) => ({
    vi: `Số ${p.ticket} đang ở trạng thái "${QUEUE_STATE_VI[p.state] ?? p.state}": không thể ${QUEUE_ACTION_VI[p.action] ?? p.action}.`,
    en: `Ticket ${p.ticket} is ${p.state}: it cannot be ${p.action}.`,
  })),
  // Audit and reports
  BAD_CURSOR: fixed(400, 'Tham số before không hợp lệ.', 'The before cursor is not valid.'),
  REPORT_PERIOD_INVALID: about(400, (p: ErrorText) => p),
  REPORT_PERIOD_OPEN: about(409, (p: { to: string }) => ({
    vi: `Kỳ báo cáo chưa kết thúc (đến hết ngày ${p.to}).`,
    en: `The period has not ended yet (it runs to ${p.to}).`,
  })),
  SUBMISSION_NOT_FOUND: fixed(404, 'Không có bản báo cáo đã nộp này.', 'No such submitted report.'),
  // The district hub
  SITE_MISMATCH: fixed(403, 'Token không thuộc cơ sở này.', 'This token belongs to another site.'),
  SENT_AT_FUTURE: fixed(400, 'Thời điểm gửi (sentAt) ở tương lai: kiểm tra đồng hồ máy của cơ sở.', 'sentAt is in the future: check the site PC’s clock.'),
  FACILITY_NOT_BOUND: about(403, (p: { facilityId: string }) => ({
    vi: `Cơ sở ${p.facilityId} không thuộc điểm gửi này.`,
    en: `Facility ${p.facilityId} is not bound to this site.`,
  })),
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;
type ParamsOf<C extends ApiErrorCode> = (typeof API_ERRORS)[C] extends Entry<infer P> ? P : never;

/** The body every refusal carries (`detail` and the like are extra fields for some codes). */
export interface ApiErrorBody {
  readonly error: { readonly code: ApiErrorCode } & ErrorText & Readonly<Record<string, unknown>>;
}

/** A refusal: its HTTP status and its body. */
export function apiError<C extends ApiErrorCode>(
  code: C,
  ...args: ParamsOf<C> extends void ? [extra?: Record<string, unknown>] : [params: ParamsOf<C>, extra?: Record<string, unknown>]
): { readonly status: number; readonly body: ApiErrorBody } {
  const entry = API_ERRORS[code] as Entry<unknown>;
  const params = entry.takesParams ? args[0] : undefined;
  const extra = (entry.takesParams ? args[1] : args[0]) as Record<string, unknown> | undefined;
  return { status: entry.status, body: { error: { ...extra, code, ...entry.text(params) } } };
}
