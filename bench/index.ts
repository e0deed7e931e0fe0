// `npm run bench`: prints tables; never asserts timings (those live here, not in tests).
import { cpus } from 'node:os';
import { benchParse } from './parse.bench.ts';

process.stdout.write(`node ${process.version} · ${cpus()[0]?.model ?? 'unknown CPU'} · ${cpus().length} cores\n`);
benchParse();
