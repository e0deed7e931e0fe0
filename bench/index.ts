// `npm run bench`: prints tables; never asserts timings (those live here, not in tests).
// `npm run bench -- parse|eligibility|latency|report|camera|footprint` runs one part.
import { cpus } from 'node:os';
import { benchCamera } from './camera.bench.ts';
import { benchEligibility } from './eligibility.bench.ts';
import { benchFootprint } from './footprint.bench.ts';
import { benchLatency } from './latency.bench.ts';
import { benchParse } from './parse.bench.ts';
import { benchReport } from './report.bench.ts';

const only = process.argv[2];
process.stdout.write(`node ${process.version} · ${cpus()[0]?.model ?? 'unknown CPU'} · ${cpus().length} cores\n`);
if (!only || only === 'parse') benchParse();
if (!only || only === 'eligibility') await benchEligibility();
if (!only || only === 'latency') await benchLatency();
if (!only || only === 'report') await benchReport();
if (!only || only === 'camera') benchCamera();
if (!only || only === 'footprint') await benchFootprint();
process.exit(0);
