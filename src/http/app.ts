/**
 * The express app factory. Importing it listens on nothing; main.ts (or a test) decides.
 * Feature folders contribute routers; this file adds logging, body limits, health checks
 * and the error handler around them.
 */
import express, { type Router } from 'express';
import helmet from 'helmet';
import pinoHttp from 'pino-http';
import { noStore, PERSONAL_DATA_PATHS } from './no-store';
import { scrubText, scrubUrl } from '../logging/logger';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { contentSecurityPolicy } from './csp';
import { AppError, errorMiddleware } from './errors';
import type { TrustProxy } from './trust-proxy';

export interface ReadinessCheck {
  name: string;
  check(): Promise<{ ok: boolean; [detail: string]: unknown }>;
}

export interface HttpAppOptions {
  logger: Logger;
  routers: { path: string; router: Router }[];
  /** Routers that read the raw request body themselves (signed webhooks): mounted before any body parser. */
  rawRouters?: { path: string; router: Router }[];
  readiness: ReadinessCheck[];
  /** TRUST_PROXY (trust-proxy.ts); nothing is trusted when absent. */
  trustProxy?: TrustProxy;
}

export function createHttpApp(options: HttpAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // req.ip is what sign-in delays are keyed by: only configured proxies may set it.
  app.set('trust proxy', options.trustProxy ?? false);
  // The CSP is set per request (its nonce, and HTTPS-only directives): csp.ts. Browsers
  // ignore Cross-Origin-Opener-Policy on plain http (an office LAN) and log an error on
  // every page for it, so it too is sent only over HTTPS.
  app.use(helmet({ contentSecurityPolicy: false, crossOriginOpenerPolicy: false }));
  app.use(contentSecurityPolicy());
  const openerPolicy = helmet.crossOriginOpenerPolicy();
  app.use((req, res, next) => (req.secure ? openerPolicy(req, res, next) : next()));
  app.use(
    pinoHttp({
      logger: options.logger,
      // A caller's request id is kept only when it looks like one: anything else could smuggle personal data into the log
      // (a NIK or phone number grouped by dashes, "req-0813-7778-8009", is what the log scrubber would take out).
      genReqId: (req) => {
        const given = req.headers['x-request-id'];
        return typeof given === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(given) && !/\d{6,}/.test(given) && scrubText(given) === given ? given : randomUUID();
      },
      // Paths and queries can carry phone numbers and NIKs (/simulator/chats/628…, ?q=3204 1106…).
      serializers: {
        req: (req) => ({ id: req.id, method: req.method, url: scrubUrl(String(req.url)) }),
        // pino-http hands over a wrapper whose own statusCode is null until headers are sent.
        res: (res) => ({ statusCode: res.raw?.statusCode ?? res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' },
    }),
  );
  app.use(PERSONAL_DATA_PATHS, noStore);
  for (const { path, router } of options.rawRouters ?? []) app.use(path, router);
  app.use(express.json({ limit: '100kb', strict: true }));
  app.use(express.urlencoded({ extended: false, limit: '100kb' }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });
  app.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      options.readiness.map(async (r) => [r.name, await r.check().catch(() => ({ ok: false }))] as const),
    );
    const ready = results.every(([, r]) => r.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks: Object.fromEntries(results) });
  });

  for (const { path, router } of options.routers) app.use(path, router);

  app.use((req, _res, next) => next(new AppError('not_found', `no route for ${req.method} ${req.path}`, 404)));
  app.use(errorMiddleware);
  return app;
}
