/**
 * Logging: one pino logger for the process. JSON in production, pretty in the demo.
 * Personal data never reaches a log line: NIK/KK numbers (16-digit runs), phone numbers and
 * message bodies are redacted by key and by pattern before anything is written; ids that carry
 * a phone number are logged as a short one-way hash.
 */
import { createHash } from 'node:crypto';
import pino, { type Logger, type LoggerOptions } from 'pino';
import { maskIdentityNumbersIn } from '../applications/nik';
import { maskPhoneNumbersIn } from '../applications/personal-numbers';

export type { Logger };

/** How a log line names a chat or message id that carries a phone number: a short one-way hash. */
export function logId(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 12);
}

/** Keys whose values are always removed, wherever they appear in a log object. */
const SENSITIVE_KEYS = [
  'text', 'body', 'nik', 'kk', 'kkNumber', 'phone', 'phones', 'from', 'to', 'password',
  'authorization', 'cookie', 'name', 'address',
];
const redactPaths = SENSITIVE_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]).concat([
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
]);

/**
 * Ids that carry the phone number — a WhatsApp Web message id (`false_62812…@c.us_3EB0…`), a
 * Cloud API `wamid.` (base64 that decodes to the number), a chat id — are logged as logId, so
 * lines about one message still match. By serializer, because serializers also reach a child
 * logger's bindings, which the pattern scrubbing below never sees. A value already a logId stays.
 */
const ID_KEYS = ['messageId', 'chatId', 'chatKey', 'correlationId', 'providerMessageId', 'wamid'];
const hashedId = (value: unknown): unknown => (typeof value === 'string' && !/^[0-9a-f]{12}$/.test(value) ? logId(value) : value);

// Indonesian phone numbers and WhatsApp ids: +62 812-3456-7890, 0812 - 3456 - 7890, (0812) 3456 7890, 0812–3456–7890, 6281234567890@c.us.
const PHONE = /\(?(?:\+?62|\b0)\)?[\s.\-–]*\(?8[\d\s.\-–()]{7,20}\d(?:@c\.us)?/g;
const LID = /\b\d{8,}@lid\b/g;

/**
 * Stored chat history keeps the words but never a NIK/KK number, found by the same rules the
 * bot uses to read one (groups joined by spaces, dots, dashes or en dashes, however spaced).
 */
export function maskIdentityNumbers(value: string): string {
  // Phone numbers typed in a message too ("hubungi saya di 0813…"): masked like everywhere else.
  return maskPhoneNumbersIn(maskIdentityNumbersIn(value, () => '[NIK/KK disamarkan]'));
}

export function scrubText(value: string): string {
  return maskIdentityNumbersIn(value, () => '[nik]').replace(PHONE, '[phone]').replace(LID, '[lid]');
}

/**
 * A request URL for the log: decoded first (up to three times: a search carried in a login
 * redirect's `next=` is encoded twice), so "3204%201106…" or "3204+1106…" is seen, then scrubbed.
 */
export function scrubUrl(url: string): string {
  let decoded = url;
  for (let round = 0; round < 3; round++) {
    try {
      const next = decodeURIComponent(decoded.replace(/\+/g, ' '));
      if (next === decoded) break;
      decoded = next;
    } catch {
      break; // malformed escapes: scrub what we have
    }
  }
  // Query tokens (the Cloud API webhook's hub.verify_token) are secrets, not for the log.
  return scrubText(decoded).replace(/\d{6,}/g, '…').replace(/([?&][^=&]*token=)[^&]*/gi, '$1…');
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, depth + 1);
  return out;
}

export interface LoggerSettings {
  level: string;
  pretty?: boolean;
  destination?: pino.DestinationStream;
}

export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    hooks: {
      // Pattern scrubbing catches personal data inside free-form strings and error messages.
      logMethod(args, method) {
        method.apply(this, args.map((a) => scrubDeep(a)) as Parameters<typeof method>);
      },
    },
    serializers: {
      ...Object.fromEntries(ID_KEYS.map((key) => [key, hashedId])),
      err: (err: unknown) => {
        if (!(err instanceof Error)) return scrubText(String(err));
        const serialized = pino.stdSerializers.err(err);
        return { ...serialized, message: scrubText(String(serialized.message ?? '')), stack: serialized.stack && scrubText(serialized.stack) };
      },
    },
  };
  if (settings.destination) return pino(options, settings.destination);
  if (settings.pretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } });
  }
  return pino(options);
}
