// FHIR R4 forbids empty arrays ("elements must have a value"): a read without a card code, and a
// patient without an identifier, leave the element out instead of sending [].

import t from 'tap';
import type { EligibilityMessage, IdentityView, Registration } from '../../../../daemon/src/api/contract.ts';
import { registrationBundle } from '../../../../daemon/src/fhir/fhir.ts';

function emptyArrays(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [path] : value.flatMap((v, i) => emptyArrays(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => emptyArrays(v, `${path}.${k}`));
  return [];
}

const identity: IdentityView = {
  kind: 'manual',
  id: null,
  cardCode: null,
  oldId: null,
  name: 'Trần Thị Bình',
  dob: '1990-01-02',
  sex: 'F',
  address: '',
  issueDate: null,
};
const unverified = {
  eventId: 7,
  deviceId: 'manual@desk-1',
  desk: 'desk-1',
  outcome: 'unavailable',
  code: 'timeout',
  vi: 'Cổng BHXH không trả lời kịp',
  en: 'The BHXH gateway did not answer in time',
  action: { vi: '', en: '' },
  checkedAt: '2026-12-01T02:00:00.000Z',
  simulated: false,
  verification: 'unverified',
  fromCache: false,
  cached: null,
  nextRetryAt: null,
  mismatch: null,
  card: null,
} as EligibilityMessage;
const reg = {
  id: 3,
  at: '2026-12-01T02:00:00.000Z',
  day: '2026-12-01',
  eventId: 7,
  patientId: null,
  desk: 'desk-1',
  department: { id: 'kham-noi', name: 'Khám Nội' },
  queueNumber: 1,
  ticket: 'A001',
  eligibility: { outcome: null, code: null },
  checkIn: null,
} as Registration;

t.test('an unverified read without a card code, of a patient with no identifier: no empty array anywhere', async (t) => {
  const bundle = registrationBundle(null, identity, unverified, [], reg);
  t.same(emptyArrays(JSON.parse(JSON.stringify(bundle))), []);
  const response = (bundle['entry'] as Array<{ resource: Record<string, unknown> }>).find(
    (e) => e.resource['resourceType'] === 'CoverageEligibilityResponse',
  )!.resource;
  t.notOk('insurance' in JSON.parse(JSON.stringify(response)), 'no insurance element without a card');
  t.match(response, { outcome: 'queued' });
});
