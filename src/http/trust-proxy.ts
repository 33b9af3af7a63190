/**
 * TRUST_PROXY: which peers may tell the service the client's address in X-Forwarded-For.
 * Behind the HTTPS reverse proxy every request comes from the proxy, so without this the
 * sign-in delays would be keyed by the proxy and one person could slow the whole office;
 * trusting everyone instead would let any client pick its own address. So nothing is trusted
 * unless configured:
 *
 * - `false` (default): the address is the TCP peer's; X-Forwarded-For is ignored.
 * - a hop count (`1`): the client is that many proxies in front of the service.
 * - a list of addresses and subnets (`172.16.0.0/12,10.0.0.5`, also `loopback`,
 *   `linklocal`, `uniquelocal`): only those peers' X-Forwarded-For entries are believed.
 */
import { isIP } from 'node:net';
import { z } from 'zod';

export type TrustProxy = false | number | string[];

const NAMED = new Set(['loopback', 'linklocal', 'uniquelocal']);

function validEntry(entry: string): boolean {
  if (NAMED.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

export const trustProxySchema = z
  .string()
  .trim()
  .transform((value, ctx): TrustProxy => {
    if (value === '' || value === 'false' || value === '0') return false;
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops > 10) ctx.addIssue({ code: 'custom', message: 'a hop count must be at most 10' });
      return hops;
    }
    const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
    const bad = entries.filter((e) => !validEntry(e));
    if (bad.length || entries.length === 0) {
      ctx.addIssue({ code: 'custom', message: `must be false, a hop count, or addresses/subnets such as 172.16.0.0/12 (not: ${bad.join(', ') || value})` });
      return z.NEVER;
    }
    return entries;
  });
