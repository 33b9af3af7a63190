/**
 * Logging: one pino logger for the process. JSON in production, pretty in the demo.
 * Personal data never reaches a log line: NIK/KK numbers (16-digit runs), phone numbers and
 * message bodies are redacted by key and by pattern before anything is written.
 */
import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger };

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

// 16-digit runs (NIK/KK), possibly written in groups: 3204 1106 0997 0001, 3204.1106.0997.0001.
const SIXTEEN_DIGITS = /\d(?:[\s.-]?\d){15}/g;
// Indonesian phone numbers and WhatsApp ids: +62 812-3456-7890, 0812 3456 7890, 6281234567890@c.us.
const PHONE = /(?:\+?62|\b0)8[\d\s.-]{7,14}\d(?:@c\.us)?/g;
const LID = /\b\d{8,}@lid\b/g;

/** Stored chat history keeps the words but never a NIK/KK number. */
export function maskIdentityNumbers(value: string): string {
  return value.replace(SIXTEEN_DIGITS, '[NIK/KK disamarkan]');
}

export function scrubText(value: string): string {
  return value.replace(SIXTEEN_DIGITS, '[nik]').replace(PHONE, '[phone]').replace(LID, '[lid]');
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
