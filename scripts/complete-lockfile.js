// Run after `npm install` changes package-lock.json: `node scripts/complete-lockfile.js`.
//
// Why: the registry this project installs from serves only the linux-x64 builds of some
// native packages (@swc/core-*, @unrs/resolver-binding-*). `npm install` then leaves the other
// platforms' optional packages out of the lock file, and `npm ci` refuses that lock as "out of
// sync". This adds each missing optional package with its os/cpu, so npm ci skips it on this
// platform exactly as it would with a complete lock.
const { execSync } = require('node:child_process');
const fs = require('node:fs');

let output = '';
try {
  execSync('npm ci --dry-run --ignore-scripts --no-audit --no-fund', { stdio: 'pipe' });
} catch (err) {
  output = String(err.stderr) + String(err.stdout);
}
const missing = [...output.matchAll(/Missing: (\S+?)@ from lock file/g)].map((m) => m[1]);
if (missing.length === 0) {
  console.log('package-lock.json is complete');
  process.exit(0);
}

const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
const OS = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openharmony'];
const CPU = ['arm64', 'x64', 'arm', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64'];
for (const name of missing) {
  const parent = Object.values(lock.packages).find((p) => p.optionalDependencies?.[name]);
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.find((p) => CPU.includes(p));
  if (!parent || !os || !cpu) throw new Error(`cannot complete ${name}: add it by hand`);
  const entry = { version: parent.optionalDependencies[name], cpu: [cpu], optional: true, os: [os] };
  if (os === 'linux') entry.libc = [parts.some((p) => p.startsWith('musl')) ? 'musl' : 'glibc'];
  lock.packages[`node_modules/${name}`] = entry;
}
const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
fs.writeFileSync('package-lock.json', `${JSON.stringify({ ...lock, packages: sorted }, null, 2)}\n`);
console.log(`added ${missing.length} optional platform packages to package-lock.json`);
