/**
 * The Content-Security-Policy of every response. Scripts and styles come only from this
 * service's own files, or from an inline block carrying this response's nonce (the simulator
 * page is one self-contained file); no inline event handler (`onclick=`) and no `style=`
 * attribute runs. `upgrade-insecure-requests` is sent only on a request that arrived over
 * HTTPS (directly, or from a trusted proxy saying so in X-Forwarded-Proto): an office LAN
 * served on plain http:// would otherwise have its browser ask https:// for the stylesheet,
 * the script and the sign-in form — no styles, and a sign-in that never arrives.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * The nonce an inline <script> or <style> of this response must carry (`nonce="…"`); null in
 * an app without this policy in front (a test's bare router), where nothing blocks inline code.
 */
export function cspNonce(res: Response): string | null {
  const nonce: unknown = res.locals.cspNonce;
  return typeof nonce === 'string' ? nonce : null;
}

const nonceSource = (_req: IncomingMessage, res: ServerResponse) => `'nonce-${(res as Response).locals.cspNonce as string}'`;

const directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'", nonceSource],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", nonceSource],
  'style-src-attr': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'self'"],
};

export function contentSecurityPolicy(): RequestHandler {
  const overHttps = helmet.contentSecurityPolicy({ useDefaults: false, directives: { ...directives, 'upgrade-insecure-requests': [] } });
  const overHttp = helmet.contentSecurityPolicy({ useDefaults: false, directives });
  return (req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    // req.secure: TLS on this socket, or X-Forwarded-Proto: https from a proxy TRUST_PROXY names.
    (req.secure ? overHttps : overHttp)(req, res, next);
  };
}
