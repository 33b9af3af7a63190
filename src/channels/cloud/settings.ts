/**
 * The Cloud API adapter's settings, validated by zod: the four secrets from the environment and
 * the pacing and window tuning (defaults follow Meta's documented limits).
 */
import { z } from 'zod';

export const cloudSettingsSchema = z.object({
  apiBase: z.url().transform((u) => u.replace(/\/+$/, '')),
  phoneNumberId: z.string().regex(/^\d{5,20}$/),
  accessToken: z.string().min(1),
  appSecret: z.string().min(1),
  verifyToken: z.string().min(1),
  /** Meta's pair rate limit: about one message every 6 s to the same user… */
  pairIntervalMs: z.number().int().positive().default(6_000),
  /** …with short bursts allowed (Meta tolerates up to 45 in 6 s, paid back after; a split reply of a few parts goes at once). */
  pairBurst: z.number().int().min(1).max(45).default(4),
  /** The number's throughput: Meta's default is 80 messages a second (20 for a number also used in the WhatsApp Business app). */
  throughputPerSecond: z.number().positive().max(1000).default(80),
  /** The customer-service window, less a margin so a send never races its end. */
  windowMs: z.number().int().positive().default(24 * 3_600_000),
  windowMarginMs: z.number().int().min(0).default(10 * 60_000),
  /** Waits when Meta gives no Retry-After: a throttled number, a 5xx. */
  throttleWaitMs: z.number().int().positive().default(60_000),
  serverErrorWaitMs: z.number().int().positive().default(15_000),
  requestTimeoutMs: z.number().int().positive().default(30_000),
  /**
   * A send whose outcome is unknown (its answer lost) and that no status report has confirmed is
   * judged this long after it was posted: Meta reports every message it takes within seconds.
   */
  unconfirmedWaitMs: z.number().int().positive().default(10 * 60_000),
  /** Past this, one that still cannot be judged (no reports came meanwhile) is left to staff, said so. */
  unconfirmedGiveUpMs: z.number().int().positive().default(60 * 60_000),
  /** Clock difference allowed between Meta's report timestamps and ours. */
  reportSkewMs: z.number().int().min(0).default(60_000),
  /** Inbound media above this is refused, never buffered whole (16 MB: WhatsApp's own cap for images, audio and video). */
  maxMediaBytes: z.number().int().positive().default(16 * 1024 * 1024),
}).refine((s) => s.unconfirmedWaitMs > s.requestTimeoutMs && s.unconfirmedGiveUpMs >= s.unconfirmedWaitMs, {
  message: 'unconfirmedWaitMs must exceed requestTimeoutMs, and unconfirmedGiveUpMs must be at least unconfirmedWaitMs',
});
export type CloudSettings = z.infer<typeof cloudSettingsSchema>;
export type CloudSettingsInput = z.input<typeof cloudSettingsSchema>;
