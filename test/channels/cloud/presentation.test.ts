/**
 * The bot's menus and yes/no questions as WhatsApp lists and reply buttons, the text kept as
 * the body; everything else as plain text. End to end: the main menu reaches the fake Graph
 * API as a list whose rows answer with the menu numbers.
 */
import { bodyTextOf, present } from '../../../src/channels/cloud/presentation';
import { chatKeyHash } from '../../../src/applications/sealing';
import { USER, inbound, startCloudService, text, type CloudTestService } from './support/cloud-service';
import { graphError } from './support/fake-graph';

describe('present', () => {
  it('a numbered menu becomes a list whose rows answer its numbers, the text unchanged', () => {
    const menu = '*Layanan WhatsApp Dinsos*\nSilakan balas dengan angka pilihan:\n\n*1.* Persyaratan\n*2.* Alur dan waktu layanan\n*3.* Cek hasil kelayakan / status permohonan\n\nKetik *0* atau *menu*.';
    const m = present(menu) as any;
    expect(m.type).toBe('interactive');
    expect(bodyTextOf(m)).toBe(menu);
    expect(m.interactive.action.sections[0].rows).toEqual([
      { id: 't:1', title: '1. Persyaratan' },
      { id: 't:2', title: '2. Alur dan waktu…', description: 'Alur dan waktu layanan' },
      { id: 't:3', title: '3. Cek hasil kelayakan…', description: 'Cek hasil kelayakan / status permohonan' },
    ]);
    for (const row of m.interactive.action.sections[0].rows) expect(row.title.length).toBeLessThanOrEqual(24);
  });

  it('a yes/no question gets Ya and Tidak buttons', () => {
    const m = present('Apakah Bapak/Ibu ingin dihubungkan dengan petugas? Balas *ya* atau *tidak*.') as any;
    expect(m.interactive.type).toBe('button');
    expect(m.interactive.action.buttons.map((b: any) => b.reply)).toEqual([{ id: 't:ya', title: 'Ya' }, { id: 't:tidak', title: 'Tidak' }]);
  });

  it('anything else, a list not numbered from 1, or a text over the limits stays plain text', () => {
    expect(present('Terima kasih.')).toEqual({ type: 'text', text: { body: 'Terima kasih.', preview_url: false } });
    expect((present('Langkah:\n*2.* a\n*3.* b') as any).type).toBe('text');
    expect((present(`${'x'.repeat(1100)} Balas *ya* atau *tidak*`) as any).type).toBe('text');
  });
});

describe('over the Cloud API', () => {
  let t: CloudTestService;
  beforeAll(async () => {
    t = await startCloudService();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('the main menu goes as a list, and choosing a row is that menu number', async () => {
    await t.webhook(inbound(text('menu'), { at: t.clock.now() }));
    await t.settle();
    const list = t.graph.sends().find((r) => r.body.type === 'interactive' && r.body.interactive.type === 'list');
    expect(list).toBeDefined();
    const rows = list!.body.interactive.action.sections[0].rows as { id: string; title: string }[];
    expect(rows[0]).toMatchObject({ id: 't:1', title: '1. Persyaratan' });
    t.graph.requests.length = 0;
    t.clock.advance(60_000);
    await t.webhook(inbound({ type: 'interactive', interactive: { type: 'list_reply', list_reply: rows[0] } }, { at: t.clock.now() }));
    await t.settle();
    expect(bodyTextOf(t.graph.sends()[0].body)).toContain('Persyaratan');
  });

  /** What the bot sent for one message from the person. */
  async function answerTo(said: string) {
    t.graph.requests.length = 0;
    t.clock.advance(60_000);
    await t.webhook(inbound(text(said), { at: t.clock.now() }));
    await t.settle();
    return t.graph.sends();
  }

  it('an answer that numbers its items in plain digits (requirements, procedure) goes as text, not as a menu to pick from', async () => {
    for (const said of ['syarat', 'alur']) {
      const sent = await answerTo(said);
      expect(sent.some((r) => /\n1\. .*\n2\. /.test(bodyTextOf(r.body) ?? ''))).toBe(true);
      expect({ said, types: sent.map((r) => r.body.type) }).toEqual({ said, types: sent.map(() => 'text') });
    }
  });

  it('a menu whose text is over the interactive body limit (1,024) goes as text', async () => {
    await answerTo('halo'); // the window is open
    t.graph.requests.length = 0;
    const long = `${'Ringkasan pengaduan yang panjang. '.repeat(32)}\n\nBalas:\n*1.* Kirim\n*2.* Ubah\n*3.* Batalkan`;
    expect(long.length).toBeGreaterThan(1024);
    await t.service.outbox.enqueue([{ chat: { channel: 'whatsapp', chatId: USER }, text: long, source: 'bot' }]);
    await t.service.outbox.drain(`whatsapp:${USER}`);
    await t.service.outbox.idle();
    expect(t.graph.sends().map((r) => r.body.type)).toEqual(['text']);
  });

  it('a list Meta refuses for its content goes again at once as the same text, and the entry is sent', async () => {
    t.graph.script({ status: 400, body: graphError(131009, 'Parameter value is not valid', 'Row title is too long') });
    const sent = await answerTo('menu');
    expect(sent.map((r) => r.body.type)).toEqual(['interactive', 'text']);
    expect(bodyTextOf(sent[1].body)).toBe(bodyTextOf(sent[0].body));
    const entries = await t.service.db.connection.collection('outbox').find({ chatKey: chatKeyHash(t.service.modules.cipher, `whatsapp:${USER}`) }).sort({ _id: -1 }).limit(1).toArray();
    expect(entries[0]).toMatchObject({ status: 'sent', providerMessageId: expect.stringMatching(/^wamid\.FAKE/) });
  });
});
