// Phụ lục 2 at the hub (docs/reference/report-rules.md): one row per unit the hub knows of (every
// unit that pushed, and the expected units of its configuration). A unit that never pushed is
// "CHƯA / CHƯA" with zeros (seed 000 line 143); a unit whose site pushes but never sent its gateway
// account (a site older than #29) shows "—" where the hub cannot know; the others show their account,
// their tier and their exchanges (zeros for a period without any).

import type { ExpectedUnit } from '../../daemon/src/reports/phu-luc-03.ts';
import { buildPhuLuc02, type PhuLuc02, type PhuLuc02Unit } from '../../daemon/src/reports/phu-luc-02.ts';
import type { HubStore } from './hub-store.ts';

export type Phu02Store = Pick<HubStore, 'facilities' | 'gatewayTotals' | 'gatewayUnits'>;

export async function hubPhuLuc02(
  store: Phu02Store,
  expected: readonly ExpectedUnit[],
  periods: readonly { from: string; to: string }[],
  now: Date,
): Promise<PhuLuc02> {
  const pushed = await store.facilities();
  const sent = await store.gatewayUnits();
  const totals = await Promise.all(periods.map(async (p) => new Map((await store.gatewayTotals(p.from, p.to)).map((r) => [r.facilityId, r]))));
  const known = new Map<string, { name: string; order: number; pushed: boolean; kind: ExpectedUnit['kind'] }>();
  for (const f of pushed) known.set(f.id, { name: f.name, order: f.order, pushed: true, kind: undefined });
  for (const u of expected) known.set(u.facilityId, { name: u.name, order: u.order, pushed: known.has(u.facilityId), kind: u.kind });
  const units: PhuLuc02Unit[] = [...known]
    .sort(([a, x], [b, y]) => x.order - y.order || x.name.localeCompare(y.name, 'vi') || a.localeCompare(b))
    .map(([id, u]) => {
      const g = sent.get(id);
      const zeros = periods.map((_, k) => totals[k]!.get(id) ?? { answered: 0, failed: 0 });
      if (g) return { facilityId: id, name: u.name, kind: g.kind, account: g.account, periods: zeros };
      if (!u.pushed) return { facilityId: id, name: u.name, kind: u.kind ?? 'hospital', account: false, periods: zeros };
      return { facilityId: id, name: u.name, kind: u.kind ?? 'hospital', account: null, periods: periods.map(() => null) };
    });
  return buildPhuLuc02(units, periods, now);
}
