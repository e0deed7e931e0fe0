// 15-character BHYT card code: GG L PP NNNNNNNNNN (group, benefit level, province, BHXH number).
// Group meanings follow QĐ 1351/QĐ-BHXH as summarised in docs/research/qr-formats.md §3.3.
// The level printed on a card can understate the entitlement (2026 re-levelling), so these texts
// explain the code; coverage itself always comes from the gateway answer.

import type { Message } from './messages.ts';
import { provinceOf2 } from './province-codes.ts';

const GROUPS: Readonly<Record<string, Message>> = {
  DN: { vi: 'Người lao động trong doanh nghiệp', en: 'Enterprise employee' },
  HX: { vi: 'Người lao động trong hợp tác xã', en: 'Cooperative worker' },
  CH: { vi: 'Cơ quan nhà nước, đơn vị sự nghiệp', en: 'State agency or public unit' },
  NN: { vi: 'Tổ chức nước ngoài', en: 'Foreign organisation' },
  TK: { vi: 'Người lao động ở đơn vị khác', en: 'Other employer' },
  HC: { vi: 'Cán bộ, công chức', en: 'Civil servant' },
  XK: { vi: 'Người hoạt động không chuyên trách ở xã', en: 'Part-time commune staff' },
  HT: { vi: 'Người hưởng lương hưu', en: 'Pensioner' },
  TB: { vi: 'Hưởng trợ cấp tai nạn lao động, bệnh nghề nghiệp', en: 'Occupational accident/disease allowance' },
  NO: { vi: 'Nghỉ ốm dài ngày', en: 'Long-term sick leave' },
  CT: { vi: 'Người từ đủ 80 tuổi hưởng tuất', en: 'Survivor allowance, 80 or older' },
  XB: { vi: 'Cán bộ xã đã nghỉ việc', en: 'Retired commune officer' },
  XN: { vi: 'Cán bộ xã đã nghỉ việc hưởng trợ cấp', en: 'Retired commune officer on allowance' },
  TN: { vi: 'Hưởng trợ cấp thất nghiệp', en: 'Unemployment benefit' },
  CS: { vi: 'Công nhân cao su', en: 'Rubber worker' },
  QN: { vi: 'Quân nhân', en: 'Military' },
  CA: { vi: 'Công an nhân dân', en: 'Police' },
  CY: { vi: 'Người làm công tác cơ yếu', en: 'Cipher staff' },
  MS: { vi: 'Hưởng trợ cấp mất sức lao động', en: 'Work-capacity-loss allowance' },
  CC: { vi: 'Người có công với cách mạng', en: 'Person of revolutionary merit' },
  CK: { vi: 'Người có công với cách mạng', en: 'Person of revolutionary merit' },
  CB: { vi: 'Cựu chiến binh', en: 'Veteran' },
  KC: { vi: 'Người tham gia kháng chiến', en: 'Resistance participant' },
  HD: { vi: 'Đại biểu Quốc hội, HĐND', en: "National Assembly / People's Council deputy" },
  TE: { vi: 'Trẻ em dưới 6 tuổi', en: 'Child under 6' },
  BT: { vi: 'Hưởng trợ cấp bảo trợ xã hội', en: 'Social-protection allowance' },
  HN: { vi: 'Hộ nghèo', en: 'Poor household' },
  DT: { vi: 'Dân tộc thiểu số vùng khó khăn', en: 'Ethnic minority in a hardship area' },
  DK: { vi: 'Vùng đặc biệt khó khăn', en: 'Extremely hard area' },
  XD: { vi: 'Xã đảo, huyện đảo', en: 'Island commune or district' },
  TS: { vi: 'Thân nhân liệt sĩ', en: "Martyr's relative" },
  TC: { vi: 'Thân nhân người có công', en: 'Relative of a person of merit' },
  TQ: { vi: 'Thân nhân quân nhân', en: 'Military relative' },
  TA: { vi: 'Thân nhân công an', en: 'Police relative' },
  TY: { vi: 'Thân nhân người làm cơ yếu', en: 'Cipher staff relative' },
  TV: { vi: 'Thân nhân công nhân quốc phòng', en: "Defence worker's relative" },
  HG: { vi: 'Người hiến bộ phận cơ thể', en: 'Organ donor' },
  LS: { vi: 'Lưu học sinh nước ngoài', en: 'Foreign scholarship student' },
  PV: { vi: 'Người phục vụ người có công', en: 'Carer of a person of merit' },
  CN: { vi: 'Hộ cận nghèo', en: 'Near-poor household' },
  HS: { vi: 'Học sinh', en: 'Pupil' },
  SV: { vi: 'Sinh viên', en: 'Student' },
  GB: { vi: 'Hộ nông, lâm, ngư, diêm nghiệp mức sống trung bình', en: 'Farming/fishing household, average income' },
  GD: { vi: 'Tham gia theo hộ gia đình', en: 'Household-based enrolment' },
};

const LEVELS: Readonly<Record<string, Message>> = {
  '1': { vi: 'Mức 1: 100%, không giới hạn tỷ lệ thuốc, vật tư, kỹ thuật', en: 'Level 1: 100%, no ratio ceilings' },
  '2': { vi: 'Mức 2: 100%, có giới hạn tỷ lệ theo quy định', en: 'Level 2: 100%, within MoH ratio ceilings' },
  '3': { vi: 'Mức 3: 95%', en: 'Level 3: 95%' },
  '4': { vi: 'Mức 4: 80%', en: 'Level 4: 80%' },
  '5': { vi: 'Mức 5: 100%, kể cả ngoài phạm vi BHYT', en: 'Level 5: 100%, including items outside normal scope' },
};

export interface BhytCodeExplained {
  readonly code: string;
  readonly group: { readonly code: string; readonly known: boolean } & Partial<Message>;
  readonly level: { readonly digit: string } & Message;
  readonly province: { readonly code: string; readonly name: string | null };
  readonly bhxh: string;
  /** The 10-character number part has letters (allowed loosely; the gateway decides). */
  readonly loose: boolean;
}

const STRICT = /^[A-Z]{2}[1-5]\d{2}\d{10}$/;
const LOOSE = /^[A-Z]{2}[1-5]\d{2}[0-9A-Z]{10}$/;

/** Explains an upper-case 15-character code, or returns null when its shape is wrong. */
export function explainBhytCode(code: string): BhytCodeExplained | null {
  if (!LOOSE.test(code)) return null;
  const g = code.slice(0, 2);
  const l = code.slice(2, 3);
  const p = code.slice(3, 5);
  const group = GROUPS[g];
  return {
    code,
    group: group ? { code: g, known: true, ...group } : { code: g, known: false },
    level: { digit: l, ...LEVELS[l]! },
    province: { code: p, name: provinceOf2(p) },
    bhxh: code.slice(5),
    loose: !STRICT.test(code),
  };
}
