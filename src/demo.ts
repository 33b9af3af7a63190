/**
 * `npm run demo`: the bot on embedded defaults — in-memory database, simulator on,
 * pretty logs — to try in a browser at http://localhost:3000/simulator.
 */
import { run } from './main';

const defaults = {
  NODE_ENV: 'development',
  SIMULATOR_ENABLED: 'true',
  LOG_PRETTY: 'true',
};

run({ ...defaults, ...pickSet(process.env) })
  .then((service) => {
    const port = service.env.PORT;
    process.stdout.write(
      `\n  Demo ready: open http://localhost:${port}/simulator to chat with the bot (${service.profile.office.shortName}).\n` +
        (service.db.embedded ? `  Embedded database: ${service.db.uri} (in memory only)\n\n` : '\n'),
    );
  })
  .catch((err) => {
    process.stderr.write(`Demo failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });

/** Variables the person set explicitly win over the demo defaults. */
function pickSet(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([k, v]) => v && (k in defaults || k === 'AGENCY' || k === 'PORT'))) as Record<string, string>;
}
