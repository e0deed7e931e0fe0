// What a public display may show with queue.showNames: initials, then the given name.

import t from 'tap';
import { shortName } from '../../../../daemon/src/queue/display-name.ts';

t.test('family and middle names become initials, the given name stays', async (t) => {
  t.equal(shortName('Nguyễn Văn An'), 'N. V. An');
  t.equal(shortName('Lê Thị Hường'), 'L. T. Hường');
  t.equal(shortName('  Đặng   Thị  Ánh Tuyết '), 'Đ. T. Á. Tuyết');
  t.equal(shortName('ĐINH THỊ MAI'), 'Đ. T. MAI');
  t.equal(shortName('An'), 'An');
  t.equal(shortName(''), '');
});
