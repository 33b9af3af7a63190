import { Writable } from 'node:stream';
import { createLogger, scrubText } from '../../src/logging/logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

describe('logging', () => {
  test('when a message body, phone or NIK is logged under its key, then the value is redacted', () => {
    const { logger, lines } = capture();
    logger.info({ text: 'cek nik 3204110609970001', phone: '+6281234567890', nik: '3204110609970001', msg2: { from: '6281234567890@c.us' } }, 'inbound');
    const out = lines.join('');
    expect(out).not.toMatch(/3204110609970001/);
    expect(out).not.toMatch(/81234567890/);
    expect(out).toMatch(/\[redacted\]/);
  });

  test('when a NIK or phone number hides inside free text or an error, then the pattern is scrubbed', () => {
    const { logger, lines } = capture();
    logger.info({ detail: 'warga 3204 1106 0997 0001 hubungi 0812-3456-7890' }, 'note about 3204.1106.0997.0001');
    logger.error({ err: new Error('lookup failed for 3204110609970001') }, 'failure');
    const out = lines.join('');
    expect(out).not.toMatch(/3204/);
    expect(out).not.toMatch(/3456/);
    expect(out).toMatch(/\[nik\]/);
    expect(out).toMatch(/\[phone\]/);
  });

  test.each(['3204  1106  0997  0001', '3204 - 1106 - 0997 - 0001', '3204\u20131106\u20130997\u20130001', '3204. 1106. 0997. 0001'])(
    'when a NIK is written with the separators the bot accepts (%j), then the log never holds it',
    (written) => {
      const { logger, lines } = capture();
      logger.info({ detail: `cek ${written}` }, `nik ${written}`);
      expect(lines.join('')).not.toMatch(/1106|0997/);
    },
  );

  test('when a NIK is mistyped with a digit too few or too many, then the log still never holds it', () => {
    const { logger, lines } = capture();
    logger.info({ detail: 'nik 320411060997000 atau 32041106099700012' }, 'near misses');
    expect(lines.join('')).not.toMatch(/11060997/);
  });

  test('when ordinary numbers are logged, then they are kept', () => {
    expect(scrubText('processed 25 messages in 120 ms, ticket ADU-BJM-2611-0007')).toBe('processed 25 messages in 120 ms, ticket ADU-BJM-2611-0007');
  });
});
