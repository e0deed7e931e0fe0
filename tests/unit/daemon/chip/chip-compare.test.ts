// Comparing what two reads say of a person (daemon/src/chip/chip-compare.ts): the same value written
// two ways is the same; a real difference is named; a field one side does not carry is not compared.

import t from 'tap';
import { chipDate, differences } from '../../../../daemon/src/chip/chip-compare.ts';

t.test('chipDate: DD/MM/YYYY, DDMMYYYY and ISO are one date; anything else is none', async (t) => {
  t.equal(chipDate('15/03/1989'), '1989-03-15');
  t.equal(chipDate('15031989'), '1989-03-15');
  t.equal(chipDate('1989-03-15'), '1989-03-15');
  t.equal(chipDate('1989-02-30'), null, 'not a real day');
  t.equal(chipDate('Không thời hạn'), null);
});

t.test('differences: written either way is the same; a real difference is named', async (t) => {
  const chip = { id: '001089012345', name: 'Nguyễn Văn An', dob: '15/03/1989', sex: 'Nam', address: 'Số 12 Thụy Khuê', issueDate: '2021-04-20' };
  t.same(differences(chip, { ...chip, name: '  NGUYỄN  VĂN AN ', dob: '1989-03-15', sex: 'nam', issueDate: '20/04/2021' }), [], 'case, spacing, date form');
  t.same(differences(chip, { ...chip, name: 'Nguyễn Văn Ân', dob: '16/03/1989' }), ['name', 'dob']);
  t.same(differences(chip, { id: chip.id, name: chip.name }), [], 'what one side does not carry is not compared');
  t.same(differences({ sex: 'Nam' }, { sex: 'Nữ' }), ['sex']);
  t.same(differences({ sex: 'x' }, { sex: 'y' }), ['sex'], 'two unknown words for sex are not the same');
  t.same(differences({ sex: 'Nữ' }, { sex: 'F' }), [], 'Nữ is F');
});
