// Which station a desk belongs to: every stored event is stamped with it, and the district report
// counts commune stations (Trạm Y tế) apart from the facility's own building. A desk nobody listed
// belongs to the facility's main station, never to a commune.

import t from 'tap';
import type { FacilityConfig } from '../../../../daemon/src/vocabulary/facility.ts';
import { placeResolver } from '../../../../daemon/src/vocabulary/place.ts';

const station = (id: string, kind: 'facility' | 'commune', desks: string[]): FacilityConfig['stations'][number] => ({
  id,
  name: '',
  kind,
  desks,
  needOverride: null,
});
const facility = (stations: FacilityConfig['stations']): FacilityConfig => ({
  id: '36007',
  name: 'Trung tâm Y tế huyện Hải Hậu',
  province: '36',
  sector: 'public',
  tier: 'district',
  order: 0,
  stations,
});

t.test('a listed desk belongs to its station; an unlisted one to the facility station', async (t) => {
  const placeOf = placeResolver(
    facility([
      station('tram-hai-minh', 'commune', ['tram-1']),
      station('ttyt', 'facility', ['quay-1', 'quay-2']),
      station('tram-hai-dong', 'commune', ['tram-2']),
    ]),
  );
  const cases: Array<[string, string]> = [
    ['quay-1', 'ttyt'],
    ['quay-2', 'ttyt'],
    ['tram-1', 'tram-hai-minh'],
    ['tram-2', 'tram-hai-dong'],
    ['quay-moi', 'ttyt'],
    ['manual@quay-9', 'ttyt'],
  ];
  for (const [desk, stationId] of cases) t.same(placeOf(desk), { facilityId: '36007', stationId }, desk);
});

t.test('with no facility station, unlisted desks go to the first station listed', async (t) => {
  const placeOf = placeResolver(facility([station('tram-a', 'commune', ['a-1']), station('tram-b', 'commune', ['b-1'])]));
  t.same(placeOf('b-1'), { facilityId: '36007', stationId: 'tram-b' });
  t.same(placeOf('unlisted'), { facilityId: '36007', stationId: 'tram-a' });
});

t.test('a desk listed under two stations stays with the first', async (t) => {
  const placeOf = placeResolver(facility([station('ttyt', 'facility', ['quay-1']), station('tram', 'commune', ['quay-1'])]));
  t.equal(placeOf('quay-1').stationId, 'ttyt');
});

t.test('no station at all: the main station', async (t) => {
  t.same(placeResolver(facility([]))('quay-1'), { facilityId: '36007', stationId: 'main' });
});
