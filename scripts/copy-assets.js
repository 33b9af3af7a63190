// Copies non-TypeScript assets (HTML pages, CSS) from src/ into <outDir>/src/ after `tsc`.
// Usage: node scripts/copy-assets.js [outDir]   (default dist)
const fs = require('node:fs');
const path = require('node:path');

function copy(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const from = path.join(dir, entry.name);
    if (entry.isDirectory()) copy(from);
    else if (/\.(html|css|svg)$/.test(entry.name)) {
      const to = path.join(outDir, from);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
    }
  }
}
const outDir = process.argv[2] ?? 'dist';
copy('src');
