/**
 * Every inbound Cloud API message type → the engine's inbound message, and status objects →
 * delivery reports (payload shapes from Meta's webhook reference).
 */
import { toDeliveryReport, toInbound } from '../../../src/channels/cloud/inbound-mapper';
import { cloudMessageSchema, cloudStatusSchema } from '../../../src/channels/cloud/webhook-schema';
import { inboundMessageSchema } from '../../../src/conversation/inbound';

const base = { from: '6281234567890', id: 'wamid.HBgLNjI4MTIzNDU2Nzg5MBUCABIYFDNBMDQ', timestamp: '1764590400' };
const map = (content: Record<string, unknown>, name?: string) => {
  const input = toInbound(cloudMessageSchema.parse({ ...base, ...content }), name);
  return input && inboundMessageSchema.parse(input);
};

describe('inbound messages', () => {
  it('text, with the sender, the phone in E.164 and the time Meta stamped', () => {
    expect(map({ type: 'text', text: { body: 'syarat daftar PBI' } }, 'Siti')).toMatchObject({
      channel: 'whatsapp', messageId: base.id, chatId: base.from, phone: '+6281234567890', type: 'text', text: 'syarat daftar PBI', senderName: 'Siti', receivedAt: new Date(1764590400 * 1000),
    });
  });

  it('a foreign number keeps its own country code', () => {
    expect(map({ from: '85291234567', type: 'text', text: { body: 'hi' } })).toMatchObject({ chatId: '85291234567', phone: '+85291234567' });
  });

  it('interactive replies: our `t:` ids as their text, others by the title shown', () => {
    expect(map({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 't:3', title: 'Jadwal', description: 'kunjungan' } } })).toMatchObject({ type: 'text', text: '3' });
    expect(map({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 't:ya', title: 'Ya, benar' } } })).toMatchObject({ type: 'text', text: 'ya' });
    expect(map({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'cancel-button', title: 'batal' } } })).toMatchObject({ type: 'text', text: 'batal' });
    expect(map({ type: 'button', button: { payload: 'STOP', text: 'Berhenti' } })).toMatchObject({ type: 'text', text: 'Berhenti' });
  });

  it('location keeps its name and address; a contact card nothing', () => {
    expect(map({ type: 'location', location: { latitude: -3.3194, longitude: 114.5908, name: 'Kantor Kelurahan', address: 'Jl. Pangeran Antasari' } })).toMatchObject({ type: 'location', text: 'Kantor Kelurahan, Jl. Pangeran Antasari' });
    expect(map({ type: 'location', location: { latitude: -3.3194, longitude: 114.5908 } })).toMatchObject({ type: 'location', text: '-3.3194,114.5908' });
    expect(map({ type: 'contacts', contacts: [{ name: { formatted_name: 'Budi' }, phones: [{ phone: '+62 812-0000-1111', wa_id: '6281200001111' }] }] })).toMatchObject({ type: 'contact', text: '' });
  });

  it('media by id: the type, the caption as text, the id for a flow that keeps attachments', () => {
    const image = { type: 'image', image: { id: '1479537139650973', mime_type: 'image/jpeg', sha256: 'abc', caption: 'foto KK' } };
    expect(map(image)).toMatchObject({ type: 'image', text: 'foto KK', media: { id: '1479537139650973', mimeType: 'image/jpeg' } });
    expect(map({ type: 'document', document: { id: '77', filename: 'surat.pdf', mime_type: 'application/pdf' } })).toMatchObject({ type: 'document', text: '', media: { id: '77', filename: 'surat.pdf' } });
    expect(map({ type: 'text', text: { body: 'x' } })).not.toHaveProperty('media');
    expect(map({ type: 'audio', audio: { id: '78', mime_type: 'audio/ogg; codecs=opus', voice: true } })).toMatchObject({ type: 'voice' });
    expect(map({ type: 'audio', audio: { id: '79', mime_type: 'audio/mpeg' } })).toMatchObject({ type: 'audio' });
    expect(map({ type: 'sticker', sticker: { id: '80', mime_type: 'image/webp' } })).toMatchObject({ type: 'sticker' });
    expect(map({ type: 'video', video: { id: '81', mime_type: 'video/mp4' } })).toMatchObject({ type: 'video' });
  });

  it('unsupported types are `other`; reactions and system notices are not messages at all', () => {
    expect(map({ type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] })).toMatchObject({ type: 'other', text: '' });
    expect(map({ type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '👍' } })).toBeNull();
    expect(map({ type: 'system', system: { body: 'changed number' } })).toBeNull();
  });

  it('refuses a message without a sender or id', () => {
    expect(cloudMessageSchema.safeParse({ id: 'x', timestamp: '1', type: 'text' }).success).toBe(false);
    expect(cloudMessageSchema.safeParse({ from: '628123', timestamp: '1', type: 'text' }).success).toBe(false);
  });
});

describe('status reports', () => {
  const status = (s: Record<string, unknown>) => toDeliveryReport(cloudStatusSchema.parse({ id: 'wamid.OUT1', timestamp: '1764590460', recipient_id: base.from, ...s }));

  it('sent, delivered and read carry the wamid, the echoed outbox id and the time', () => {
    expect(status({ status: 'delivered', biz_opaque_callback_data: '65a0' })).toEqual({ channel: 'whatsapp', providerMessageId: 'wamid.OUT1', outboxId: '65a0', status: 'delivered', at: new Date(1764590460 * 1000) });
    expect(status({ status: 'read' })?.status).toBe('read');
  });

  it('failed carries Meta\'s code, explained for staff when it is a code they meet, else Meta\'s details', () => {
    expect(status({ status: 'failed', errors: [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: 'Message failed to send because more than 24 hours have passed' } }] })?.error).toEqual({
      code: '131047', reason: expect.stringContaining('lebih dari 24 jam sejak warga terakhir menulis'),
    });
    expect(status({ status: 'failed', errors: [{ code: 135000, title: 'Generic user error', error_data: { details: 'Something odd' } }] })?.error).toEqual({ code: '135000', reason: 'Something odd' });
  });

  it('other statuses (deleted, warning) are not delivery reports', () => {
    expect(status({ status: 'deleted' })).toBeNull();
  });
});
