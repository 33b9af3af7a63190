/**
 * Flow files as data: the message catalogue covers every text the code asks for, office
 * overrides must name real messages, and a broken file is reported with file, path and reason.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCatalogue } from '../../src/conversation/catalogue';
import { ConfigFileError } from '../../src/config/yaml-file';
import { splitMessage } from '../../src/conversation/split';

const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('message catalogue', () => {
  const catalogue = loadCatalogue(path.join(ROOT, 'flows'), {}, 'none');

  test('when the code names a message key, then flows/messages.yaml has a text for it', () => {
    const used = new Set<string>();
    for (const file of [...sourceFiles(path.join(ROOT, 'flows')), ...sourceFiles(path.join(ROOT, 'src'))]) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:\bt|say|render)\(\s*'([a-z_]+\.[a-z_]+)'/g)) used.add(m[1]);
      for (const m of text.matchAll(/label: '([a-z_]+\.[a-z_]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(40);
    const missing = [...used].filter((key) => !catalogue.has(key));
    expect(missing).toEqual([]);
  });

  test('when an office overrides a message that does not exist, then loading names the file and key', () => {
    expect(() => loadCatalogue(path.join(ROOT, 'flows'), { 'menu.nope': 'x' }, 'flows/agencies/x.yaml')).toThrow(ConfigFileError);
    try {
      loadCatalogue(path.join(ROOT, 'flows'), { 'menu.nope': 'x' }, 'flows/agencies/x.yaml');
    } catch (err) {
      expect((err as Error).message).toContain('flows/agencies/x.yaml');
      expect((err as Error).message).toContain('messages.menu.nope');
    }
  });

  test('when an office overrides a message, then its text wins', () => {
    const c = loadCatalogue(path.join(ROOT, 'flows'), { 'engine.thanks': 'Matur nuwun' }, 'x');
    expect(c.render('engine.thanks')).toBe('Matur nuwun');
  });

  test('when a text is longer than 4,000 characters, then it is split at line boundaries', () => {
    const long = Array.from({ length: 300 }, (_, i) => `Baris nomor ${i} dengan sedikit teks tambahan.`).join('\n');
    const parts = splitMessage(long);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(4000);
    expect(parts.join('\n')).toBe(long);
  });
});

// flows:check trains every office's classifier in a child process: on a loaded 2-core machine
// (the whole suite at once) that takes well over the default 30 s.
const CHECK_MS = 150_000;

describe('npm run flows:check', () => {
  test('when every file is valid, then it lists each office and exits 0', () => {
    const out = execFileSync(process.execPath, ['-r', require.resolve('tsx/cjs'), 'src/conversation/flows-check.ts'], { cwd: ROOT, env: { PATH: process.env.PATH }, timeout: CHECK_MS }).toString();
    for (const id of ['banjarmasin', 'kutai-kartanegara', 'sekadau', 'singkawang', 'agam']) expect(out).toContain(`ok   flows/agencies/${id}.yaml`);
  }, CHECK_MS + 10_000);

  test('when a profile is broken, then it names the file, the path inside it and the reason, and exits 1', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-'));
    fs.cpSync(path.join(ROOT, 'flows'), dir, { recursive: true, filter: (src) => !src.endsWith('.ts') });
    const file = path.join(dir, 'agencies', 'agam.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/timeZone: Asia\/Jakarta/, 'timeZone: Asia/Tokyo'));
    let status = 0;
    let out = '';
    try {
      execFileSync(process.execPath, ['-r', require.resolve('tsx/cjs'), path.join(ROOT, 'src/conversation/flows-check.ts')], { cwd: ROOT, env: { PATH: process.env.PATH, FLOWS_DIR: dir }, timeout: CHECK_MS });
    } catch (err) {
      status = (err as { status: number }).status;
      out = (err as { stdout: Buffer }).stdout.toString();
    }
    expect(status).toBe(1);
    expect(out).toContain('agam.yaml');
    expect(out).toContain('office.timeZone');
    expect(out).toMatch(/ok {3}flows\/agencies\/banjarmasin\.yaml|ok {3}.*banjarmasin/);
  }, CHECK_MS + 10_000);
});
