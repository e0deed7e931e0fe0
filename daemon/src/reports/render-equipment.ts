// The XLSX's "Trang thiết bị" sheet (#29 item 3, seed 002): computers, printers and scanners per unit
// and station in Phụ lục 03's scanner style (a merged group heading over "đáp ứng / không đáp ứng",
// then "Nhu cầu trang bị"), the internet link, the reasons; "—" where a site does not send equipment.

import type ExcelJS from 'exceljs';
import type { EquipmentRow, InternetState, PhuLuc03 } from '../api/report.ts';
import { neutraliseFormula } from './render-csv.ts';

export const EQUIPMENT_SHEET = 'Trang thiết bị';

/** "—": the hub cannot know (a site older than the equipment fields, or one that never pushed). */
export const UNKNOWN_MARK = '—';

const LINK: Record<InternetState, string> = { ok: 'Có kết nối', down: 'Mất kết nối', unknown: 'Chưa rõ' };

type Key = Exclude<keyof EquipmentRow, 'level' | 'facilityId' | 'stationId' | 'printersDetected'> | 'detected';

export const EQUIPMENT_COLUMNS: ReadonlyArray<{ key: Key; heading: string; group: string | null }> = [
  { key: 'stt', heading: 'STT', group: null },
  { key: 'label', heading: 'Tên đơn vị / điểm tiếp đón', group: null },
  { key: 'computersWorking', heading: 'Số máy đáp ứng', group: 'Máy tính' },
  { key: 'computersNotWorking', heading: 'Số máy không đáp ứng', group: 'Máy tính' },
  { key: 'computersNeeded', heading: 'Nhu cầu trang bị', group: 'Máy tính' },
  { key: 'printersWorking', heading: 'Số máy đáp ứng', group: 'Máy in' },
  { key: 'printersNotWorking', heading: 'Số máy không đáp ứng', group: 'Máy in' },
  { key: 'printersNeeded', heading: 'Nhu cầu trang bị', group: 'Máy in' },
  { key: 'detected', heading: 'Hệ điều hành nhận (đáp ứng/không)', group: 'Máy in' },
  { key: 'scannersWorking', heading: 'Số máy đáp ứng', group: 'Máy quét' },
  { key: 'scannersNotWorking', heading: 'Số máy không đáp ứng', group: 'Máy quét' },
  { key: 'scannersNeeded', heading: 'Nhu cầu trang bị', group: 'Máy quét' },
  { key: 'internet', heading: 'Kết nối mạng Internet (cổng BHXH, 1 giờ qua)', group: null },
  { key: 'reasons', heading: 'Lý do không đáp ứng', group: null },
];

/** One cell as the sheet shows it: numbers as numbers, unknown as "—". */
export function equipmentCell(r: EquipmentRow, key: Key): string | number {
  if (key === 'label' || key === 'reasons') return neutraliseFormula(r[key]);
  if (key === 'stt') return r.stt;
  if (key === 'detected')
    return r.printersDetected ? `${r.printersDetected.working}/${r.printersDetected.notWorking}` : r.level === 'total' ? '' : UNKNOWN_MARK;
  if (key === 'internet') return r.internet ? LINK[r.internet] : r.level === 'total' ? '' : UNKNOWN_MARK;
  const v = r[key];
  return v === null ? UNKNOWN_MARK : v;
}

export function equipmentSheet(wb: ExcelJS.Workbook, report: PhuLuc03): void {
  const rows = report.equipment;
  if (!rows) return;
  const ws = wb.addWorksheet(EQUIPMENT_SHEET);
  const n = EQUIPMENT_COLUMNS.length;
  ws.addRow(['Thực trạng trang thiết bị tại bàn tiếp đón (máy tính, máy in, máy quét, kết nối mạng Internet)']);
  ws.mergeCells(1, 1, 1, n);
  ws.getRow(1).font = { bold: true, size: 13 };
  const groupRow = ws.getRow(2);
  const headRow = ws.getRow(3);
  EQUIPMENT_COLUMNS.forEach((c, i) => {
    groupRow.getCell(i + 1).value = c.group ?? c.heading;
    headRow.getCell(i + 1).value = c.group ? c.heading : null;
  });
  for (let i = 0; i < n;) {
    const g = EQUIPMENT_COLUMNS[i]!.group;
    let j = i;
    while (g && j + 1 < n && EQUIPMENT_COLUMNS[j + 1]!.group === g) j++;
    if (g) ws.mergeCells(2, i + 1, 2, j + 1);
    else ws.mergeCells(2, i + 1, 3, i + 1);
    i = j + 1;
  }
  for (const row of [groupRow, headRow]) {
    row.font = { bold: true };
    row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }
  for (const r of rows) {
    const row = ws.addRow(EQUIPMENT_COLUMNS.map((c) => equipmentCell(r, c.key)));
    if (r.level !== 'station') row.font = { bold: true };
  }
  const unknown = rows.filter((r) => r.level === 'facility' && r.computersWorking === null).length;
  if (unknown > 0) {
    ws.addRow([]);
    ws.addRow([`${UNKNOWN_MARK}: ${unknown} đơn vị chưa gửi số liệu trang thiết bị (phiên bản cũ hoặc chưa gửi), không tính vào tổng.`]);
    ws.addRow([`${UNKNOWN_MARK}: ${unknown} unit(s) do not send equipment yet (older version or no push), left out of the total.`]);
  }
  ws.columns.forEach((col, i) => (col.width = i === 1 ? 44 : i === 0 ? 6 : i === n - 1 ? 40 : 12));
  ws.views = [{ state: 'frozen', ySplit: 3, xSplit: 2 }];
}
