// A site without a district hub submits its own Phụ lục 03: health reminds it once a period closed and
// the submission day passed; the submitted copy is kept with the checksum of its XLSX.

import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { HealthReport } from '../../daemon/src/api/contract.ts';
import { startTestDaemon } from '../helpers/daemon.ts';

const NOW = new Date('2026-12-13T03:00:00Z'); // 10:00 on 13/12/2026 in Vietnam

const health = async (url: string): Promise<HealthReport> => (await (await fetch(`${url}/api/health`)).json()) as HealthReport;

t.test('health reminds until the closed period is submitted; the copy keeps its checksum', async (t) => {
  // November: a new install reads its first card; it has no closed period to report yet.
  const dataDir = await mkdtemp(join(tmpdir(), 'tiepnhan-submit-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const config = { simulators: { scanners: [], gateway: { latencyMs: 0 } } };
  const first = await startTestDaemon(t, { config, dataDir, override: { now: () => new Date('2026-11-20T03:00:00Z') } });
  const read = await fetch(`${first.url}/api/camera`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ desk: 'desk-1', text: 'not a card' }),
  });
  t.equal(read.status, 200);
  t.equal((await health(first.url)).reportDue, null, 'nothing counted before this period: nothing to remind');
  await first.stop();

  const d = await startTestDaemon(t, { config, dataDir, override: { now: () => NOW } });
  t.same((await health(d.url)).reportDue, { from: '2026-11-10', to: '2026-12-09', submitBy: '2026-12-12', overdue: true });

  const post = (body: object) =>
    fetch(`${d.url}/api/reports/phu-luc-03/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const refused = await post({ period: '2026-12', submittedBy: 'Lê Văn Tư' });
  t.equal(refused.status, 409, 'the running period cannot be submitted');
  t.match(await refused.json(), { error: { code: 'REPORT_PERIOD_OPEN', vi: /chưa kết thúc/, en: /not ended/ } });

  const res = await post({ period: '2026-11', submittedBy: 'Lê Văn Tư' });
  t.equal(res.status, 201);
  const sub = (await res.json()) as { id: string; from: string; to: string; submittedBy: string; checksum: string; submittedAt: string };
  t.match(sub, { from: '2026-11-10', to: '2026-12-09', submittedBy: 'Lê Văn Tư (local)', submittedAt: NOW.toISOString() });
  t.equal((await health(d.url)).reportDue, null, 'submitted: the reminder is gone');

  const xlsx = Buffer.from(await (await fetch(`${d.url}/api/reports/phu-luc-03/submissions/${sub.id}?format=xlsx`)).arrayBuffer());
  t.equal(createHash('sha256').update(xlsx).digest('hex'), sub.checksum);
  const copy = (await (await fetch(`${d.url}/api/reports/phu-luc-03/submissions/${sub.id}`)).json()) as { report: { periodName: string } };
  t.equal(copy.report.periodName, 'tháng 12/2026');
  t.equal((await fetch(`${d.url}/api/reports/phu-luc-03/submissions/nope`)).status, 404);
});
