/**
 * Loading agency profiles (flows/agencies/<id>.yaml): one office's published service standard,
 * validated by the profile schema. A broken or unknown profile stops start-up with a
 * ConfigFileError naming the file, the path inside it and the reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigFileError, readYamlFile } from '../config/yaml-file';
import { agencyProfileSchema, type AgencyProfile } from './profile-schema';

const PROFILE_DIR = 'agencies';
const PROFILE_EXT = '.yaml';
const ID_PATTERN = /^[a-z0-9-]+$/;

function agenciesDir(flowsDir: string): string {
  return path.join(flowsDir, PROFILE_DIR);
}

/** The ids of all profiles under `flowsDir/agencies`, sorted; empty when the folder is missing. */
export function listAgencyIds(flowsDir: string): string[] {
  const dir = agenciesDir(flowsDir);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    throw new ConfigFileError(dir, [{ path: '', reason: `cannot read folder (${code ?? err})` }]);
  }
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(PROFILE_EXT))
    .map((e) => e.name.slice(0, -PROFILE_EXT.length))
    .filter((id) => ID_PATTERN.test(id))
    .sort();
}

/** Reads and validates `flowsDir/agencies/<id>.yaml`; its `id` field must equal the file name. */
export function loadAgencyProfile(flowsDir: string, id: string): AgencyProfile {
  const file = path.join(agenciesDir(flowsDir), `${id}${PROFILE_EXT}`);
  const available = listAgencyIds(flowsDir);
  if (!ID_PATTERN.test(id) || !available.includes(id)) {
    const list = available.length > 0 ? available.join(', ') : `none (no ${PROFILE_EXT} files in ${agenciesDir(flowsDir)})`;
    throw new ConfigFileError(file, [{ path: '', reason: `unknown agency id "${id}"; available: ${list}` }]);
  }
  const profile = readYamlFile(file, agencyProfileSchema);
  if (profile.id !== id) {
    throw new ConfigFileError(file, [{ path: 'id', reason: `must equal the file name "${id}" (found "${profile.id}")` }]);
  }
  return profile;
}
