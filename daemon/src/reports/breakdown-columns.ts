// The columns beside the seed's table: what is behind "Lỗi" and what is still waiting for the gateway.
// They are never inside the seed's columns, which stay character-exact.

import type { BreakdownColumn } from '../api/report.ts';

export const BREAKDOWN_COLUMNS_OF_REPORT: readonly BreakdownColumn[] = [
  { key: 'errorsRead', heading: 'Lỗi đọc thẻ / sai định dạng', en: 'Card unreadable or wrong format' },
  { key: 'errorsValidation', heading: 'Lỗi dữ liệu thẻ (kiểm tra)', en: 'Card data failed validation' },
  { key: 'lookupNotCovered', heading: 'Tra cứu: không có thẻ BHYT còn giá trị', en: 'Lookup: no valid BHYT card (010, 050, 110, 12x, 130)' },
  { key: 'lookupInput', heading: 'Tra cứu: sai mã thẻ / tham số', en: 'Lookup: wrong card code or parameters (051–055, 205, refused)' },
  { key: 'lookupIdentity', heading: 'Tra cứu: sai họ tên / ngày sinh', en: 'Lookup: name or date of birth mismatch (060, 061, 070)' },
  { key: 'lookupOther', heading: 'Tra cứu: không trả lời / mã khác', en: 'Lookup: never answered, or another code' },
  { key: 'lostReads', heading: 'Lượt đọc không lưu được (ổ đĩa đầy)', en: 'Reads the site could not store (disk full)' },
  { key: 'chipReads', heading: 'Trong đó lượt đọc chip (đầu đọc chip)', en: 'Of the scans: read from the chip (chip reader)' },
  { key: 'errorsUnexplained', heading: 'Lỗi chưa rõ nguyên nhân', en: 'Errors without a cause (sites older than v8)' },
  { key: 'pending', heading: 'Đang chờ tra cứu (lúc lập báo cáo)', en: 'Lookups pending at report time' },
];
