// What a receptionist reads after a manual search at the desk finds no one, several people, or needs
// more details, in Vietnamese and English (the desk page's search panel, /api/search).

import type { Message } from '../parse/messages.ts';

export const SEARCH_MESSAGES = {
  notFound: {
    vi: 'Chưa có người bệnh này trong dữ liệu đã tiếp nhận. Nhập số định danh 12 số (kèm họ tên, ngày sinh).',
    en: 'No such patient among earlier reads. Type the 12-digit ID (with name and date of birth).',
  },
  cmndNotFound: {
    vi: 'Chưa có người bệnh có số CMND này trong dữ liệu đã tiếp nhận; cổng BHXH không tra cứu bằng CMND. Nhập số định danh 12 số.',
    en: 'No earlier read has this old CMND, and the BHXH gateway does not look up by CMND. Type the 12-digit ID.',
  },
  needsDetails: {
    vi: 'Lần đầu tra cứu số này: nhập thêm họ tên và ngày sinh như trên thẻ.',
    en: 'First lookup of this number: add the name and date of birth as on the card.',
  },
  needsSex: { vi: 'Chọn giới tính của người bệnh.', en: 'Choose the patient’s sex.' },
  ambiguous: {
    vi: 'Có nhiều người cùng họ tên và ngày sinh. Nhập số định danh để chọn đúng người.',
    en: 'Several people share this name and date of birth. Type the ID number to pick the right one.',
  },
} as const satisfies Record<string, Message>;
