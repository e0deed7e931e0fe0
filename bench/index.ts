// `npm run bench`: prints tables; never asserts timings (those live here, not in tests).
// `npm run bench -- parse|eligibility|morning|latency|chip|report|camera|queue|footprint` runs one part.
import { cpus } from 'node:os';
import { benchCamera } from './camera.bench.ts';
import { benchChip } from './chip.bench.ts';
import { benchEligibility } from './eligibility.bench.ts';
import { benchEligibilityMorning } from './eligibility-morning.bench.ts';
import { benchFootprint } from './footprint.bench.ts';
import { benchLatency } from './latency.bench.ts';
import { benchParse } from './parse.bench.ts';
import { benchQueue } from './queue.bench.ts';
import { benchReport } from './report.bench.ts';

const only = process.argv[2];
const PARTS = ['parse', 'eligibility', 'morning', 'latency', 'chip', 'report', 'camera', 'queue', 'footprint'];
if (only !== undefined && !PARTS.includes(only)) {
  process.stderr.write(`npm run bench: no bench named "${only}"; one of: ${PARTS.join(', ')} (or none: all of them)\n`);
  process.exit(2);
}
process.stdout.write(`node ${process.version} · ${cpus()[0]?.model ?? 'unknown CPU'} · ${cpus().length} cores\n`);
if (!only || only === 'parse') benchParse();
if (!only || only === 'eligibility') await benchEligibility();
// A morning in real time (BENCH_MINUTES, default 30): run alone with `npm run bench -- eligibility`
// or `npm run bench -- morning`; the full `npm run bench` runs it for 3 minutes.
if (only === 'eligibility' || only === 'morning') await benchEligibilityMorning();
else if (!only) await benchEligibilityMorning(Number(process.env['BENCH_MINUTES'] ?? 3));
if (!only || only === 'latency') await benchLatency();
if (!only || only === 'chip') await benchChip();
if (!only || only === 'report') await benchReport();
if (!only || only === 'camera') await benchCamera();
if (!only || only === 'queue') await benchQueue();
if (!only || only === 'footprint') await benchFootprint();
process.exit(0);
