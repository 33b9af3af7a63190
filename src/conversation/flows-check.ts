/**
 * `npm run flows:check`: validates every file under flows/ — the message catalogue, intents,
 * holiday tables and every agency profile with its message overrides — and prints what is wrong
 * (file, path inside it, reason). Exits non-zero on any error.
 */
import path from 'node:path';
import { listAgencyIds } from '../agency/load-profile';
import { loadEnv } from '../config/env';
import { ConfigFileError } from '../config/yaml-file';
import { loadOfficeConfig } from '../agency/office-config';

const env = loadEnv({ ...process.env, NODE_ENV: 'development' });
const ids = listAgencyIds(env.FLOWS_DIR);
let failures = 0;
for (const id of ids) {
  try {
    const { profile } = loadOfficeConfig(env.FLOWS_DIR, id);
    process.stdout.write(`ok   ${path.join('flows/agencies', `${id}.yaml`)} (${profile.office.shortName})\n`);
  } catch (err) {
    failures++;
    process.stdout.write(`FAIL ${err instanceof ConfigFileError ? err.message : String(err)}\n`);
  }
}
if (ids.length === 0) {
  process.stdout.write(`No agency profiles found in ${env.FLOWS_DIR}/agencies\n`);
  failures++;
}
process.exit(failures ? 1 : 0);
