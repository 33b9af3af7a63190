/**
 * Webhook authenticity: Meta signs every POST with `X-Hub-Signature-256: sha256=<hex>`, the
 * HMAC-SHA256 of the raw request body keyed with the app secret. Compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signBody(body: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** True only for a well-formed header whose digest matches the body. */
export function validSignature(body: Buffer, header: string | undefined, appSecret: string): boolean {
  if (typeof header !== 'string' || !/^sha256=[0-9a-fA-F]{64}$/.test(header)) return false;
  const expected = Buffer.from(signBody(body, appSecret).slice(7), 'hex');
  const given = Buffer.from(header.slice(7), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
