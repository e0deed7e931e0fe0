// Desk equipment (#29 item 3), checked from outside: each station of /api/inventory carries
// `equipment` with computers, printers, scanners and internet; a technician's count changes it, is
// refused without a reason for what does not work, is audited, and survives a restart.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { FacilityInventory } from '../../daemon/src/api/report.ts';
import { startTestDaemon } from '../helpers/daemon.ts';

const TOKENS = { admin: 'admin-token-eeeeeeeeeeee', tech: 'tech-token-ffffffffffffff', desk1: 'desk1-token-gggggggggggg' };
const config = {
  auth: {
    tokens: [
      { id: 'admin', token: TOKENS.admin, role: 'admin' },
      { id: 'tech', token: TOKENS.tech, role: 'technician' },
      { id: 'desk1', token: TOKENS.desk1, role: 'reception', desk: 'desk-1' },
    ],
  },
  facility: {
    id: '46001',
    stations: [
      { id: 'main', desks: ['desk-1'] },
      { id: 'tram-1', kind: 'commune', desks: ['tram-1-desk'] },
    ],
  },
};
const as = (token: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers as object) },
});

t.test('inventory stations carry equipment; a technician counts it, audited, kept across a restart', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'tiepnhan-equipment-e2e-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const d = await startTestDaemon(t, { dataDir, config });
  const inventory = async (url: string) => (await (await fetch(`${url}/api/inventory`, as(TOKENS.tech))).json()) as FacilityInventory;

  for (const st of (await inventory(d.url)).stations) {
    t.match(st.equipment, {
      computers: { working: 0, notWorking: 0, needed: 0, updatedAt: null },
      printers: { working: 0, notWorking: 0, needed: 0, updatedAt: null },
      scanners: { working: Number, notWorking: Number, needed: Number },
      internet: 'unknown', // the bundled simulator says nothing about the link
    });
  }

  const put = (token: string, station: string, body: unknown) =>
    fetch(`${d.url}/api/stations/${station}/equipment`, as(token, { method: 'PUT', body: JSON.stringify(body) }));
  const count = { computers: { working: 3, notWorking: 1, needed: 2, reason: 'Hỏng bộ nguồn' }, printers: { working: 1, notWorking: 0, needed: 1 } };
  t.equal((await put(TOKENS.desk1, 'main', count)).status, 403, 'reception may not count equipment');
  const noReason = await put(TOKENS.tech, 'main', { computers: { working: 3, notWorking: 1, needed: 0 } });
  t.equal(noReason.status, 400);
  t.match(await noReason.json(), { error: { code: 'EQUIPMENT_REASON_REQUIRED', vi: /lý do/ } });
  const unknown = await put(TOKENS.tech, 'nowhere', count);
  t.equal(unknown.status, 404);
  t.match(await unknown.json(), { error: { code: 'STATION_NOT_FOUND' } });
  t.equal((await put(TOKENS.tech, 'main', {})).status, 400, 'nothing to set');

  const ok = await put(TOKENS.tech, 'main', count);
  t.equal(ok.status, 200);
  t.match(await ok.json(), { station: 'main', equipment: { computers: { working: 3, notWorking: 1, needed: 2, reason: 'Hỏng bộ nguồn' } } });

  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  let entry: { action: string; subject: string | null } | undefined;
  for (let i = 0; i < 50 && !entry; i++) {
    // The audit row of a change is written through the durable write path, after the answer.
    const trail = (await (await fetch(`${d.url}/api/audit?from=${today}&to=${today}`, as(TOKENS.admin))).json()) as {
      entries: Array<{ action: string; subject: string | null }>;
    };
    entry = trail.entries.find((e) => e.action === 'setEquipment');
    if (!entry) await new Promise((r) => setTimeout(r, 100));
  }
  t.match(entry, { action: 'setEquipment', subject: /station:main computers 3\/1\/2, printers 1\/0\/1/ }, 'audited');

  await d.stop();
  const again = await startTestDaemon(t, { dataDir, config });
  const [main, tram] = (await inventory(again.url)).stations;
  t.match(
    main!.equipment,
    { computers: { working: 3, notWorking: 1, needed: 2, reason: 'Hỏng bộ nguồn' }, printers: { working: 1, notWorking: 0, needed: 1 } },
    'kept',
  );
  t.match(tram!.equipment, { computers: { working: 0, updatedAt: null } }, 'the other station untouched');
});
