/**
 * Answers to the complaint's own questions as a fresh audit's personas typed them (2026-12-03):
 * a refused name in chat spelling ("sy gmau ksh nama", "gmau pk anonim aj") is no name; a name
 * given after all at a later step ("… pakai nama aja lah ngarannya Rahmadi bin Saleh") is taken;
 * "1 aja" picks 1; and a message whose last sentence cancels ("… takut nanti malah lama. batal
 * aja", "batal pengaduannya") cancels instead of joining the complaint's text. Asserted on what
 * the channel sent.
 */
import { repliesToLast } from '../support/chat';
import { startTestService, type TestService } from '../support/service';

let t: TestService;
let n = 0;
const phone = () => `6281366${String(++n).padStart(6, '0')}`;
const STORY = 'mau lapor petugas survei minta uang 200rb waktu ke rumah saya';

beforeAll(async () => {
  t = await startTestService({ agency: 'banjarmasin', now: '2026-11-23T02:00:00Z' });
});
afterAll(async () => {
  await t.close();
});

const chat = (from: string, lines: string[]) => repliesToLast(t, from, lines);

test.each(['sy gmau ksh nama', 'gmau pk anonim aj', 'anonim aja', 'kd usah nama'])('when the name is refused as "%s", then no name is kept and the NIK is asked next', async (refusal) => {
  const from = phone();
  const reply = await chat(from, [STORY, 'selesai', refusal]);
  expect(reply).toContain('tanpa nama');
  expect(reply).not.toContain('Nama dicatat');
  expect(await chat(from, ['lewati', '2'])).toContain('Nama: (tanpa nama)');
});

test('when a name is given after all at the NIK step, then it is taken and the NIK is asked again', async () => {
  const from = phone();
  const reply = await chat(from, [STORY, 'selesai', 'lewati', 'eh kd jadi, pakai nama aja lah ngarannya Rahmadi bin Saleh']);
  expect(reply).toContain('Nama dicatat: *Rahmadi bin Saleh*');
  expect(reply).toContain('kirim *NIK*');
  expect(await chat(from, ['lewati', '2'])).toContain('Nama: Rahmadi bin Saleh');
});

test('when asked whether to hide the identity, then "maksudnya? petugas lain tu siapa" is explained and "1 aja" answers it', async () => {
  const from = phone();
  const explained = await chat(from, [STORY, 'selesai', 'lewati', 'lewati', 'maksudnya? petugas lain tu siapa']);
  expect(explained).toContain('hanya atasan (supervisor) dan admin');
  expect(await chat(from, ['1 aja'])).toContain('Identitas dirahasiakan: Ya');
});

test.each(['eh mo jadi lah, takut nanti malah lama. batal aja', 'batal pengaduannya'])('when the complaint\'s text goes on with "%s", then it is cancelled, not written into the complaint', async (line) => {
  const from = phone();
  const reply = await chat(from, [STORY, line]);
  expect(reply).toContain('dibatalkan');
  expect(reply).not.toContain('Dicatat');
});

test('when the guessed topic is set aside ("bukan loket"), then the topic is asked, the text so far kept, and the line is not written into it', async () => {
  const from = phone();
  await chat(from, ['mau lapor, antrian di loket kacau sekali kemarin']);
  expect(await chat(from, ['bukan loket'])).toContain('Pengaduan tentang apa');
  await chat(from, ['5', 'selesai', 'lewati', 'lewati']);
  const summary = await chat(from, ['2']);
  expect(summary).toContain('Topik: Lainnya');
  expect(summary).toContain('antrian di loket kacau');
  expect(summary).not.toContain('bukan loket');
});

test.each(['maksudnya dirahasiakan gmn tuh? petugas lain tuh siapa', 'apa bedanya kalo dirahasiakan'])('when asked whether to hide the identity, then "%s" is explained, never taken as the answer', async (question) => {
  const from = phone();
  const explained = await chat(from, [STORY, 'selesai', 'lewati', 'lewati', question]);
  expect(explained).toContain('hanya atasan (supervisor) dan admin');
  expect(explained).not.toContain('Ringkasan pengaduan');
});

test('when a question says it is no complaint ("bukan mangadu, ambo tanyo alasan kenapa ditolak"), then no complaint is started', async () => {
  const reply = await chat(phone(), ['bukan mangadu, ambo tanyo alasan kenapa ditolak']);
  expect(reply).not.toContain('pengaduan Bapak/Ibu sudah kami catat');
  expect(reply).not.toContain('Pengaduan tentang apa');
});
