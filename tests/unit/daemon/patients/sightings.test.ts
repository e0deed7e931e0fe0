// What a read and a gateway answer teach the patient index: every identifier the card carries, under
// its kind (12-digit ID, old 9-digit CMND or an earlier 12-digit ID, 10-digit BHXH number, 15-character
// BHYT card code whose last 10 digits are the BHXH number), so that any of them later finds the same
// patient; a malformed code is not learnt (it would link nobody, or the wrong person).

import t from 'tap';
import type { EligibilityMessage, IdentityView } from '../../../../daemon/src/api/contract.ts';
import { sightingOfEligibility, sightingOfIdentity } from '../../../../daemon/src/patients/sightings.ts';

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

type Ids = Array<[string, string]>;
const ids = (s: { identifiers: ReadonlyArray<{ kind: string; value: string }> }): Ids => s.identifiers.map((i) => [i.kind, i.value]);

t.test('the identifiers a read carries, by kind', async (t) => {
  const cases: Array<[string, Partial<IdentityView>, Ids]> = [
    [
      'a chip ID card with the old CMND',
      {},
      [
        ['cccd', '001089012345'],
        ['cmnd', '013456789'],
      ],
    ],
    [
      'a card that replaced an earlier 12-digit ID',
      { oldId: '001089099999' },
      [
        ['cccd', '001089012345'],
        ['cccd', '001089099999'],
      ],
    ],
    ['no old number', { oldId: null }, [['cccd', '001089012345']]],
    [
      'a BHYT card QR: the card code and the BHXH number in it',
      { kind: 'bhyt', id: null, oldId: null, cardCode: 'DN4010123456789' },
      [
        ['bhyt', 'DN4010123456789'],
        ['bhxh', '0123456789'],
      ],
    ],
    ['a 10-digit BHXH number typed at the desk', { kind: 'bhxh', id: null, oldId: null, cardCode: '0123456789' }, [['bhxh', '0123456789']]],
    ['a malformed card code is not learnt', { id: null, oldId: null, cardCode: 'DN401012345678' }, []],
    ['a lower-case card code is not learnt', { id: null, oldId: null, cardCode: 'dn4010123456789' }, []],
    ['a 9-digit BHXH-looking number is not learnt', { id: null, oldId: null, cardCode: '012345678' }, []],
  ];
  for (const [what, change, want] of cases) t.same(ids(sightingOfIdentity({ ...AN, ...change })), want, what);
});

t.test('the details a read carries; empty ones are unknown, not blank', async (t) => {
  t.same(sightingOfIdentity(AN), {
    identifiers: [
      { kind: 'cccd', value: '001089012345' },
      { kind: 'cmnd', value: '013456789' },
    ],
    name: 'Nguyễn Văn An',
    dob: '1989-03-15',
    sex: 'M',
    address: 'Phường Thụy Khuê, Quận Tây Hồ, Hà Nội',
  });
  t.match(
    sightingOfIdentity({ ...AN, name: '', dob: '', address: '' }),
    { name: null, dob: null, address: null, sex: 'M' },
    'a blank name never overwrites a known one',
  );
});

t.test('a gateway answer links the card codes it returns to the identity looked up', async (t) => {
  const answer = (maThe: string | null, maTheMoi: string | null): EligibilityMessage => ({ card: { maThe, maTheMoi } }) as unknown as EligibilityMessage;
  const cases: Array<[string, EligibilityMessage, Ids | null]> = [
    [
      'the card code',
      answer('DN4010123456789', null),
      [
        ['cccd', '001089012345'],
        ['cmnd', '013456789'],
        ['bhyt', 'DN4010123456789'],
        ['bhxh', '0123456789'],
      ],
    ],
    [
      'an old and a new card code: both, the same BHXH number twice',
      answer('DN4010123456789', 'HT3010123456789'),
      [
        ['cccd', '001089012345'],
        ['cmnd', '013456789'],
        ['bhyt', 'DN4010123456789'],
        ['bhxh', '0123456789'],
        ['bhyt', 'HT3010123456789'],
        ['bhxh', '0123456789'],
      ],
    ],
    ['no card (not insured): nothing to learn', answer(null, null), null],
    ['a malformed code only: nothing to learn', answer('DN40101234', null), null],
    ['no card field at all', {} as EligibilityMessage, null],
  ];
  for (const [what, m, want] of cases) {
    const s = sightingOfEligibility(m, AN);
    t.same(s && ids(s), want, what);
    if (s) t.same(Object.keys(s), ['identifiers'], `${what}: identifiers only; the read already gave the name`);
  }
});
