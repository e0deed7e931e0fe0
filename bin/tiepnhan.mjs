#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx's loader, so there is no build step between
// `git clone` and `npm start`. The type gate is `npm run typecheck` (tsc --noEmit, strict).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../daemon/src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
