/**
 * Hostile and odd input to the conversation: random Unicode, 64 KB texts, control characters,
 * right-to-left text, emoji floods and NIK-like digit runs always get a polite reply, never a
 * crash, and nothing stored breaks later reads.
 */
import { startTestService, type TestService } from '../support/service';

let t: TestService;
beforeAll(async () => {
  t = await startTestService();
});
afterAll(async () => {
  await t.close();
});

/** Deterministic pseudo-random generator: a failing case can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

function randomUnicode(random: () => number, length: number): string {
  let out = '';
  while (out.length < length) {
    const cp = Math.floor(random() * 0x2ffff);
    if (cp >= 0xd800 && cp <= 0xdfff) continue; // lone surrogates are not valid text
    out += String.fromCodePoint(cp);
  }
  return out;
}

const HOSTILE: [string, string][] = [
  ['64 KB of text', 'syarat '.repeat(9362).slice(0, 65_536)],
  ['control characters', '\u0000\u0001\u0007\b\u001b[31mhalo\u001b[0m\r\n\t\u007f'],
  ['right-to-left text', '\u202eكيف حالك \u202dمرحبا syarat'],
  ['an emoji flood', '😀🙏🏽👨‍👩‍👧‍👦🇮🇩'.repeat(800)],
  ['NIK-like digit runs', '1234567890123456789012345 0000000000000000 99999999999999999999'],
  ['a NIK on its own', '3204110609970001'],
  ['a MongoDB operator', '{"$gt": ""} $where: sleep(1000)'],
  ['HTML', '<script>alert(1)</script><img src=x onerror=alert(1)>'],
  ['only whitespace and zero-width characters', ' \u200b\u200c\u200d\ufeff '],
];

describe('when the engine is fed hostile input', () => {
  test.each(HOSTILE)('then %s gets a polite reply and the chat keeps working', async (_name, text) => {
    const phone = `628155${String(HOSTILE.findIndex(([, x]) => x === text)).padStart(6, '0')}`;
    const replies = await t.send(phone, text);
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) expect(reply.length).toBeLessThanOrEqual(4000);
    expect(replies.join('\n')).not.toMatch(/gangguan/); // the error reply means something threw
    // Later reads of the same chat still work.
    expect((await t.send(phone, 'menu')).join('\n')).toContain('*1.* Persyaratan');
  });

  test('then 200 random Unicode messages each get a reply without an error', async () => {
    const random = rng(20261123);
    for (let i = 0; i < 200; i++) {
      const phone = `62816${String(i % 20).padStart(7, '0')}`;
      const replies = await t.send(phone, randomUnicode(random, 1 + Math.floor(random() * 300)));
      expect(replies.length).toBeGreaterThan(0);
      expect(replies.join('\n')).not.toMatch(/gangguan/);
    }
    const history = await t.service.db.connection.collection('messages').countDocuments({ direction: 'in' });
    expect(history).toBeGreaterThanOrEqual(200);
  });

  test('then stored chat history never holds a NIK', async () => {
    const docs = await t.service.db.connection.collection('messages').find({}).toArray();
    expect(docs.length).toBeGreaterThan(0);
    // Texts are sealed at rest: opened, they still hold no NIK.
    expect(JSON.stringify(docs.map((d) => ({ ...d, text: t.service.modules.cipher.decrypt(d.text as string) })))).not.toMatch(/3204110609970001/);
  });
});
