// The visit list's rows: each field from the registration or the read's identity, personal data
// masked unless revealed (a date of birth keeps its year), the gateway's card code where the card had
// none, empty cells for a read whose details were purged, and only known fields in the order asked.

import t from 'tap';
import type { IdentityView, Registration } from '../../../../daemon/src/api/contract.ts';
import { VISIT_FIELD_NAMES, visitFieldsOf, visitHeader, visitRow, type VisitEntry } from '../../../../daemon/src/patients/visit-list.ts';

// '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021'
const AN: IdentityView = {
  kind: 'cccd2021',
  id: '001089012345',
  cardCode: null,
  oldId: '013456789',
  name: 'Nguyễn Văn An',
  dob: '1989-03-15',
  sex: 'M',
  address: 'Phường Thụy Khuê, Quận Tây Hồ, Hà Nội',
  issueDate: '2021-04-20',
};
const REG: Registration = {
  id: 7,
  at: '2026-12-06T01:02:03.000Z',
  day: '2026-12-06',
  eventId: 11,
  patientId: 3,
  desk: 'desk-1',
  department: { id: 'kham-noi', name: 'Khám Nội' },
  queueNumber: 4,
  ticket: 'A004',
  eligibility: { outcome: 'eligible', code: '000' },
  checkIn: null,
  priority: { class: 'normal', reasons: [], partialDob: false, requested: [] },
};
const entry = (identity: IdentityView | null, answeredCard: string | null = null): VisitEntry => ({ registration: REG, identity, answeredCard });

t.test('masked unless revealed', async (t) => {
  const fields = visitFieldsOf(undefined);
  t.same(fields, VISIT_FIELD_NAMES, 'no choice: every field');
  const row = (reveal: boolean): Record<string, string> =>
    Object.fromEntries(fields.map((f, i) => [f, visitRow(entry(AN, 'DN4010123456789'), fields, reveal)[i]!]));
  t.same(row(false), {
    ticket: 'A004',
    at: '2026-12-06T01:02:03.000Z',
    department: 'Khám Nội',
    desk: 'desk-1',
    name: 'N*** V** A*',
    idNumber: '0010******45',
    cardCode: 'DN40*********89',
    dob: '1989-**-**',
    sex: 'Nam',
    address: '***, Hà Nội',
    eligibility: 'eligible 000',
    checkIn: '',
  });
  t.match(row(true), { name: 'Nguyễn Văn An', idNumber: '001089012345', cardCode: 'DN4010123456789', dob: '1989-03-15', address: AN.address });
});

t.test('a card without a 12-digit ID shows its old CMND; a purged read leaves the personal cells empty', async (t) => {
  const fields = visitFieldsOf('ticket,idNumber,name,sex');
  t.same(visitRow(entry({ ...AN, id: null }), fields, true), ['A004', '013456789', 'Nguyễn Văn An', 'Nam']);
  t.same(visitRow(entry(null), fields, true), ['A004', '', '', ''], 'the visit still listed');
});

t.test('the fields asked, once each, in that order, with bilingual headings', async (t) => {
  t.same(visitFieldsOf('name,ticket,name'), ['name', 'ticket']);
  t.same(visitHeader(['ticket', 'dob']), ['Số phiếu / Ticket', 'Ngày sinh / Date of birth']);
});
