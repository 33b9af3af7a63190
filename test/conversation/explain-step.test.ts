/**
 * "maksudnya?", "ga ngerti", "kode apa?" typed at a step the bot asked: the step says what it
 * asks, why, and how to answer it, and still waits for that answer (it used to repeat the
 * same question word for word, or take the words as a name). Asserted on what the channel sent.
 */
import { loadAgencyProfile } from '../../src/agency/load-profile';
import { repliesToLast } from '../support/chat';
import { startTestService, type TestService } from '../support/service';

let t: TestService;
let n = 0;
const phone = () => `6281344${String(++n).padStart(6, '0')}`;

beforeAll(async () => {
  t = await startTestService({ agency: 'kutai-kartanegara', now: '2026-11-23T02:00:00Z' });
});
afterAll(async () => {
  await t.close();
});

const chat = (from: string, lines: string[]) => repliesToLast(t, from, lines);

test('when asked whether to hide their identity, then "maksudnya apa?" is told who sees what, and "1" still answers it', async () => {
  const from = phone();
  const explained = await chat(from, ['mau lapor petugas bentak saya di loket kemarin siang', 'selesai', 'lewati', 'lewati', 'maksudnya apa?']);
  expect(explained).toContain('hanya atasan (supervisor) dan admin');
  expect(explained).toContain('*1.* Ya, rahasiakan');
  const summary = await chat(from, ['1']);
  expect(summary).toContain('Identitas dirahasiakan: Ya');
});

test('when asked for the name, then "gak ngerti" is told why and that it may be skipped, never taken as the name', async () => {
  const from = phone();
  const explained = await chat(from, ['mau lapor petugas bentak saya di loket kemarin siang', 'selesai', 'gak ngerti']);
  expect(explained).toContain('Tidak wajib');
  expect(explained).not.toContain('Nama dicatat');
  expect(await chat(from, ['Rahmat Hidayat'])).toContain('kirim *NIK*');
  expect(await chat(from, ['lewati', '2'])).toContain('Nama: Rahmat Hidayat');
});

test('when asked for the verification code, then "kode apa?" is told where it is printed, and the step still takes "tidak"', async () => {
  const from = phone();
  const explained = await chat(from, ['cek status', '6402014609970021', 'kode apa?']);
  expect(explained).toContain('tanda terima yang diberikan loket');
  expect(await chat(from, ['tidak'])).toContain('Tanpa kode verifikasi');
});

test('when asked whether the need is urgent, then "maksudnya?" names both routes from the standard, and "2" still answers it', async () => {
  const profile = loadAgencyProfile('flows', 'kutai-kartanegara');
  const emergency = profile.procedure.routes.find((r) => r.id === 'emergency')!;
  const from = phone();
  const explained = await chat(from, ['alur daftarnya gimana', 'maksudnya?']);
  expect(explained).toContain(`*${emergency.name}*`);
  expect(explained).toContain('*2.* Tidak mendesak');
  expect(await chat(from, ['2'])).toContain(profile.procedure.steps[0]);
});

test('when asked for a ticket number, then "nomor tiket apa" is told where it was sent', async () => {
  const from = phone();
  const explained = await chat(from, ['cek pengaduan', 'nomor tiket apa']);
  expect(explained).toContain('pesan konfirmasi saat pengaduan dikirim');
});

test('when asked whether to hide their identity, then a question what it means that also asks something else ("…, nanti tetap diproses kah") is explained, never taken as "Tidak"', async () => {
  const from = phone();
  const explained = await chat(from, ['mau lapor petugas bentak saya di loket kemarin siang', 'selesai', 'lewati', 'lewati', 'maksudnya dirahasiakan tu gmn? nanti ga diproses kah']);
  expect(explained).toContain('hanya atasan (supervisor) dan admin');
  expect(explained).not.toContain('Ringkasan pengaduan');
});

test('when a NIK comes with "tidak punya kode" in one message, or the code step is answered "tanda terima apa, sy ga dapat kertas apa2", then the bot says where else to go instead of asking for the code again', async () => {
  const together = await chat(phone(), ['cek status', 'ini nik sy 6402055508930002, tp sy ga punya kode verifikasi']);
  expect(together).toContain('Tanpa kode verifikasi');
  const from = phone();
  await chat(from, ['cek status', '6402054107890003']);
  expect(await chat(from, ['tanda terima apa, sy ga dapat kertas apa2 waktu itu'])).toContain('Tanpa kode verifikasi');
});

test('when a complaint names a visit by an officer but no conduct ("didatangi petugas, tp ga ada kabar, kartu mati"), then its topic is not the officer\'s conduct; "petugas" alone at the topic step still is', async () => {
  const guessed = await chat(phone(), ['mau mengadu, udh sebulan lebih didatangi petugas tp ga ada kabar hasilnya, kartu mati']);
  expect(guessed).not.toContain('Sikap atau perilaku petugas');
});

test('when a fee question is about the hospital\'s bill ("biaya rumah sakitnya"), then the bot says the standard does not cover it, not only that the office is free', async () => {
  const bill = await chat(phone(), ['kalo sy berobat pake umum dulu, biaya rumah sakitnya gmn?']);
  expect(bill).toContain('Biaya rumah sakit, klinik atau puskesmas *tidak diatur*');
  // Kukar's standard registers people already in hospital: that route is named.
  expect(bill).toContain('*jalur emergency*: ketik *darurat*');
});

test('when asked for the NIK, then a NIK written in groups inside a sentence about something else ("nik sy 6402 0555 …, tp berkasnya atas nama anak sy") is the answer', async () => {
  expect(await chat(phone(), ['cek status', 'nik sy 6402 0562 0391 0004, tp berkasnya atas nama anak sy, dia blm pny ktp'])).toContain('*kode verifikasi*');
});
