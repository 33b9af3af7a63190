/**
 * Notifications to applicants through the outbox, seen in the simulator chat: a status change,
 * a scheduled visit, the day-before reminder (once), and "berhenti" / "mulai".
 */
import { chatForPhone } from '../../src/channels/phone-chat';
import { ChannelRegistry } from '../../src/channels/port';
import { VISIT_REMINDER_JOB } from '../../src/applications/visit-reminders';
import { startTestService, type TestService } from '../support/service';
import { createApplication, newPhone } from './fixtures';

let t: TestService;
const START = '2026-11-23T02:00:00Z'; // Monday 10:00 WITA

beforeAll(async () => {
  t = await startTestService({ now: START });
});
afterAll(async () => {
  await t.close();
});
afterEach(() => t.clock.set(START));

let seq = 0;
const nextNumber = () => `BJM/2026/2${String(++seq).padStart(4, '0')}`;
/** Notifications (not bot replies) the phone received. */
const notices = async (phone: string) => (await t.transcript(phone)).filter((m: any) => m.direction === 'out' && (m.source === 'notification' || m.source === 'reminder')).map((m) => m.text);
const reminders = () => t.service.jobs.find((j) => j.name === VISIT_REMINDER_JOB)!;

test('when staff change the status, then every number on the application gets the new status with its meaning and next step', async () => {
  const [a, b] = [newPhone(), newPhone()];
  const id = await createApplication(t, { registrationNumber: nextNumber(), phones: [a, b], status: 'verifikasi_dijadwalkan' });
  expect(await notices(a)).toEqual([]);
  const res = await t.api('PATCH', `/api/v1/applications/${id}/status`, { status: 'tidak_layak', reason: 'Tidak memenuhi kriteria desil 1-5' });
  expect(res.status).toBe(200);
  for (const phone of [a, b]) {
    const [notice] = await notices(phone);
    expect(notice).toContain('🔔 *Pemberitahuan Dinsos Banjarmasin*');
    expect(notice).toContain('Status: *Tidak layak diusulkan*');
    expect(notice).toContain('Alasan: Tidak memenuhi kriteria desil 1-5');
    expect(notice).toContain('*Langkah berikutnya:* Bila ada pertanyaan atau keberatan');
    expect(notice).toContain('Ketik *berhenti*');
  }
});

test('when the applicant sent "berhenti", then status changes are not sent; after "mulai" they are again', async () => {
  const phone = newPhone();
  const id = await createApplication(t, { registrationNumber: nextNumber(), phones: [phone] });
  expect((await t.send(phone, 'berhenti')).join('\n')).toContain('tidak akan lagi menerima pemberitahuan');
  await t.api('PATCH', `/api/v1/applications/${id}/status`, { status: 'menunggu_verifikasi' });
  expect(await notices(phone)).toEqual([]);
  expect((await t.send(phone, 'mulai')).join('\n')).toContain('diaktifkan kembali');
  await t.api('PATCH', `/api/v1/applications/${id}/status`, { status: 'layak' });
  expect(await notices(phone)).toEqual([expect.stringContaining('Status: *Layak diusulkan*')]);
});

test('when staff marked the application as not to be notified, then nothing is sent', async () => {
  const phone = newPhone();
  const id = await createApplication(t, { registrationNumber: nextNumber(), phones: [phone], notificationsOptOut: true });
  await t.api('PATCH', `/api/v1/applications/${id}/status`, { status: 'menunggu_verifikasi' });
  expect(await notices(phone)).toEqual([]);
});

test('when a home visit is scheduled, then the applicant is told, and the day before gets exactly one reminder', async () => {
  const phone = newPhone();
  const id = await createApplication(t, { registrationNumber: nextNumber(), phones: [phone], status: 'menunggu_verifikasi' });
  await t.api('PUT', `/api/v1/applications/${id}/visit`, { date: '2026-11-26', timeWindow: '09:00-12:00' });
  expect(await notices(phone)).toEqual([expect.stringContaining('dijadwalkan pada *Kamis, 26 November 2026*, pukul 09.00–12.00 WITA')]);

  await reminders().run(); // Monday: the visit is not tomorrow
  expect(await notices(phone)).toHaveLength(1);
  t.clock.set('2026-11-24T23:00:00Z'); // Wednesday 07:00 WITA
  await reminders().run();
  await reminders().run();
  const sent = await notices(phone);
  expect(sent).toHaveLength(2);
  expect(sent[1]).toContain('⏰ *Pengingat kunjungan verifikasi*\nBesok, *Kamis, 26 November 2026*, pukul 09.00–12.00 WITA');
});

test('when a visit is moved to another day, then the new day gets its own reminder', async () => {
  const phone = newPhone();
  const id = await createApplication(t, { registrationNumber: nextNumber(), phones: [phone], status: 'menunggu_verifikasi' });
  await t.api('PUT', `/api/v1/applications/${id}/visit`, { date: '2026-11-24', timeWindow: '13:00-15:00' });
  await reminders().run(); // Monday: reminder for Tuesday's visit
  await t.api('PUT', `/api/v1/applications/${id}/visit`, { date: '2026-11-27', timeWindow: '09:00-11:00' });
  t.clock.set('2026-11-25T23:00:00Z'); // Thursday 07:00 WITA
  await reminders().run();
  const sent = await notices(phone);
  expect(sent.filter((s) => s.includes('Pengingat'))).toEqual([expect.stringContaining('Selasa, 24 November 2026'), expect.stringContaining('Jumat, 27 November 2026')]);
});

test('when WhatsApp is on, then notifications go to the @c.us chat of the number; the simulator only when it runs instead', () => {
  const running = (...names: ('whatsapp' | 'simulator')[]) => {
    const registry = new ChannelRegistry();
    for (const name of names) registry.register({ name, send: async () => undefined });
    return registry;
  };
  expect(chatForPhone(running('whatsapp', 'simulator'), '+6281234567890')).toEqual({ channel: 'whatsapp', chatId: '6281234567890@c.us' });
  expect(chatForPhone(running('simulator'), '+6281234567890')).toEqual({ channel: 'simulator', chatId: '6281234567890' });
  // Neither running: nobody is reached, and certainly not through the simulator.
  expect(chatForPhone(running(), '+6281234567890')).toBeNull();
});

test('the reminder job runs every morning at 07:00 in the office time zone', () => {
  expect(reminders()).toMatchObject({ schedule: '0 7 * * *', timeZone: 'Asia/Makassar' });
});
