// The codes a visit is known by at BHXH: MA_CSKCB (the facility code the check-in sends) and MA_LK
// (one per visit, reused by every later XML of it). MA_LK must be stable for a visit and differ
// between visits and days, or BHXH would join two patients' records.

import t from 'tap';
import { facilityCodeOf, maLkOf } from '../../../../daemon/src/vocabulary/visit-codes.ts';

t.test('MA_CSKCB: the check-in facility code when configured, else the facility id', async (t) => {
  t.equal(facilityCodeOf({ checkin: { facilityCode: '36112' }, facility: { id: '36007' } }), '36112');
  t.equal(facilityCodeOf({ checkin: { facilityCode: null }, facility: { id: '36007' } }), '36007');
});

t.test('MA_LK: facility code, day without dashes and registration number', async (t) => {
  t.equal(maLkOf('36007', { id: 42, day: '2026-12-01' }), '36007.20261201.42');
  const codes = [
    maLkOf('36007', { id: 1, day: '2026-12-01' }),
    maLkOf('36007', { id: 11, day: '2026-12-01' }),
    maLkOf('36007', { id: 1, day: '2026-12-02' }),
    maLkOf('36112', { id: 1, day: '2026-12-01' }),
  ];
  t.equal(new Set(codes).size, codes.length, 'other visits, days or facilities: other codes');
});
