/**
 * Phone numbers typed in free text that is kept (complaint bodies, notes, chat history) and in
 * log lines: every way people group them is masked, as NIKs are with the NIK finder's separators
 * (a space run, or a dot, dash or en dash however spaced), and brackets around the prefix.
 */
import { Writable } from 'node:stream';
import { maskPersonalNumbers } from '../../src/applications/personal-numbers';
import { createLogger } from '../../src/logging/logger';

const DIGITS = '81377788009';
const SPELLINGS = [
  '0813-7778-8009',
  '0813 - 7778 - 8009',
  '0813  7778  8009',
  '0813 – 7778 – 8009',
  '0813–7778–8009',
  '(0813) 7778 8009',
  '(0813) 7778-8009',
  '+62 813 - 7778 - 8009',
  '+62 (813) 7778 8009',
  '62 813  7778  8009',
];
/** The digits of every number in the text, whatever was typed between them. */
const joinDigits = (text: string) => text.replace(/(?<=\d)\D{1,4}(?=\d)/g, '');

test.each(SPELLINGS)('when a complaint body holds the number as %j, then what is kept holds no part of it but the last digits', (spelling) => {
  const kept = maskPersonalNumbers(`Tolong hubungi saya di ${spelling} ya pak.`);
  expect(joinDigits(kept)).not.toContain('7778');
  expect(kept).toMatch(/^Tolong hubungi saya di \S+\*\*\*\*009 ya pak\.$/);
});

test.each(SPELLINGS)('when a log line holds the number as %j, then the line does not', (spelling) => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) }) });
  logger.info({ url: `/api/v1/applications?q=${spelling}` }, `dicari ${spelling}`);
  expect(joinDigits(lines.join(''))).not.toContain(DIGITS.slice(3, 7));
});

test('when text holds times, dates and amounts, then they are kept', () => {
  const text = 'Buka 08.00–12.00, tanggal 05-12-2026, biaya Rp 10.000, RT 02 RW 03.';
  expect(maskPersonalNumbers(text)).toBe(text);
});
