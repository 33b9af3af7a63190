/**
 * Simulator HTTP API and web chat: POST a message as a phone would, get back everything the
 * bot sent as a result; read later messages (reminders, staff replies); watch them live.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { z } from 'zod';
import { toE164 } from '../phone-number';
import { MESSAGE_TYPES } from '../../conversation/inbound';
import type { ConversationEngine } from '../../conversation/engine';
import { cspNonce } from '../../http/csp';
import { zodToAppError } from '../../http/errors';
import type { SimulatorChannel } from './simulator-channel';

const fromSchema = z.string().regex(/^\+?\d{8,15}$/, 'must be a phone number in digits, e.g. 6281234567890');
const postSchema = z
  .object({
    from: fromSchema,
    text: z.string().max(65_536, 'must be at most 65,536 characters').default(''),
    id: z.string().min(1).max(200).optional(),
    type: z.enum(MESSAGE_TYPES).default('text'),
    name: z.string().max(200).optional(),
    /** A small file with the message (the JSON body limit, 100 kB, bounds it): base64 bytes, its type and name. */
    media: z
      .object({
        data: z.base64('must be base64').max(100_000),
        mimeType: z.string().min(1).max(200),
        filename: z.string().max(255).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((m) => !m.media || m.type !== 'text', { path: ['type'], message: 'must name the file type (image, document, audio, voice) when a file is sent' });

export function simulatorRoutes(deps: { engine: ConversationEngine; channel: SimulatorChannel; now: () => Date }): Router {
  const router = Router();
  const page = fs.readFileSync(path.join(__dirname, 'page.html'), 'utf8');

  router.post('/messages', async (req, res) => {
    const parsed = postSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw zodToAppError(parsed.error);
    const { from, text, type, name, media } = parsed.data;
    const chatId = from.replace(/^\+/, '');
    const messageId = parsed.data.id ?? `sim-${randomUUID()}`;
    const mediaId = media ? `sim-media-${randomUUID()}` : null;
    if (media && mediaId) deps.channel.holdUpload(mediaId, { bytes: Buffer.from(media.data, 'base64'), mimeType: media.mimeType, ...(media.filename ? { filename: media.filename } : {}) });
    if (type === 'text' && !text.trim()) throw zodToAppError(new z.ZodError([{ code: 'custom', path: ['text'], message: 'must not be empty for a text message', input: text }]));
    // The person's message enters the transcript before the engine runs: its replies may be
    // sent while it is handled, and a chat shows a message before the answer to it.
    const seenBefore = deps.channel.transcript(chatId).some((e) => e.id === messageId);
    if (!seenBefore) deps.channel.recordInbound(chatId, messageId, type === 'text' ? text : `[${type}] ${text}`.trim());
    const result = await deps.engine.receive({
      channel: 'simulator',
      messageId,
      chatId,
      phone: toE164(chatId),
      type,
      text,
      receivedAt: deps.now(),
      senderName: name,
      ...(media && mediaId ? { media: { id: mediaId, mimeType: media.mimeType, ...(media.filename ? { filename: media.filename } : {}) } } : {}),
    });
    await deps.engine.settle(`simulator:${chatId}`);
    // A re-delivered message produced nothing new: its earlier replies are not repeated.
    const replies = result.status === 'duplicate' ? [] : deps.channel.repliesTo(chatId, messageId);
    res.json({ id: messageId, status: result.status, replies: replies.map((e) => ({ text: e.text })) });
  });

  router.get('/chats/:from/messages', (req, res) => {
    const from = fromSchema.safeParse(req.params.from);
    if (!from.success) throw zodToAppError(from.error, 'from');
    res.json({ messages: deps.channel.transcript(from.data.replace(/^\+/, '')) });
  });

  router.get('/chats', (_req, res) => {
    res.json({ chats: deps.channel.chats() });
  });

  router.get('/events', (req, res) => {
    res.set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    res.flushHeaders();
    const listener = (event: unknown) => res.write(`data: ${JSON.stringify(event)}\n\n`);
    deps.channel.on('message', listener);
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    req.on('close', () => {
      clearInterval(ping);
      deps.channel.off('message', listener);
    });
  });

  // The page's URLs are relative to its folder: "/simulator" (as the demo prints it) and
  // "/simulator/" must both resolve them under the mount path, so the page names its base.
  // It is one self-contained file: its <style> and <script> run by this response's CSP nonce.
  router.get('/', (req, res) => {
    const nonce = cspNonce(res);
    const withBase = page.replace('<head>', `<head>\n<base href="${req.baseUrl}/">`);
    res.type('html').send(nonce ? withBase.replace(/<(script|style)>/g, `<$1 nonce="${nonce}">`) : withBase);
  });
  return router;
}
