// Every FHIR resource the daemon builds, in every shape it takes (eligible, new card, refused,
// unverified, unanswered; with and without identifiers, card, check-in), validated against HL7's
// FHIR R4 JSON Schema. And the identifier systems follow the configuration.

import t from 'tap';
import type { EligibilityMessage, IdentityView, Registration } from '../../../../daemon/src/api/contract.ts';
import { registrationBundle, toCoverageEligibilityResponse, toPatient } from '../../../../daemon/src/fhir/fhir.ts';
import { DEFAULT_FHIR_SYSTEMS, type FhirSystems } from '../../../../daemon/src/fhir/fhir-systems.ts';
import { fhirErrors, FHIR_SCHEMA_VERSION } from '../../../helpers/fhir-schema.ts';

const AN: IdentityView = {
  kind: 'cccd2021',
  id: '001089012345',
  cardCode: null,
  oldId: '013456789',
  name: 'Nguyễn Văn An',
  dob: '1989-03-15',
  sex: 'M',
  address: 'Số 12 phố Hoàng Hoa Thám, Hà Nội',
  issueDate: '2021-04-20',
};
const TYPED: IdentityView = {
  kind: 'manual',
  id: null,
  cardCode: null,
  oldId: null,
  name: 'Trần Thị Bình',
  dob: '1990',
  sex: 'F',
  address: '',
  issueDate: null,
};
const PAPER: IdentityView = { ...TYPED, kind: 'bhytCard', cardCode: 'GD4010123456789', dob: '1990-01-02' };

const base = {
  eventId: 7,
  deviceId: 'p1',
  desk: 'desk-1',
  action: { vi: '', en: '' },
  checkedAt: '2026-12-01T02:00:00.000Z',
  simulated: false,
  fromCache: false,
  cached: null,
  nextRetryAt: null,
  mismatch: null,
};
const card = {
  maThe: 'DN4010123456789',
  maSoBHXH: '0112345678',
  gtTheTu: '01/01/2026',
  gtTheDen: '31/12/2026',
  maDKBD: '01001',
  maKV: 'K1',
  ngayDu5Nam: '01/01/2027',
};
const MESSAGES: Record<string, EligibilityMessage> = {
  eligible: { ...base, outcome: 'eligible', code: '000', vi: 'Thẻ hợp lệ', en: 'Valid', verification: 'verified', card } as unknown as EligibilityMessage,
  newCard: {
    ...base,
    outcome: 'eligibleNewCard',
    code: '003',
    vi: 'Thẻ cũ hết giá trị, đã có thẻ mới',
    en: 'New card',
    verification: 'verified',
    card: { ...card, maTheMoi: 'DN4010987654321', gtTheTuMoi: '01/01/2027', gtTheDenMoi: '31/12/2027', maDKBDMoi: '01002', tenDKBDMoi: 'BV Bạch Mai' },
  } as unknown as EligibilityMessage,
  refused: {
    ...base,
    outcome: 'ineligible',
    code: '010',
    vi: 'Thẻ hết giá trị',
    en: 'Expired',
    verification: 'verified',
    card,
  } as unknown as EligibilityMessage,
  unverified: {
    ...base,
    outcome: 'unavailable',
    code: 'timeout',
    vi: 'Cổng không trả lời kịp',
    en: 'Timeout',
    verification: 'unverified',
    card: null,
  } as unknown as EligibilityMessage,
  unanswered: {
    ...base,
    outcome: 'unanswered',
    code: 'unanswered',
    vi: 'Không trả lời',
    en: 'Never answered',
    verification: 'unanswered',
    card: null,
  } as unknown as EligibilityMessage,
};
const REG = {
  id: 3,
  at: '2026-12-01T02:00:00.000Z',
  day: '2026-12-01',
  eventId: 7,
  patientId: 1,
  desk: 'desk-1',
  department: { id: 'kham-noi', name: 'Khám Nội' },
  ticket: 'A001',
  checkIn: { maLk: 'A001-20261201-3', state: 'accepted', maGiaoDich: 'GD123', at: '2026-12-01T02:00:05.000Z' },
} as unknown as Registration;

t.test(`every resource validates against ${FHIR_SCHEMA_VERSION}`, async (t) => {
  const ids = [
    { kind: 'bhxh', value: '0112345678' },
    { kind: 'bhyt', value: 'DN4010123456789' },
  ];
  for (const [name, m] of Object.entries(MESSAGES)) {
    for (const [who, identity] of Object.entries({ AN, TYPED, PAPER })) {
      t.same(fhirErrors(toCoverageEligibilityResponse(m, identity)), [], `CoverageEligibilityResponse: ${name}, ${who}`);
      for (const reg of [null, REG]) {
        const bundle = registrationBundle(who === 'TYPED' ? null : 1, identity, m, who === 'AN' ? ids : [], reg);
        t.same(fhirErrors(bundle), [], `Bundle: ${name}, ${who}, ${reg ? 'registered and checked in' : 'no registration'}`);
      }
    }
  }
  t.same(fhirErrors(toPatient(1, AN, ids)), [], 'Patient with every identifier');
  t.same(fhirErrors(toPatient(null, TYPED)), [], 'Patient typed by hand, no identifier, year of birth only');
  t.same(fhirErrors(registrationBundle(1, AN, null)), [], 'Bundle before any gateway answer (the HIS webhook sends this)');
});

t.test('the schema catches what FHIR forbids (the check can fail)', async (t) => {
  const patient = toPatient(1, AN);
  t.not(fhirErrors({ ...patient, identifier: [] }).length, 0, 'an empty array (FHIR’s JSON rule, beside the schema)');
  t.not(fhirErrors({ ...patient, nickname: 'An' }).length, 0, 'an element R4 does not have');
  t.not(fhirErrors({ ...patient, gender: 'nam' }).length, 0, 'a gender outside the value set');
  t.not(fhirErrors({ ...patient, birthDate: '15/03/1989' }).length, 0, 'a date in the Vietnamese order');
});

t.test('identifier systems come from the configuration', async (t) => {
  const oids: FhirSystems = {
    ...DEFAULT_FHIR_SYSTEMS,
    cccd: 'urn:oid:2.16.704.1.1.1',
    bhyt: 'urn:oid:2.16.704.1.2.1',
    registration: 'https://his.example.vn/fhir/registration',
  };
  const bundle = registrationBundle(1, AN, MESSAGES['eligible']!, [], REG, oids) as { entry: Array<{ resource: Record<string, unknown> }> };
  const text = JSON.stringify(bundle);
  t.match(text, /"system":"urn:oid:2\.16\.704\.1\.1\.1","value":"001089012345"/);
  t.match(text, /"system":"urn:oid:2\.16\.704\.1\.2\.1","value":"DN4010123456789"/);
  t.match(text, /"system":"https:\/\/his\.example\.vn\/fhir\/registration","value":"3"/);
  t.notMatch(text, /urn:vn:cccd|urn:vn:bhyt:the"/, 'no default left behind');
  t.same(fhirErrors(bundle), []);
});
