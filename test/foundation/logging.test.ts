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

describe('ids that carry a phone number', () => {
  const WEB_ID = 'false_6281234567890@c.us_3EB0C767D26A1D8E7F';
  // A Cloud API wamid is base64 around the sender's number.
  const WAMID = `wamid.${Buffer.from('\x1c\x18\x0d6281234567890\x15\x02\x00\x12\x18\x143EB0C767D26A1D8E7F').toString('base64')}`;

  test('when a child logger is bound to a message id, then its lines name the message by a hash, never the id', () => {
    const { logger, lines } = capture();
    logger.child({ messageId: WEB_ID }).info({ flow: 'idle' }, 'message handled');
    logger.child({ messageId: WAMID }).info('message handled');
    const out = lines.join('');
    expect(out).not.toContain('81234567890');
    expect(out).not.toContain(WAMID.slice(6));
    const ids = lines.map((l) => JSON.parse(l).messageId);
    expect(ids).toEqual([expect.stringMatching(/^[0-9a-f]{12}$/), expect.stringMatching(/^[0-9a-f]{12}$/)]);
    expect(ids[0]).not.toBe(ids[1]);
  });

  test('when ids are logged in a call, then the same message gets the same hash in every line', () => {
    const { logger, lines } = capture();
    logger.warn({ messageId: WAMID, providerMessageId: WAMID, correlationId: WAMID }, 'holding');
    logger.child({ messageId: WAMID }).info('handled');
    const [first, second] = lines.map((l) => JSON.parse(l));
    expect(lines.join('')).not.toContain(WAMID.slice(6));
    expect(second.messageId).toBe(first.messageId);
    expect(first.providerMessageId).toBe(first.messageId);
  });
});
