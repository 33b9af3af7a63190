/**
 * The link policy: the supervisor's settings with their defaults, the states the link can be
 * in, the alerts admins receive (in Bahasa Indonesia), and the arithmetic of backoff and the
 * nightly restart time.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';

export const supervisorSchema = z.object({
  /** From start to a QR code or `ready`, and from `authenticated` to `ready` (history sync can be slow). */
  readyTimeoutMs: z.number().int().positive().default(180_000),
  backoffBaseMs: z.number().int().positive().default(5_000),
  backoffMaxMs: z.number().int().positive().default(300_000),
  /** Admins hear about a link that keeps failing; after the maximum the supervisor waits for a person. */
  alertAfterFailures: z.number().int().positive().default(5),
  maxConsecutiveFailures: z.number().int().positive().default(30),
  watchdogIntervalMs: z.number().int().positive().default(60_000),
  watchdogTimeoutMs: z.number().int().positive().default(20_000),
  /** Consecutive unhealthy checks before a restart: one slow answer under load is no reason. */
  watchdogStrikes: z.number().int().positive().default(3),
  /** A browser that keeps hanging needs a person, not an endless restart loop. */
  maxWatchdogRestartsPerHour: z.number().int().positive().default(4),
  destroyTimeoutMs: z.number().int().positive().default(8_000),
  /** Restart at this office time every night (long-running WhatsApp Web pages grow and slow down). */
  nightlyRestart: z
    .object({ at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'), timeZone: z.string().min(1) })
    .nullable()
    .default(null),
});
export type SupervisorSettings = z.infer<typeof supervisorSchema>;

export type LinkStatus = 'disabled' | 'starting' | 'qr' | 'ready' | 'disconnected' | 'logged_out';

export interface WhatsAppAlert {
  kind: 'logged_out' | 'auth_failure' | 'unstable' | 'gave_up';
  at: Date;
  /** For admins, in Bahasa Indonesia. */
  message: string;
}

export const ALERT_TEXT: Record<WhatsAppAlert['kind'], string> = {
  logged_out: 'WhatsApp kantor keluar (logout) dari bot. Pindai kode QR baru di halaman admin untuk menautkan kembali.',
  auth_failure: 'Sesi WhatsApp kantor tidak bisa dipulihkan. Periksa halaman admin; mungkin perlu memindai kode QR lagi.',
  unstable: 'Sambungan WhatsApp kantor berulang kali terputus. Bot terus mencoba menyambung kembali.',
  gave_up: 'Bot berhenti mencoba menyambung ke WhatsApp setelah gagal berulang kali. Periksa server lalu mulai ulang sambungan dari halaman admin.',
};

/** Exponential backoff with ±20 % jitter: failure 1 waits the base, each next one twice as long, up to the maximum. */
export function backoffMs(settings: Pick<SupervisorSettings, 'backoffBaseMs' | 'backoffMaxMs'>, failures: number, random: number): number {
  const base = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** (failures - 1));
  return Math.round(base * (0.8 + 0.4 * random));
}

/** Milliseconds from now until the next HH:MM in the office's time zone. */
export function msUntilNightly(now: number, nightly: NonNullable<SupervisorSettings['nightlyRestart']>): number {
  const local = DateTime.fromMillis(now, { zone: nightly.timeZone });
  const [hour, minute] = nightly.at.split(':').map(Number);
  let next = local.set({ hour, minute, second: 0, millisecond: 0 });
  if (next <= local) next = next.plus({ days: 1 });
  return next.toMillis() - now;
}
