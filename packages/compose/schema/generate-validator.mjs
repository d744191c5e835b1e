// Regenerates compose-spec.validate.js: the compose-spec schema compiled ahead of time by Ajv
// (standalone code), so loading the validator costs milliseconds instead of compiling the schema
// (~0.8 s) on every run. Run after updating compose-spec.json:
//   node packages/compose/schema/generate-validator.mjs
// packages/compose/test/load/schema.test.ts fails when the committed file is stale.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const { generateValidatorSource } = require('./validator-source.cjs');
fs.writeFileSync(path.join(here, 'compose-spec.validate.js'), generateValidatorSource());
console.log('wrote compose-spec.validate.js');
