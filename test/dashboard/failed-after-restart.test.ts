/**
 * The failed-messages list reads the outbox itself (Outbox.failedSince): a message that finally
 * failed before a restart is listed after it, with "Kirim ulang" — also one the desk's own
 * failure note never saw (failed before that note existed, or while the service was stopping).
 * Asserted on the page staff open after the restart, over HTTP.
 */
import { ChannelSendError, type Channel } from '../../src/channels/port';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { startTestService, type TestService } from '../support/service';
import { seedUser, WebClient } from './support';

jest.setTimeout(90_000);

let mongo: EmbeddedMongo;
const services: TestService[] = [];
afterAll(async () => {
  for (const s of services) await s.close().catch(() => undefined);
  await mongo?.stop();
});

/** Refuses for good any text that says GAGAL. */
const whatsapp: Channel = {
  name: 'whatsapp',
  async send(message) {
    if (message.text.includes('GAGAL')) throw new ChannelSendError('nomor tidak terdaftar di WhatsApp', { permanent: true });
    return { providerMessageId: `wamid.${message.id}` };
  },
};

test('a message that failed before a restart is listed after it, with "Kirim ulang"', async () => {
  mongo = await startEmbeddedMongo();
  const databaseName = 'restart_failed';
  const before = await startTestService({ mongo, databaseName });
  services.push(before);
  before.service.channels.register(whatsapp);
  await seedUser(before, 'sari', ['staff']);
  // Nothing but the outbox itself records this failure.
  before.service.outbox.removeAllListeners('failed');
  const chat = { channel: 'whatsapp' as const, chatId: '6281234500077@c.us' };
  await before.service.outbox.enqueue([{ chat, text: 'Pengingat kunjungan GAGAL terkirim', source: 'reminder' }]);
  await before.service.outbox.drain(`whatsapp:${chat.chatId}`);
  await before.close();
  services.pop();

  const after = await startTestService({ mongo, databaseName });
  services.push(after);
  const staff = new WebClient(after.baseUrl);
  expect((await staff.login('sari')).status).toBe(303);
  const page = await staff.get('/dashboard/inbox/failed');
  expect(page.status).toBe(200);
  expect(page.text).toContain('Pengingat kunjungan GAGAL terkirim');
  expect(page.text).toContain('nomor tidak terdaftar di WhatsApp');
  expect(page.text).toMatch(/<button type="submit" class="secondary">Kirim ulang<\/button>/);
  // Shown masked (the resend form's hidden field names the chat, as before).
  expect(page.text.replace(/value="[^"]*"/g, '')).not.toContain('6281234500077');
});
