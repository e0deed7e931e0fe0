// The "Trang thiết bị" sheet (#29 item 3): grouped headings like Phụ lục 03's scanner columns, numbers
// as numbers, "—" where the hub cannot know, the link in words, names never run as formulas, and a
// note under the table when units are left out of the total.

import ExcelJS from 'exceljs';
import t from 'tap';
import type { EquipmentRow, PhuLuc03 } from '../../../../daemon/src/api/report.ts';
import { EQUIPMENT_SHEET, equipmentCell, equipmentSheet, UNKNOWN_MARK } from '../../../../daemon/src/reports/render-equipment.ts';

const known: EquipmentRow = {
  level: 'facility',
  stt: '1',
  label: '=HYPERLINK("x")',
  facilityId: 'A',
  stationId: null,
  computersWorking: 2,
  computersNotWorking: 1,
  computersNeeded: 0,
  printersWorking: 1,
  printersNotWorking: 0,
  printersNeeded: 1,
  printersDetected: { working: 1, notWorking: 1 },
  scannersWorking: 1,
  scannersNotWorking: 0,
  scannersNeeded: 0,
  internet: 'ok',
  reasons: '',
};
const unknown: EquipmentRow = {
  ...known,
  label: 'Cũ',
  computersWorking: null,
  computersNotWorking: null,
  computersNeeded: null,
  printersWorking: null,
  printersNotWorking: null,
  printersNeeded: null,
  printersDetected: null,
  internet: null,
};

t.test('cells', async (t) => {
  t.equal(equipmentCell(known, 'computersWorking'), 2);
  t.equal(equipmentCell(known, 'detected'), '1/1');
  t.equal(equipmentCell(known, 'internet'), 'Có kết nối');
  t.not(equipmentCell(known, 'label'), known.label, 'a formula is neutralised');
  t.equal(equipmentCell(unknown, 'computersWorking'), UNKNOWN_MARK);
  t.equal(equipmentCell(unknown, 'internet'), UNKNOWN_MARK);
  t.equal(equipmentCell({ ...unknown, level: 'total' }, 'internet'), '', 'the total has no link');
});

t.test('the sheet', async (t) => {
  const wb = new ExcelJS.Workbook();
  equipmentSheet(wb, { equipment: [known, unknown] } as unknown as PhuLuc03);
  const ws = wb.getWorksheet(EQUIPMENT_SHEET)!;
  t.same((ws.getRow(2).values as unknown[]).slice(1, 13), [
    'STT',
    'Tên đơn vị / điểm tiếp đón',
    'Máy tính',
    'Máy tính',
    'Máy tính',
    'Máy in',
    'Máy in',
    'Máy in',
    'Máy in',
    'Máy quét',
    'Máy quét',
    'Máy quét',
  ]);
  t.equal(ws.getRow(3).getCell(3).value, 'Số máy đáp ứng');
  t.equal(ws.getRow(4).getCell(3).value, 2);
  t.equal(ws.getRow(5).getCell(3).value, UNKNOWN_MARK);
  t.match(ws.getRow(7).getCell(1).value, /1 đơn vị chưa gửi/);
  const none = new ExcelJS.Workbook();
  equipmentSheet(none, {} as PhuLuc03);
  t.equal(none.worksheets.length, 0, 'a report without equipment rows has no sheet');
});
