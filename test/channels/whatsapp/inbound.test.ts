// Inbound WhatsApp messages reach the engine mapped to our schema: only one-to-one chats,
// every message type, @lid senders resolved when WhatsApp shares the number, and the office's
// own messages typed on the phone passed on as fromMe (but never the echoes of our own sends).
import { inboundMessageSchema } from '../../../src/conversation/inbound';
import { InboundValidationError } from '../../../src/conversation/engine';
import { waMessage, type MessageSpec } from './support/fake-client';
import { settle } from './support/fake-timers';
import { startHarness, type Harness } from './support/harness';

const PERSON = '6281234567890@c.us';
const LID = '123456789012345@lid';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function linked(options: Parameters<typeof startHarness>[0] = {}) {
  h = await startHarness(options);
  await h.ready();
  return h;
}

async function deliver(spec: MessageSpec) {
  const msg = waMessage(spec);
  h.client.emitMessage(msg);
  await settle(20);
  return msg;
}

describe('WhatsApp inbound', () => {
  it('when a person sends a text, then the engine receives it once, mapped to the inbound schema', async () => {
    await linked();
    const msg = await deliver({ from: PERSON, body: 'Halo, saya mau tanya PBI', notifyName: 'Ibu Sari' });
    expect(h.received).toHaveLength(1);
    const input = h.received[0];
    expect(input).toEqual({
      channel: 'whatsapp',
      messageId: msg.id._serialized,
      chatId: PERSON,
      phone: '+6281234567890',
      chatKind: 'direct',
      fromMe: false,
      type: 'text',
      text: 'Halo, saya mau tanya PBI',
      receivedAt: new Date(msg.timestamp * 1000),
      senderName: 'Ibu Sari',
    });
    expect(inboundMessageSchema.safeParse(input).success).toBe(true);
    expect(h.transport.state().lastInboundAt).toEqual(new Date(h.timers.now()));
  });

  it.each([
    [{ type: 'chat', body: 'menu' }, 'text', 'menu'],
    [{ type: 'image', hasMedia: true, body: 'foto KTP' }, 'image', 'foto KTP'],
    [{ type: 'album', hasMedia: true, body: '' }, 'image', ''],
    [{ type: 'video', hasMedia: true, body: '' }, 'video', ''],
    [{ type: 'audio', hasMedia: true, body: '' }, 'audio', ''],
    [{ type: 'ptt', hasMedia: true, body: '' }, 'voice', ''],
    [{ type: 'sticker', hasMedia: true, body: '' }, 'sticker', ''],
    [{ type: 'document', hasMedia: true, body: 'surat keterangan.pdf' }, 'document', 'surat keterangan.pdf'],
    [{ type: 'location', body: '/9j/4AAQSkZJRgABAQ', location: { latitude: '-3.3194', longitude: '114.5908', name: 'Kantor Dinsos' } }, 'location', 'Kantor Dinsos'],
    [{ type: 'location', body: '/9j/4AAQSkZJRgABAQ', location: { latitude: '-3.3194', longitude: '114.5908' } }, 'location', '-3.3194,114.5908'],
    [{ type: 'vcard', body: 'BEGIN:VCARD\nTEL:+6281111111111\nEND:VCARD' }, 'contact', ''],
    [{ type: 'multi_vcard', body: '' }, 'contact', ''],
    [{ type: 'poll_creation', body: 'Pilih jadwal' }, 'other', 'Pilih jadwal'],
    [{ type: 'buttons_response', body: 'Ya' }, 'text', 'Ya'],
    [{ type: 'unknown', body: '' }, 'other', ''],
  ] as [MessageSpec, string, string][])('when a %j message arrives, then it is mapped to type %s with text %j', async (spec, type, text) => {
    await linked();
    await deliver({ from: PERSON, ...spec });
    expect(h.received).toHaveLength(1);
    expect(h.received[0]).toMatchObject({ type, text });
    expect(inboundMessageSchema.safeParse(h.received[0]).success).toBe(true);
  });

  it.each([['revoked'], ['call_log'], ['e2e_notification'], ['notification_template'], ['protocol'], ['reaction'], ['gp2'], ['ciphertext']] as const)(
    'when WhatsApp delivers a %s system event as a message, then the engine never sees it',
    async (type) => {
      await linked();
      await deliver({ from: PERSON, type, body: '' });
      expect(h.received).toHaveLength(0);
    },
  );

  it.each([
    ['a group', { from: '120363012345678901@g.us', author: PERSON }],
    ['a status update', { from: 'status@broadcast', author: PERSON, isStatus: true }],
    ['a broadcast list', { from: PERSON, broadcast: true }],
    ['a channel (newsletter)', { from: '120363099999999999@newsletter' }],
    ['an unknown kind of id', { from: '0@s.whatsapp.net' }],
  ] as [string, MessageSpec][])('when a message comes from %s, then it is ignored', async (_what, spec) => {
    await linked();
    await deliver(spec);
    expect(h.received).toHaveLength(0);
  });

  it('when the library leaves id._serialized undefined (current WhatsApp Web builds), then the id is rebuilt from its parts and the message arrives', async () => {
    await linked();
    const msg = waMessage({ from: PERSON, body: 'syarat apa saja', id: 'ABCDEF123' });
    const broken = { ...msg, id: { ...msg.id, _serialized: undefined as unknown as string } };
    h.client.emitMessage(broken);
    await settle(20);
    expect(h.received.map((m) => m.messageId)).toEqual([`false_${PERSON}_ABCDEF123`]);
    // A redelivery with the id intact is the same message.
    expect(msg.id._serialized).toBe(`false_${PERSON}_ABCDEF123`);
  });

  it('when a sender arrives as @lid and WhatsApp shares the number, then the phone is filled and the chat keeps the LID', async () => {
    await linked({ configure: (c) => c.lids.set(LID, '6281298765432@c.us') });
    await deliver({ from: LID, body: 'cek status' });
    await deliver({ from: LID, body: 'lagi' });
    expect(h.received.map((m) => [m.chatId, m.phone])).toEqual([
      [LID, '+6281298765432'],
      [LID, '+6281298765432'],
    ]);
    expect(h.client.lidLookups).toBe(1); // remembered
  });

  it('when a @lid sender has no known number, then phone is null and no digits are read out of the LID', async () => {
    await linked();
    await deliver({ from: '6281234567890@lid', body: 'halo' });
    expect(h.received[0]).toMatchObject({ chatId: '6281234567890@lid', phone: null });
  });

  it('when the LID lookup fails in the browser, then the message still arrives (phone null) and the next one asks again', async () => {
    await linked({ configure: (c) => c.lids.set(LID, '6281298765432@c.us') });
    h.client.lidLookupFails = true;
    await deliver({ from: LID });
    h.client.lidLookupFails = false;
    await deliver({ from: LID });
    expect(h.received.map((m) => m.phone)).toEqual([null, '+6281298765432']);
  });

  it('when the office types a reply on the phone, then the engine receives it as fromMe (the handoff signal)', async () => {
    await linked();
    const typed = await deliver({ fromMe: true, to: PERSON, body: 'Baik Bu, saya bantu langsung.' });
    expect(h.received).toEqual([
      expect.objectContaining({ messageId: typed.id._serialized, chatId: PERSON, phone: '+6281234567890', fromMe: true, text: 'Baik Bu, saya bantu langsung.' }),
    ]);
    expect(h.received[0].senderName).toBeUndefined();
    expect(h.transport.state().lastInboundAt).toBeUndefined();
  });

  it('when our own outbox message echoes back as message_create, then it is not taken for the office typing', async () => {
    await linked();
    h.client.addChat(PERSON);
    const sending = h.transport.send({ id: 'o1', chatId: PERSON, text: 'Terima kasih.', correlationId: null, source: 'bot' });
    await h.timers.advanceUntil(() => h.client.sent.length === 1);
    await sending;
    await settle(20);
    expect(h.received).toHaveLength(0);
  });

  it('when the echo of our send arrives before sendMessage resolves, then it is still recognised as ours', async () => {
    await linked();
    h.client.addChat(PERSON);
    h.client.echoBeforeResolve = true;
    const sending = h.transport.send({ id: 'o2', chatId: PERSON, text: 'Berkas diterima.', correlationId: null, source: 'bot' });
    await h.timers.advanceUntil(() => h.client.sent.length === 1);
    await sending;
    await settle(20);
    expect(h.received).toHaveLength(0);
  });

  it('when the office replies to a @c.us id of someone whose conversation arrived as @lid, then the handoff hits that conversation', async () => {
    await linked({ configure: (c) => c.lids.set(LID, '6281298765432@c.us') });
    await deliver({ from: LID, body: 'tolong dibantu' });
    await deliver({ fromMe: true, to: '6281298765432@c.us', body: 'Siap, kami bantu.' });
    expect(h.received.map((m) => [m.fromMe, m.chatId])).toEqual([
      [false, LID],
      [true, LID],
    ]);
  });

  it('when the office writes a note to itself, then nothing reaches the engine', async () => {
    await linked();
    await deliver({ fromMe: true, from: '6281100000000@c.us', to: '6281100000000@c.us', body: 'catatan' });
    expect(h.received).toHaveLength(0);
  });

  it('when the first message of a chat waits on a slow LID lookup, then the engine still gets the chat in order', async () => {
    await linked({ configure: (c) => c.lids.set(LID, '6281298765432@c.us') });
    const original = h.client.getContactLidAndPhone.bind(h.client);
    h.client.getContactLidAndPhone = async (ids) => {
      await new Promise((r) => setTimeout(r, 30));
      return original(ids);
    };
    h.client.emitMessage(waMessage({ from: LID, body: 'satu' }));
    h.client.emitMessage(waMessage({ from: LID, body: 'dua' }));
    await new Promise((r) => setTimeout(r, 80));
    await settle(20);
    expect(h.received.map((m) => m.text)).toEqual(['satu', 'dua']);
  });

  it('when the engine fails for a moment (database hiccup), then the message is retried and not lost', async () => {
    let calls = 0;
    await linked({
      receive: async () => {
        if (++calls < 3) throw new Error('connection reset');
      },
    });
    await deliver({ from: PERSON, body: 'halo' });
    await h.timers.advance(10_000);
    expect(calls).toBe(3);
  });

  it('when the engine rejects a message as invalid, then it is not retried', async () => {
    let calls = 0;
    await linked({
      receive: async () => {
        calls++;
        throw new InboundValidationError([]);
      },
    });
    await deliver({ from: PERSON });
    await h.timers.advance(60_000);
    expect(calls).toBe(1);
  });

  it('when the link comes back, then recent unread one-to-one messages are read back (old ones, groups and our own are not)', async () => {
    h = await startHarness();
    const now = Math.floor(h.timers.now() / 1000);
    const recent = waMessage({ from: PERSON, body: 'masih ada?', timestamp: now - 600 });
    const old = waMessage({ from: PERSON, body: 'minggu lalu', timestamp: now - 7 * 86_400 });
    const mine = waMessage({ fromMe: true, to: PERSON, body: 'jawaban', timestamp: now - 300 });
    h.client.addChat(PERSON, 3, [old, mine, recent]);
    h.client.addChat('120363012345678901@g.us', 5, [waMessage({ from: '120363012345678901@g.us', author: PERSON })]);
    h.client.addChat('6289900000000@c.us', 0, [waMessage({ from: '6289900000000@c.us' })]);
    await h.ready();
    await settle(20);
    expect(h.received.map((m) => m.messageId)).toEqual([recent.id._serialized]);
  });

  it('when messages are handled, then no phone number, LID or message text reaches the log', async () => {
    await linked({ configure: (c) => c.lids.set(LID, '6281298765432@c.us') });
    await deliver({ from: LID, body: 'NIK saya 3204114609970001' });
    await deliver({ from: '120363012345678901@g.us', author: PERSON });
    await deliver({ fromMe: true, to: PERSON, body: 'rahasia' });
    const text = h.logs.join('\n');
    expect(h.received.length).toBeGreaterThan(0);
    for (const secret of ['6281298765432', '123456789012345', '6281234567890', '3204114609970001', 'rahasia']) expect(text).not.toContain(secret);
  });
});
