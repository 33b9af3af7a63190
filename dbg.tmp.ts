import { startTestService } from './test/support/service';
async function main() {
  const t = await startTestService({ agency: process.env.AG ?? 'banjarmasin' });
  const lines = process.argv.slice(2);
  for (const l of lines) {
    const r = await t.send('6281200000001', l);
    console.log(`> ${l}\n${r.map((x) => '  < ' + x.replace(/\n/g, '\n    ')).join('\n')}`);
  }
  await t.close();
}
main();
