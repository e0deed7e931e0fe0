// tap "before": start the suite with no log files from an earlier run.
import { rmSync } from 'node:fs';
import { LOG_DIR } from '../helpers/log-files.ts';

rmSync(LOG_DIR, { recursive: true, force: true });
