/**
 * logging — the pino logger, with NIK/KK numbers, phone numbers and message bodies redacted.
 */
export { createLogger, scrubText, maskIdentityNumbers, type Logger } from './logger';
