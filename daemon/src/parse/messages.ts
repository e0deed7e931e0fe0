// Every code the parser and the search box can return, with the words a receptionist (the desk page) or a
// technician (/tech, `tiepnhan parse`) reads. Codes are the contract (tests, UI, counters); the texts may be improved freely.

export interface Message {
  readonly vi: string;
  readonly en: string;
}

export const PARSE_ERRORS = {
  empty: { vi: 'Không có dữ liệu quét.', en: 'The read was empty.' },
  encoding: {
    vi: 'Dữ liệu không phải UTF-8: máy quét đang xuất sai bảng mã. Chỉnh máy quét sang UTF-8.',
    en: 'The bytes are not UTF-8: the scanner is set to a legacy code page. Set the scanner to UTF-8 output.',
  },
  tooLong: { vi: 'Dữ liệu quét quá dài, không phải mã QR trên thẻ căn cước.', en: 'The read is too long to be an ID-card QR code.' },
  truncated: {
    vi: 'Mã QR bị cắt giữa chừng (mất gói tin hoặc sai ký tự kết thúc). Quét lại thẻ.',
    en: 'The QR payload was cut off mid-way (a lost report or wrong terminator). Scan the card again.',
  },
  notCccd: {
    vi: 'Đây không phải mã QR của thẻ căn cước. Quét mã QR trên thẻ, hoặc nhập số định danh.',
    en: 'This is not the QR code of a citizen ID card. Scan the card QR, or type the ID number.',
  },
  fieldCount: {
    vi: 'Số trường dữ liệu không đúng mẫu thẻ căn cước (7 hoặc 11 trường).',
    en: 'Wrong number of fields for an ID-card QR (7 or 11 expected).',
  },
  reencoded: {
    vi: 'Mã QR này là bản sao đã chuyển đổi (ví dụ từ Zalo), không phải mã trên thẻ. Quét trực tiếp thẻ căn cước.',
    en: 'This QR is a re-encoded copy (for example from Zalo), not the card itself. Scan the ID card directly.',
  },
  vneidApp: {
    vi: 'Đây là mã QR trên ứng dụng VNeID, không phải mã QR trên thẻ căn cước (nhận theo hình thức, định dạng chưa được xác nhận). Đề nghị người bệnh đưa thẻ căn cước để quét, hoặc nhập số định danh 12 số (F2).',
    en: 'This is a QR code from the VNeID app, not the one on the ID card (recognised by its form; the format is unconfirmed). Ask for the ID card to scan, or type the 12-digit ID number (F2).',
  },
  vssidApp: {
    vi: 'Đây là mã QR trên ứng dụng VssID, không phải mã QR trên thẻ căn cước (nhận theo hình thức, định dạng chưa được xác nhận). Đề nghị người bệnh đưa thẻ căn cước, hoặc nhập số định danh 12 số, mã số BHXH 10 số hay mã thẻ BHYT (F2).',
    en: 'This is a QR code from the VssID app, not the one on the ID card (recognised by its form; the format is unconfirmed). Ask for the ID card, or type the 12-digit ID number, the 10-digit BHXH number or the BHYT card code (F2).',
  },
  appToken: {
    vi: 'Đây là mã QR có chữ ký của một ứng dụng trên điện thoại (như VNeID, VssID), không phải mã QR trên thẻ căn cước; hệ thống không đọc được. Đề nghị người bệnh đưa thẻ căn cước, hoặc nhập số định danh 12 số (F2).',
    en: "This is a signed QR code from a phone app (such as VNeID or VssID), not the ID card's QR; it cannot be read here. Ask for the ID card, or type the 12-digit ID number (F2).",
  },
  covidQr: {
    vi: 'Đây là mã QR cá nhân (COVID), không dùng để đăng ký khám. Quét mã QR trên thẻ căn cước.',
    en: 'This is a personal COVID QR code, not usable for registration. Scan the QR on the ID card.',
  },
  idFormat: { vi: 'Số định danh phải gồm đúng 12 chữ số.', en: 'The personal ID number must be exactly 12 digits.' },
  oldIdFormat: { vi: 'Số CMND cũ chỉ được chứa chữ số.', en: 'The old ID (CMND) number may contain digits only.' },
  nameInvalid: { vi: 'Họ tên trống hoặc chứa ký tự không hợp lệ.', en: 'The name is empty or contains invalid characters.' },
  dateInvalid: { vi: 'Ngày tháng không hợp lệ (cần ngày có thật, dạng ngàythángnăm).', en: 'Invalid date (a real calendar date, ddmmyyyy, is required).' },
  dateOrder: {
    vi: 'Ngày sinh, ngày cấp và ngày hôm nay không đúng thứ tự.',
    en: 'Date of birth, issue date and today are out of order.',
  },
  sexInvalid: { vi: 'Giới tính phải là "Nam" hoặc "Nữ".', en: 'Sex must be "Nam" or "Nữ".' },
  idMismatch: {
    vi: 'Số định danh không khớp giới tính và năm sinh: có thể máy quét đọc sai. Quét lại thẻ.',
    en: 'The ID number does not match the sex and year of birth: probably a misread. Scan the card again.',
  },
  bhytFormat: {
    vi: 'Mã QR thẻ BHYT không đúng định dạng.',
    en: 'The health-insurance card QR is malformed.',
  },
  // A chip reader's card (chip/, pipeline/chip-reads.ts): the service's failure, or a card that never finished.
  chipFailed: {
    vi: 'Đầu đọc chip không đọc được thẻ. Đặt lại thẻ lên đầu đọc.',
    en: 'The chip reader could not read the card. Place the card on the reader again.',
  },
  chipIncomplete: {
    vi: 'Chưa đọc xong chip (thẻ bị nhấc ra hoặc đầu đọc dừng giữa chừng). Đặt lại thẻ và giữ yên.',
    en: 'The chip was not read to the end (the card was lifted or the reader stopped). Place the card again and hold it still.',
  },
  chipMalformed: {
    vi: 'Phần mềm đầu đọc chip gửi dữ liệu sai mẫu. Báo kỹ thuật viên.',
    en: 'The chip reader’s service sent data in an unexpected form. Tell the technician.',
  },
  chipNoIdentity: {
    vi: 'Dữ liệu chip không có đủ số định danh, họ tên, ngày sinh, giới tính hợp lệ. Quét mã QR trên thẻ hoặc nhập số định danh.',
    en: 'The chip’s data lacks a valid ID number, name, date of birth or sex. Scan the card’s QR or type the ID number.',
  },
} as const satisfies Record<string, Message>;

export type ParseErrorCode = keyof typeof PARSE_ERRORS;

export const PARSE_WARNINGS = {
  encodingRepaired: {
    vi: 'Đã sửa lỗi bảng mã (chữ tiếng Việt bị đọc sai). Nên chỉnh máy quét sang UTF-8.',
    en: 'Repaired mis-decoded text (Vietnamese letters were garbled). The scanner should be set to UTF-8.',
  },
  unknownProvince: {
    vi: 'Mã tỉnh trong số định danh không có trong danh mục (có thể là mã mới sau sáp nhập 2025).',
    en: 'The province code of the ID is not in the table (perhaps a code issued after the 2025 merger).',
  },
  oldIdUnusual: { vi: 'Số CMND cũ không có 9 chữ số.', en: 'The old ID (CMND) number is not 9 digits.' },
  addressMissing: { vi: 'Mã QR không có địa chỉ.', en: 'The QR carries no address.' },
  extraFieldsPresent: {
    vi: 'Thẻ mẫu 2024 có dữ liệu ở các trường bổ sung; đã lưu nguyên văn.',
    en: 'The 2024 card carries data in its extra fields; kept verbatim.',
  },
  bhytCodeLoose: {
    vi: 'Mã thẻ BHYT có chữ ở phần số; cổng BHXH sẽ kiểm tra lại.',
    en: 'The BHYT card code has letters in its number part; the BHXH gateway will check it.',
  },
  bhytGroupUnknown: { vi: 'Mã đối tượng BHYT không có trong danh mục.', en: 'Unknown BHYT beneficiary group code.' },
  dobYearOnly: { vi: 'Chỉ có năm sinh.', en: 'Only the year of birth is given.' },
  idCenturyUnusual: {
    vi: 'Chữ số thứ 4 của số định danh chỉ thế kỷ sau năm 2099.',
    en: 'The 4th digit of the ID stands for a century after 2099.',
  },
} as const satisfies Record<string, Message>;

export type ParseWarningCode = keyof typeof PARSE_WARNINGS;

/** What follows a rejection's text: the part of the read that failed, or what was found there. */
export const PARSE_DETAILS = {
  fieldsFound: (n: number) => ({ vi: `(có ${n} trường)`, en: `(${n} fields found)` }),
  digitsFound: (n: number) => ({ vi: `(có ${n} chữ số)`, en: `(${n} digits found)` }),
  dob: { vi: '(ngày sinh)', en: '(date of birth)' },
  issueDate: { vi: '(ngày cấp)', en: '(issue date)' },
  idSays: (sex: 'M' | 'F', birthYear: number) => ({
    vi: `(số định danh ghi ${sex === 'M' ? 'Nam' : 'Nữ'}, sinh năm ${birthYear})`,
    en: `(the ID says ${sex === 'M' ? 'male' : 'female'}, born ${birthYear})`,
  }),
} as const;

/** The field of a BHYT card QR that failed (after `bhytFormat`). */
export const BHYT_QR_DETAILS = {
  fieldCount: (n: number) => ({ vi: `(chỉ có ${n} trường)`, en: `(only ${n} fields)` }),
  cardCode: { vi: '(mã thẻ)', en: '(card code)' },
  name: { vi: '(họ tên)', en: '(name)' },
  dob: { vi: '(ngày sinh)', en: '(date of birth)' },
  sex: { vi: '(giới tính)', en: '(sex)' },
  address: { vi: '(địa chỉ)', en: '(address)' },
  validity: { vi: '(ngày hiệu lực)', en: '(validity dates)' },
} as const;

/** What the one search box at the desk refuses (parseSearchInput). */
export const SEARCH_ERRORS = {
  searchEmpty: {
    vi: 'Nhập số định danh, số CMND, mã số BHXH, mã thẻ BHYT, hoặc họ tên và ngày sinh.',
    en: 'Type an ID number, old CMND, BHXH number, BHYT card code, or a name and date of birth.',
  },
  searchDigitCount: { vi: 'Số định danh có 12 chữ số, CMND cũ 9, mã số BHXH 10.', en: 'A personal ID has 12 digits, an old CMND 9, a BHXH number 10.' },
  idFutureYear: {
    vi: 'Năm sinh trong số định danh (chữ số 4–6) nằm trong tương lai: kiểm tra lại số.',
    en: 'The birth year in the ID (digits 4–6) is in the future: check the number.',
  },
  bhytLevel: { vi: 'Ký tự thứ 3 của mã thẻ BHYT (mức hưởng) phải từ 1 đến 5.', en: 'Character 3 of the BHYT code (benefit level) must be 1 to 5.' },
  bhytShape: {
    vi: 'Mã thẻ BHYT gồm 2 chữ cái, 1 chữ số mức hưởng, 2 chữ số tỉnh và 10 chữ số BHXH.',
    en: 'A BHYT code is 2 letters, a benefit digit, 2 province digits and a 10-digit BHXH number.',
  },
  nameNeedsDob: {
    vi: 'Tìm theo tên cần cả ngày sinh (ví dụ: Nguyễn Văn An 15/03/1989).',
    en: 'A name search needs the date of birth too (e.g. Nguyễn Văn An 15/03/1989).',
  },
  dobInvalid: { vi: 'Ngày sinh không hợp lệ (dạng ngày/tháng/năm, hoặc năm sinh).', en: 'Invalid date of birth (day/month/year, or the year alone).' },
  nameInvalid: { vi: 'Họ tên chỉ gồm chữ cái, ít nhất 2 từ.', en: 'A name has letters only, at least two words.' },
  searchUnrecognized: { vi: 'Không nhận ra nội dung tìm kiếm.', en: 'The search text was not recognised.' },
} as const satisfies Record<string, Message>;

export type SearchErrorCode = keyof typeof SEARCH_ERRORS;

/** What follows a search refusal's text: what was typed. */
export const SEARCH_DETAILS = {
  charactersFound: (n: number) => ({ vi: `(có ${n} ký tự)`, en: `(${n} characters found)` }),
  digitsTyped: (n: number) => ({ vi: `Đã nhập ${n} chữ số.`, en: `You typed ${n} digits.` }),
  levelGot: (level: string) => ({ vi: `(đã nhập "${level}")`, en: `(got "${level}")` }),
} as const;

/** `tiepnhan parse --hex`: a line that is not hex, answered in the parse result's shape. */
export const CLI_PARSE_ERRORS = {
  badHexInput: { vi: 'Dòng nhập không phải chuỗi hex.', en: 'The input line is not hex.' },
} as const satisfies Record<string, Message>;

export interface CodedMessage extends Message {
  readonly code: string;
}

export function errorOf(code: ParseErrorCode, detail?: Message): CodedMessage {
  const base = PARSE_ERRORS[code];
  if (!detail) return { code, vi: base.vi, en: base.en };
  return { code, vi: `${base.vi} ${detail.vi}`, en: `${base.en} ${detail.en}` };
}

export function warningOf(code: ParseWarningCode): CodedMessage {
  const base = PARSE_WARNINGS[code];
  return { code, vi: base.vi, en: base.en };
}

/** Coarse class of a rejected read, kept with each event so a district officer can tell a worn card
 *  or a mis-set scanner (read, format) from data that fails validation. */
export type ErrorClass = 'read' | 'format' | 'validation';

const READ_ERRORS: ReadonlySet<string> = new Set(['empty', 'encoding', 'tooLong', 'truncated', 'chipFailed', 'chipIncomplete', 'chipMalformed']);
const FORMAT_ERRORS: ReadonlySet<string> = new Set([
  'notCccd',
  'fieldCount',
  'reencoded',
  'covidQr',
  'bhytFormat',
  'vneidApp',
  'vssidApp',
  'appToken',
  'chipNoIdentity',
]);

export function errorClassOf(code: string): ErrorClass {
  if (READ_ERRORS.has(code)) return 'read';
  if (FORMAT_ERRORS.has(code)) return 'format';
  return 'validation';
}
