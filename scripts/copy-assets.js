// Copies non-TypeScript assets (HTML pages) from src/ into dist/src/ after `tsc`.
const fs = require('node:fs');
const path = require('node:path');

function copy(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const from = path.join(dir, entry.name);
    if (entry.isDirectory()) copy(from);
    else if (/\.(html|css|svg)$/.test(entry.name)) {
      const to = path.join('dist', from);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
    }
  }
}
copy('src');
