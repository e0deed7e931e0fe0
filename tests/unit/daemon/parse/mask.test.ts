import t from 'tap';
import { maskAddress, maskId, maskName } from '../../../../daemon/src/parse/index.ts';

t.test('ID numbers keep the first four and last two digits', async (t) => {
  t.equal(maskId('001089012345'), '0010******45');
  t.equal(maskId('013456789'), '01*****89');
  t.notMatch(maskId('001089012345'), /089012/);
});

t.test('names keep initials only', async (t) => {
  t.equal(maskName('Nguyễn Văn An'), 'N*** V** A*');
  t.equal(maskName('Trần Thị Ngọc Ánh'), 'T*** T** N*** Á**');
  t.equal(maskName('Nguyễn Văn An'.normalize('NFD')), 'N*** V** A*', 'NFD letters count once');
});

t.test('addresses keep only the province', async (t) => {
  t.equal(maskAddress('Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội'), '***, Hà Nội');
  t.equal(maskAddress('Hà Nội'), '***');
  t.equal(maskAddress(''), '');
});
