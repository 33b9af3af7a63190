/**
 * The Graph API messages endpoint: POST {base}/{phone-number-id}/messages with the Bearer token,
 * through Node's fetch. Answers the `wamid` Meta accepted, or a GraphError saying what Meta (or
 * the network) said: the HTTP status, Meta's error code, Retry-After, and whether the request
 * can have reached Meta at all (a refused connection cannot; a timeout may have).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { cloudErrorSchema } from './webhook-schema';

const sendResponseSchema = z.object({
  messages: z.array(z.object({ id: z.string().min(1), message_status: z.string().optional() })).min(1),
});
const mediaInfoSchema = z.object({ url: z.url(), mime_type: z.string(), sha256: z.string().optional(), file_size: z.coerce.number().int().nonnegative().optional() });
/** Where Meta serves media from; the token is sent to no other host (a provider's base origin aside). */
const MEDIA_HOSTS = /(^|\.)(fbsbx\.com|facebook\.com|whatsapp\.net)$/;
const phoneNumberSchema = z.object({ display_phone_number: z.string().optional(), quality_rating: z.string().optional() });
const errorResponseSchema = z.object({ error: cloudErrorSchema.extend({ error_subcode: z.number().optional(), fbtrace_id: z.string().optional() }) });

export class GraphError extends Error {
  constructor(
    message: string,
    readonly kind: 'http' | 'not_reached' | 'unknown_outcome',
    readonly httpStatus: number | null,
    readonly code: number | null,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

/** Errors from undici that mean the request never left this machine. */
const NOT_REACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export interface GraphClientOptions {
  apiBase: string;
  phoneNumberId: string;
  accessToken: string;
  requestTimeoutMs: number;
  now: () => Date;
}

export class GraphClient {
  constructor(private readonly options: GraphClientOptions) {}

  /** Sends one message object (text, template…); resolves with the wamid. */
  async sendMessage(body: Record<string, unknown>): Promise<string> {
    const { apiBase, phoneNumberId, accessToken, requestTimeoutMs } = this.options;
    let res: Response;
    try {
      res = await fetch(`${apiBase}/${phoneNumberId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', ...body }),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    } catch (err) {
      const code = (err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
      if (code && NOT_REACHED.has(code)) throw new GraphError(`Graph API not reachable (${code})`, 'not_reached', null, null, null);
      throw new GraphError(`Graph API request interrupted (${code ?? (err as Error).name})`, 'unknown_outcome', null, null, null);
    }
    const text = await res.text().catch(() => '');
    const json = safeJson(text);
    if (res.ok) {
      const parsed = sendResponseSchema.safeParse(json);
      // Accepted (2xx) but unreadable: Meta may have the message; never send it again.
      if (!parsed.success) throw new GraphError('Graph API accepted the request without a message id', 'unknown_outcome', res.status, null, null);
      return parsed.data.messages[0].id;
    }
    const error = errorResponseSchema.safeParse(json);
    // A 5xx without Meta's own error object comes from something between us and Meta (a proxy,
    // a load balancer, a provider): a 502 or 504 after it passed the request on, a 503 we cannot
    // tell from one. Meta may have taken the message, as when our own request times out, so it is
    // not posted again (the status webhook, or staff, settle it). Meta's error object says it did not.
    if (res.status >= 500 && !error.success) throw new GraphError(`Graph API ${res.status} without an answer from Meta (a gateway's)`, 'unknown_outcome', res.status, null, null);
    const code = error.success ? error.data.error.code : null;
    const detail = error.success ? (error.data.error.error_data?.details ?? error.data.error.message ?? '') : text.slice(0, 200);
    throw new GraphError(`Graph API ${res.status}${code !== null ? ` (#${code})` : ''}: ${detail}`, 'http', res.status, code, this.retryAfter(res.headers.get('retry-after')));
  }

  /**
   * Reads the phone number's own record: proves the token and the phone number id work, and
   * gives the display number and quality rating for /readyz.
   */
  async phoneNumber(): Promise<{ displayPhoneNumber?: string; qualityRating?: string }> {
    const { apiBase, phoneNumberId, accessToken, requestTimeoutMs } = this.options;
    let res: Response;
    try {
      res = await fetch(`${apiBase}/${phoneNumberId}?fields=display_phone_number,quality_rating`, {
        headers: { authorization: `Bearer ${accessToken}` },
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    } catch (err) {
      const code = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      throw new GraphError(`Graph API not reachable (${code})`, 'not_reached', null, null, null);
    }
    const json = safeJson(await res.text().catch(() => ''));
    if (!res.ok) {
      const error = errorResponseSchema.safeParse(json);
      const code = error.success ? error.data.error.code : null;
      throw new GraphError(`Graph API ${res.status}${code !== null ? ` (#${code})` : ''}`, 'http', res.status, code, null);
    }
    const parsed = phoneNumberSchema.safeParse(json);
    return parsed.success ? { displayPhoneNumber: parsed.data.display_phone_number, qualityRating: parsed.data.quality_rating } : {};
  }

  /**
   * An inbound media object: its record (a short-lived URL, type, sha256, size), then the bytes,
   * checked against the size cap and the digest.
   */
  async media(mediaId: string, maxBytes: number): Promise<{ bytes: Buffer; mimeType: string }> {
    const { apiBase, accessToken, requestTimeoutMs } = this.options;
    if (!/^\d{1,30}$/.test(mediaId)) throw new GraphError('not a media id', 'http', null, null, null);
    const auth = { authorization: `Bearer ${accessToken}` };
    const infoRes = await fetch(`${apiBase}/${mediaId}`, { headers: auth, signal: AbortSignal.timeout(requestTimeoutMs) });
    const info = mediaInfoSchema.safeParse(safeJson(await infoRes.text().catch(() => '')));
    if (!infoRes.ok || !info.success) throw new GraphError(`Graph API ${infoRes.status}: media ${infoRes.ok ? 'record unreadable' : 'not available'}`, 'http', infoRes.status, null, null);
    const url = new URL(info.data.url);
    const trusted = url.origin === new URL(apiBase).origin || (url.protocol === 'https:' && MEDIA_HOSTS.test(url.hostname));
    if (!trusted) throw new GraphError('media URL on an unexpected host', 'http', null, null, null);
    if ((info.data.file_size ?? 0) > maxBytes) throw tooLarge(maxBytes);
    const res = await fetch(url, { headers: auth, signal: AbortSignal.timeout(requestTimeoutMs) });
    if (!res.ok) throw new GraphError(`media download ${res.status}`, 'http', res.status, null, null);
    const bytes = await readCapped(res, maxBytes);
    if (info.data.sha256 && createHash('sha256').update(bytes).digest('hex') !== info.data.sha256.toLowerCase()) throw new GraphError('media digest mismatch', 'http', null, null, null);
    return { bytes, mimeType: info.data.mime_type };
  }

  private retryAfter(header: string | null): number | null {
    if (!header) return null;
    if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
    const at = Date.parse(header);
    return Number.isFinite(at) ? Math.max(0, at - this.options.now().getTime()) : null;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const tooLarge = (maxBytes: number) => new GraphError(`media too large (over ${Math.round(maxBytes / 1024 / 1024)} MB): refused`, 'http', null, null, null);

/**
 * A download's bytes, refused as soon as they pass the cap: the declared length is not trusted
 * (the record's file_size and Content-Length may be missing or wrong), so the stream is read
 * chunk by chunk and cancelled at the first byte over; never more than the cap plus one chunk
 * is held.
 */
async function readCapped(res: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge(maxBytes);
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks, total);
}
