/**
 * The words a flow looks for live in flows/nlu/vocabularies.yaml, named by the flow
 * (`wordSets`): a set the flow names but the file lacks is reported before anything starts.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
// flows:check trains the office's classifier in a child process; slow on a loaded machine.
const CHECK_MS = 150_000;

/** The flows' data files, with one office only (one classifier to train) and `edit` applied to vocabularies.yaml. */
function flowsDirWith(edit: (vocabularies: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-'));
  const agencies = path.join(ROOT, 'flows', 'agencies');
  fs.cpSync(path.join(ROOT, 'flows'), dir, { recursive: true, filter: (src) => !src.endsWith('.ts') && (path.dirname(src) !== agencies || src.endsWith('agam.yaml')) });
  const file = path.join(dir, 'nlu', 'vocabularies.yaml');
  fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
  return dir;
}

function flowsCheck(flowsDir: string): { status: number; out: string } {
  try {
    const out = execFileSync(process.execPath, ['-r', require.resolve('tsx/cjs'), path.join(ROOT, 'src/conversation/flows-check.ts')], { cwd: ROOT, env: { PATH: process.env.PATH, FLOWS_DIR: flowsDir }, timeout: CHECK_MS });
    return { status: 0, out: out.toString() };
  } catch (err) {
    return { status: (err as { status: number }).status, out: (err as { stdout: Buffer }).stdout.toString() };
  }
}

describe('npm run flows:check and the word sets flows read', () => {
  test('when a word set a flow reads is missing from vocabularies.yaml, then it names the file, the set and the flow, and exits 1', () => {
    const dir = flowsDirWith((text) => text.replace(/^affirm_words:.*\n/m, ''));
    const { status, out } = flowsCheck(dir);
    expect(status).toBe(1);
    expect(out).toContain(`FAIL ${path.join(dir, 'nlu', 'vocabularies.yaml')}`);
    expect(out).toContain('affirm_words: no such word set, yet the flow "complaint" reads it');
  }, CHECK_MS + 10_000);
});
