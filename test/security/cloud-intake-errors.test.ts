/**
 * Why a Cloud API webhook item could not be handled is kept in the intake store for staff, and
 * written to the log. An error can quote what it failed on — the sender's number, a NIK typed in
 * the message, the text — so the database must hold the reason sealed (no number, no NIK, no
 * text readable) and the log must show neither the number nor the NIK. A reason written in
 * clear by the version before is sealed when the store is first used.
 */
import { createPiiCipher } from '../../src/applications/pii-crypto';
import { WebhookIntakeStore } from '../../src/channels/cloud/webhook-intake-store';
import { USER, inbound, startCloudService, text, type CloudTestService } from '../channels/cloud/support/cloud-service';
import { TEST_KEY } from '../support/service';

jest.setTimeout(60_000);

const NIK = '3204114609970001';
const NATIONAL = USER.replace(/^62/, '0');
const TYPED = `NIK saya ${NIK}, nomor ${NATIONAL}, tolong cek bantuan anak saya`;

let t: CloudTestService;
beforeAll(async () => {
  t = await startCloudService();
});
afterAll(async () => {
  await t?.close();
});

const intake = () => t.service.db.connection.collection('whatsapp_cloud_intake');

test('when handling an item fails with an error that quotes the sender and the message, then the stored reason and the log show neither the number, the NIK nor the text', async () => {
  // A downstream failure whose message echoes what it was given, as error messages do.
  t.service.engine.receive = async (m) => {
    throw new Error(`cannot store message from ${USER} (${m.chatId}): "${TYPED}"`);
  };
  expect((await t.webhook(inbound(text(TYPED)))).status).toBe(200);
  await t.service.cloud!.idle();

  const [stored] = await intake().find().toArray();
  expect(stored).toMatchObject({ state: 'pending', attempts: 1, errorSealed: true, lastError: expect.stringMatching(/^v1:/) });
  const dump = JSON.stringify(stored);
  for (const secret of [USER, USER.slice(2), NIK, 'bantuan anak']) expect([secret, dump.includes(secret)]).toEqual([secret, false]);
  // Opened for staff, the reason still says what happened, with the numbers masked.
  const opened = createPiiCipher(TEST_KEY).decrypt(stored.lastError as string);
  expect(opened).toContain('cannot store message from');
  expect(opened).not.toContain(NIK);
  expect(opened).not.toContain(USER);

  const log = t.rawLogs.join('\n');
  expect(log).toContain('WhatsApp webhook item not handled');
  for (const secret of [USER, USER.slice(2), NIK]) expect([secret, log.includes(secret)]).toEqual([secret, false]);
});

test('when an item holds a reason written in clear by the version before, then the store seals it on first use', async () => {
  await intake().insertOne({ _id: 'f'.repeat(64) as never, kind: 'message', state: 'failed', receivedAt: new Date(), seq: 0, attempts: 5, sealed: true, lastError: `bad shape from ${USER}: ${TYPED}` });
  const store = new WebhookIntakeStore(t.service.db.connection, () => t.clock.now(), createPiiCipher(TEST_KEY));
  expect(await store.sealLegacyErrors()).toBe(1);
  const doc = await intake().findOne({ _id: 'f'.repeat(64) as never });
  expect(doc).toMatchObject({ errorSealed: true, lastError: expect.stringMatching(/^v1:/) });
  expect(JSON.stringify(doc)).not.toContain(NIK);
});
