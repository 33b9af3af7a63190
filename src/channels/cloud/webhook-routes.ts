/**
 * The webhook at /webhooks/whatsapp. GET is Meta's subscription handshake (hub.mode,
 * hub.verify_token, hub.challenge; 403 on a wrong token). POST carries events, signed with
 * X-Hub-Signature-256 over the raw body: this router reads the raw bytes itself, so it is mounted
 * before any JSON parser (createHttpApp's `rawRouters`). Unsigned or wrongly signed → 401 and a log
 * line. A signed event is answered 200 as soon as its messages and statuses are stored (the
 * intake store), and handled after (Meta retries slow answers); when they cannot be stored the
 * answer is 503, so Meta delivers the event again instead of it being lost.
 */
import { sameSecret } from '../../http/same-secret';
import express, { Router } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { validSignature } from './signature';

const handshakeSchema = z.object({ 'hub.mode': z.literal('subscribe'), 'hub.verify_token': z.string(), 'hub.challenge': z.string().min(1).max(200) });

export interface WebhookDeps {
  verifyToken: string;
  appSecret: string;
  logger: Logger;
  /** Stores a verified event body (parsed JSON) durably; resolves before the answer, handling runs after. */
  accept(payload: unknown): Promise<void>;
  onRejected(): void;
}

export function cloudWebhookRouter(deps: WebhookDeps): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const parsed = handshakeSchema.safeParse(req.query);
    if (!parsed.success || !sameSecret(parsed.data['hub.verify_token'], deps.verifyToken)) {
      deps.logger.warn('WhatsApp webhook handshake refused: wrong mode or verify token');
      res.sendStatus(403);
      return;
    }
    res.type('text/plain').send(parsed.data['hub.challenge']);
  });

  router.post('/', express.raw({ type: () => true, limit: '3mb' }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!validSignature(body, req.get('x-hub-signature-256'), deps.appSecret)) {
      deps.onRejected();
      deps.logger.warn({ signed: Boolean(req.get('x-hub-signature-256')), bytes: body.length }, 'WhatsApp webhook refused: bad or missing X-Hub-Signature-256');
      res.sendStatus(401);
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      deps.logger.warn({ bytes: body.length }, 'WhatsApp webhook body is not JSON');
      res.sendStatus(400);
      return;
    }
    try {
      await deps.accept(payload);
    } catch (err) {
      deps.logger.error({ err }, 'WhatsApp webhook event not stored: answered 503 so Meta delivers it again');
      res.sendStatus(503);
      return;
    }
    res.sendStatus(200);
  });
  return router;
}
