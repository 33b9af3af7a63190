/**
 * `npm run flows:check`: validates every file under flows/ — the message catalogue, holiday
 * tables, every agency profile with its message overrides and training lines, and the
 * understanding data in flows/nlu/ (trained once per office; every word set a flow reads must
 * be in it), the WhatsApp Cloud API templates
 * (flows/whatsapp-templates.yaml) — and prints what is wrong
 * (file, path inside it, reason). Exits non-zero on any error.
 */
import path from 'node:path';
import { listAgencyIds } from '../agency/load-profile';
import { loadEnv } from '../config/env';
import { ConfigFileError } from '../config/yaml-file';
import { loadOfficeConfig } from '../agency/office-config';
import { loadUnderstanding } from '../understanding';
import { FLOW_INTENTS, FLOW_LIST } from '../../flows';
import { checkFlowWordSets } from './flow-word-sets';
import { Templates, TEMPLATES_FILE } from '../channels/cloud/templates';

const env = loadEnv({ ...process.env, NODE_ENV: 'development' });
const ids = listAgencyIds(env.FLOWS_DIR);
let failures = 0;
async function main(): Promise<void> {
  for (const id of ids) {
    try {
      const { profile, profileFile } = loadOfficeConfig(env.FLOWS_DIR, id);
      const understanding = await loadUnderstanding({ flowsDir: env.FLOWS_DIR, flowIntents: FLOW_INTENTS, officeUtterances: profile.utterances, officeFile: profileFile });
      checkFlowWordSets(FLOW_LIST, understanding, env.FLOWS_DIR);
      process.stdout.write(`ok   ${path.join('flows/agencies', `${id}.yaml`)} (${profile.office.shortName}) and flows/nlu\n`);
    } catch (err) {
      failures++;
      process.stdout.write(`FAIL ${err instanceof ConfigFileError ? err.message : String(err)}\n`);
    }
  }
  try {
    Templates.load(env.FLOWS_DIR, 'check');
    process.stdout.write(`ok   ${path.join('flows', TEMPLATES_FILE)}\n`);
  } catch (err) {
    failures++;
    process.stdout.write(`FAIL ${err instanceof ConfigFileError ? err.message : String(err)}\n`);
  }
  if (ids.length === 0) {
    process.stdout.write(`No agency profiles found in ${env.FLOWS_DIR}/agencies\n`);
    failures++;
  }
  process.exit(failures ? 1 : 0);
}

void main();
