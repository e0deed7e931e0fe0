// What the desk reads about a chip's verification, in Vietnamese and English. The words claim no
// more than the check (docs/research/chip-readers.md §3): passive authentication shows the data is
// the issuer's, unaltered; it never shows the chip is not a copy, nor that C06 confirmed anything.

import type { ChipVerificationLevel } from '../api/contract.ts';
import type { Message } from '../parse/messages.ts';
import type { ChipCheck } from './passive-auth.ts';

export const CHIP_LEVEL_TEXT: Readonly<Record<Exclude<ChipVerificationLevel, 'failed'>, Message>> = {
  none: {
    vi: 'Chưa kiểm tra chữ ký: đầu đọc không gửi dữ liệu gốc của chip.',
    en: 'Signature not checked: the reader sent no raw chip data.',
  },
  integrity: { vi: 'Dữ liệu khớp chữ ký trên chip.', en: 'The data matches the signature on the chip.' },
  issuer: {
    vi: 'Dữ liệu khớp chữ ký trên chip. Ký bởi cơ quan cấp (chứng thư CSCA đã cài).',
    en: 'The data matches the signature on the chip. Signed by the issuing authority (an installed CSCA certificate).',
  },
};

const CHECK_TEXT: Readonly<Record<ChipCheck, Message>> = {
  sodFormat: { vi: 'vùng chữ ký (SOD) không đọc được', en: 'the signature file (SOD) cannot be read' },
  dgNotListed: { vi: 'có nhóm dữ liệu không nằm trong danh sách đã ký', en: 'a data group is not in the signed list' },
  dgHash: { vi: 'dữ liệu trên chip đã bị sửa so với bản đã ký', en: 'the chip data was changed after it was signed' },
  messageDigest: { vi: 'danh sách đã ký không khớp chữ ký', en: 'the signed list does not match its signature' },
  signature: { vi: 'chữ ký không hợp lệ', en: 'the signature is not valid' },
  issuer: { vi: 'người ký không thuộc cơ quan cấp nào đã cài (CSCA)', en: 'the signer does not chain to any installed issuing authority (CSCA)' },
  dg13Format: {
    vi: 'dữ liệu nhân thân đã ký (DG13) không đọc được hoặc thiếu trường; thông tin hiển thị lấy từ phần mềm đầu đọc, không có chữ ký',
    en: 'the signed identity file (DG13) cannot be read or lacks a field; what is shown comes from the reader’s software, unsigned',
  },
};

export function chipFailedText(check: ChipCheck): Message {
  const why = CHECK_TEXT[check];
  return {
    vi: `CẢNH BÁO: dữ liệu chip không qua kiểm tra chữ ký (${why.vi}). Đối chiếu giấy tờ trước khi dùng.`,
    en: `WARNING: the chip data failed its signature check (${why.en}). Check the card by hand before using it.`,
  };
}
