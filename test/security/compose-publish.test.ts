import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * The compose file trusts a reverse proxy (TRUST_PROXY) for the client address and HTTPS, so the
 * app's own port must not be reachable from the LAN around it: published on loopback only.
 */
const root = path.join(__dirname, '../..');
const compose = z
  .object({ services: z.record(z.string(), z.object({ ports: z.array(z.union([z.string(), z.number()])).optional(), environment: z.record(z.string(), z.unknown()).optional() })) })
  .parse(parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')));

/** Compose interpolation as `docker compose config` does it with nothing set: `${X:-d}` → d, `${X}` → ''. */
const withDefaults = (value: string): string => value.replace(/\$\{[A-Z0-9_]+(?::?-([^}]*))?\}/g, (_, d: string | undefined) => d ?? '');

/** The host address of a short-syntax port mapping ("ip:host:container"), or undefined when it has none (all interfaces). */
function hostAddress(mapping: string | number): string | undefined {
  const parts = withDefaults(String(mapping)).split(':');
  return parts.length === 3 ? parts[0] : undefined;
}

describe('docker compose', () => {
  test('when the bot trusts a reverse proxy, then its port is published on 127.0.0.1 only', () => {
    const bot = compose.services.bot!;
    expect(Object.keys(bot.environment ?? {})).toContain('TRUST_PROXY');
    expect(bot.ports?.length).toBeGreaterThan(0);
    for (const mapping of bot.ports ?? []) expect({ mapping, host: hostAddress(mapping) }).toEqual({ mapping, host: '127.0.0.1' });
  });

  test('when any service publishes a port, then it is on loopback (mongo publishes none)', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const mapping of service.ports ?? []) expect({ name, host: hostAddress(mapping) }).toEqual({ name, host: '127.0.0.1' });
    }
    expect(compose.services.mongo?.ports).toBeUndefined();
  });

  test('the README says what the compose file does: loopback, and how a plain-http LAN opens it', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme).toMatch(/publishes port 3000 on the host's\s+`127\.0\.0\.1` only/);
    expect(readme).toContain('BOT_PUBLISH_ADDRESS=0.0.0.0');
    expect(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')).toContain('BOT_PUBLISH_ADDRESS');
    expect(readme).not.toMatch(/publish 3000/);
  });
});
