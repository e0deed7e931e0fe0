// Preloaded by `npm run bench -- footprint` (the "what each saving is worth" table) to undo one saving
// alone: the config validator kept resident as the daemon kept it before config/load.ts held it weakly.
// It compiles the same schema with the same options from the same build the daemon runs, and holds it.
import { Ajv } from 'ajv';
import { configSchema } from '../dist/daemon/src/config/schema.js';

globalThis.benchKeptValidator = new Ajv({ useDefaults: true, allErrors: true }).compile(configSchema);
