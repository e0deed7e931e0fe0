// The project's folder (where kiosk-ui/ lives), whether this module runs from its TypeScript source
// (daemon/src/util/) or from the compiled build (dist/daemon/src/util/).

import { fileURLToPath } from 'node:url';

const here = import.meta.url;
export const PROJECT_ROOT = fileURLToPath(new URL(here.includes('/dist/daemon/') ? '../../../../' : '../../../', here));
