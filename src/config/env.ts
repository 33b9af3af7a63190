/**
 * Configuration: the one zod schema for the process environment.
 * Everything the service reads from the environment is declared here, with its default;
 * a bad value stops start-up with one message naming every wrong variable.
 */
import path from 'node:path';
import { z } from 'zod';
import { trustProxySchema } from '../http/trust-proxy';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: port.default(3000),
    AGENCY: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'must be a profile id such as banjarmasin')
      .default('banjarmasin'),
    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
    EMBEDDED_MONGO_PORT: port.optional(),
    WHATSAPP_ENABLED: booleanFlag.default(false),
    WHATSAPP_AUTH: z.enum(['local', 'mongo']).default('local'),
    /** How the office number is reached: whatsapp-web.js (`web`, QR pairing) or Meta's official Cloud API (`cloud`). */
    WHATSAPP_TRANSPORT: z.enum(['web', 'cloud'], { message: 'must be web or cloud' }).default('web'),
    WHATSAPP_CLOUD_VERIFY_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    WHATSAPP_CLOUD_APP_SECRET: z.string().regex(/^[0-9a-fA-F]{16,128}$/, 'must be the Meta app secret (hex)').optional(),
    WHATSAPP_CLOUD_ACCESS_TOKEN: z.string().min(20, 'must be a Graph API access token').optional(),
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: z.string().regex(/^\d{5,20}$/, 'must be the phone number id (digits) from WhatsApp Manager').optional(),
    WHATSAPP_CLOUD_API_BASE: z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as https://graph.facebook.com/v24.0' })
      .transform((u) => u.replace(/\/+$/, ''))
      .default('https://graph.facebook.com/v24.0'),
    /**
     * Cloud API pacing (Meta's limits, kept on our side so sends wait instead of being refused):
     * about one message every 6 s to the same person with a short burst (131056), and the
     * number's throughput, 80 messages a second by default (130429; 20 for a number also used
     * in the WhatsApp Business app; inbound messages count towards it too).
     */
    WHATSAPP_CLOUD_PAIR_INTERVAL_SECONDS: z.coerce.number({ message: 'must be a number' }).min(1, 'must be at least 1').max(600).default(6),
    WHATSAPP_CLOUD_PAIR_BURST: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1).max(45, 'must be at most 45 (Meta allows no larger burst)').default(4),
    WHATSAPP_CLOUD_MAX_PER_SECOND: z.coerce.number({ message: 'must be a number' }).positive('must be above 0').max(1000, 'must be at most 1000 (Meta\'s highest throughput)').default(80),
    CHROME_PATH: z.string().min(1).default('/usr/bin/chromium'),
    SIMULATOR_ENABLED: booleanFlag.default(false),
    ADMIN_API_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
    DATA_ENCRYPTION_KEY: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes); make one with `openssl rand -hex 32`')
      .optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_PRETTY: booleanFlag.default(false),
    DATA_DIR: z.string().min(1).default('./data'),
    FLOWS_DIR: z.string().min(1).default('./flows'),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
    HANDOFF_IDLE_HOURS: z.coerce.number().min(0.1).max(24 * 14).default(4),
    HANDOFF_UNCLAIMED_MINUTES: z.coerce.number().int().min(5).max(60 * 24 * 5).default(60),
    HANDOFF_ACK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(5),
    SLA_CRON: z.string().min(9).default('*/15 * * * *'),
    /** Shutdown waits at most this long for messages in progress and the outbox to be sent before closing WhatsApp. */
    SHUTDOWN_DRAIN_SECONDS: z.coerce.number().min(0).max(300).default(5),
    /** How long a photo, voice note or document may take to download before the message goes on without it (the chat's queue waits meanwhile). */
    MEDIA_FETCH_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(300).default(30),
    /** Retention (days; 0 keeps forever), applied by the retention job (src/jobs/retention-store.ts) on RETENTION_CRON. */
    RETENTION_OUTBOX_DAYS: z.coerce.number().int().min(0).max(3650).default(365),
    RETENTION_AUDIT_DAYS: z.coerce.number().int().min(0).max(3650).default(730),
    RETENTION_HANDOFF_DAYS: z.coerce.number().int().min(0).max(3650).default(365),
    RETENTION_ALERT_DAYS: z.coerce.number().int().min(0).max(3650).default(365),
    /** Finished complaint tickets lose the complainant's personal data (name, number, NIK, texts) this many days after they were finished (src/privacy/ticket-retention.ts). */
    RETENTION_TICKET_DAYS: z.coerce.number().int().min(0).max(3650).default(1825),
    /** Chat history (and the files sent in it) and idle conversation sessions expire after this many days, by TTL index (src/db/ttl-index.ts); a change applies to an existing database at start-up. */
    RETENTION_CHAT_DAYS: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(3650, 'must be at most 3650').default(365),
    RETENTION_SESSION_DAYS: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(3650, 'must be at most 3650').default(90),
    RETENTION_CRON: z.string().min(9).default('30 2 * * *'),
    /**
     * Session cookies marked Secure (sent by browsers over HTTPS only). Unset: on in production,
     * off otherwise. An office LAN served on plain http must set it false; behind an HTTPS proxy
     * keep it on and let TRUST_PROXY name the proxy (it passes X-Forwarded-Proto).
     */
    COOKIE_SECURE: booleanFlag.optional(),
    /** Which peers' X-Forwarded-For is believed (src/http/trust-proxy.ts): false, a hop count, or subnets. */
    TRUST_PROXY: trustProxySchema.default(false),
  });

export type Env = z.infer<typeof envSchema>;

/** In production the keys protecting NIK/KK and the staff API must be set explicitly. */
const REQUIRED_IN_PRODUCTION = ['DATA_ENCRYPTION_KEY', 'ADMIN_API_TOKEN'] as const;

/**
 * A key anyone could guess: few distinct characters, a pattern repeated ("abab…",
 * "changeme-changeme-…", "0123456789abcdef" four times, a stray character after it), or a run of
 * consecutive characters ("0123…", "abcd…"). A generated key (openssl rand) repeats almost no
 * three-character piece and has few neighbours one apart; these keys repeat many.
 */
function weakSecret(value: string): boolean {
  const v = value.toLowerCase();
  if (new Set(v).size <= 4) return true;
  const pieces = Array.from({ length: v.length - 2 }, (_, i) => v.slice(i, i + 3));
  if (new Set(pieces).size < 0.75 * pieces.length) return true;
  let ascending = 0;
  for (let i = 1; i < v.length; i++) if (v.charCodeAt(i) - v.charCodeAt(i - 1) === 1) ascending++;
  return ascending > v.length / 3;
}

const CLOUD_SECRETS = ['WHATSAPP_CLOUD_VERIFY_TOKEN', 'WHATSAPP_CLOUD_APP_SECRET', 'WHATSAPP_CLOUD_ACCESS_TOKEN', 'WHATSAPP_CLOUD_PHONE_NUMBER_ID'] as const;

/**
 * The Cloud API transport cannot run half-configured: without the app secret webhooks could not
 * be verified (and would be refused), without the token nothing could be sent.
 */
function cloudProblems(env: Record<string, string | undefined>): string[] {
  if (env.WHATSAPP_TRANSPORT !== 'cloud') return [];
  const problems: string[] = [];
  if (!/^(true|1|yes)$/.test(env.WHATSAPP_ENABLED ?? '')) problems.push('WHATSAPP_TRANSPORT=cloud needs WHATSAPP_ENABLED=true');
  for (const key of CLOUD_SECRETS) if (!env[key]) problems.push(`${key} is required with WHATSAPP_TRANSPORT=cloud`);
  if (env.NODE_ENV === 'production') {
    if (env.WHATSAPP_CLOUD_VERIFY_TOKEN && weakSecret(env.WHATSAPP_CLOUD_VERIFY_TOKEN)) problems.push('WHATSAPP_CLOUD_VERIFY_TOKEN is too easy to guess; generate one with `openssl rand -hex 24`');
    if (env.WHATSAPP_CLOUD_API_BASE && !env.WHATSAPP_CLOUD_API_BASE.startsWith('https://')) problems.push('WHATSAPP_CLOUD_API_BASE must be https in production');
  }
  return problems;
}

/** What production refuses to start with: each would lose data or expose it. */
function productionProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  for (const key of REQUIRED_IN_PRODUCTION) {
    if (!env[key]) problems.push(`${key} is required in production`);
    else if (weakSecret(env[key]!)) problems.push(`${key} is too easy to guess; generate one with \`openssl rand -hex 32\``);
  }
  // The embedded engine keeps everything in memory: a restart would lose every application and ticket.
  if (!env.MONGODB_URI) problems.push('MONGODB_URI is required in production (the embedded database loses all data on restart)');
  // The simulator lists every chat and lets anyone pose as any phone number.
  if (/^(true|1|yes)$/.test(env.SIMULATOR_ENABLED ?? '')) problems.push('SIMULATOR_ENABLED must be false in production (the simulator exposes every chat)');
  return problems;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError listing every wrong variable and why. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // Empty strings in .env files mean "unset", not "invalid".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'} ${issue.message}`);
  if (cleaned.NODE_ENV === 'production') problems.push(...productionProblems(cleaned));
  problems.push(...cloudProblems(cleaned));
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  return { ...parsed.data, DATA_DIR: path.resolve(parsed.data.DATA_DIR), FLOWS_DIR: path.resolve(parsed.data.FLOWS_DIR) };
}

/**
 * What start-up should warn about in an environment that is valid. NODE_ENV unset means
 * development (development defaults: Secure cookies off, a generated key, the embedded database
 * allowed) — a deployed image that forgot it must not get that silently.
 */
export function environmentWarnings(source: NodeJS.ProcessEnv = process.env): string[] {
  const warnings: string[] = [];
  if (!source.NODE_ENV) warnings.push('NODE_ENV is not set: running with development defaults (no production checks, cookies not Secure); set NODE_ENV=production for a deployed service');
  return warnings;
}
