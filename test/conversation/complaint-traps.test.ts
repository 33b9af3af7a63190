/**
 * Complaint traps found by the persona audit, over the simulator: a ticket-number step that kept
 * asking people who have no ticket, a question inside the complaint body filed as its text, the
 * confirmation and confidentiality steps refusing plain answers, a whole sentence stored as the
 * name, and "kapan dibalas ini" right after filing. Asserted on what the channel sent and on the
 * tickets the database holds.
 */
import { loadAgencyProfile } from '../../src/agency/load-profile';
import type { TicketDoc } from '../../src/complaints/ticket';
import { startTestService, type TestService } from '../support/service';

const MONDAY_10_WITA = '2026-11-23T02:00:00Z';
const all = (replies: string[]) => replies.join('\n---\n');
const TICKET = /ADU-[A-Z]{2,5}-\d{4}-\d{4}/;
/** The ticket number asked for (a number that sent none is told so in the same breath). */
const ASK_NUMBER = 'contoh: *ADU-';
const TOPIC_MENU = 'Pengaduan tentang apa';
const PLAIN_ACK = 'Dicatat. Ketik *selesai* bila sudah.';
const OFFERS_NEW = /ketik \*pengaduan\*/i;
const ASK_NUMBER_BJM = 'kirim nomor tiket';

/** The tickets filed from this simulator chat. */
async function ticketsOf(t: TestService, from: string): Promise<TicketDoc[]> {
  const chatHash = t.service.modules.cipher.hash(`simulator:${from}`);
  return t.service.db.connection.collection<TicketDoc>('tickets').find({ chatHash }).toArray();
}

/** From the name step: no name, no NIK, not confidential, to the summary. */
async function toSummary(t: TestService, from: string): Promise<string> {
  await t.send(from, 'lewati');
  await t.send(from, 'lewati');
  return all(await t.send(from, '2'));
}

describe('the ticket-number step never traps a person (Agam)', () => {
  let t: TestService;
  let n = 0;
  const phone = () => `628150100${String(++n).padStart(4, '0')}`;
  beforeAll(async () => {
    t = await startTestService({ agency: 'agam', now: MONDAY_10_WITA });
  });
  afterAll(async () => {
    await t.close();
  });

  test('when asked for a ticket number the person writes "gk ngerti sy kode apaan. sy mau lapor aja lah, pengaduan", then a new complaint starts at the topic and that sentence is not its text', async () => {
    const from = phone();
    expect(all(await t.send(from, 'status aduan'))).toContain(ASK_NUMBER);
    const replies = all(await t.send(from, 'gk ngerti sy kode apaan. sy mau lapor aja lah, pengaduan'));
    expect(replies).toContain(TOPIC_MENU);
    expect(replies).not.toContain(ASK_NUMBER);
    await t.send(from, '1');
    await t.send(from, 'antrean di loket lama sekali, saya menunggu dari pagi');
    await t.send(from, 'selesai');
    expect(await toSummary(t, from)).toContain('Isi:\nantrean di loket lama sekali, saya menunggu dari pagi\n');
    expect(all(await t.send(from, '1'))).toMatch(TICKET);
    const tickets = await ticketsOf(t, from);
    expect(tickets).toHaveLength(1);
    expect(tickets[0].body).toBe('antrean di loket lama sekali, saya menunggu dari pagi');
  });

  test('when asked for a ticket number the person writes "blm punya tiket, mau bikin aduan baru", then a new complaint starts', async () => {
    const from = phone();
    await t.send(from, 'status aduan');
    const replies = all(await t.send(from, 'blm punya tiket, mau bikin aduan baru'));
    expect(replies).toContain(TOPIC_MENU);
    expect(replies).not.toContain(ASK_NUMBER);
  });

  test('when asked for a ticket number the person says they have none, then they are not asked again but offered a new complaint, and the question is over', async () => {
    const from = phone();
    await t.send(from, 'status aduan');
    const replies = all(await t.send(from, 'saya gak punya nomor tiket'));
    expect(replies).not.toContain(ASK_NUMBER);
    expect(replies).not.toContain('belum kami temukan');
    expect(replies).toMatch(OFFERS_NEW);
    // A menu number is a menu choice again, not another try at a ticket number.
    expect(all(await t.send(from, '1'))).toContain('Persyaratan');
    expect(all(await t.send(from, 'pengaduan'))).toContain(TOPIC_MENU);
  });

  test('when the person answers the ticket-number question twice with something else, then the second prompt offers a new complaint and the third message ends the question', async () => {
    const from = phone();
    expect(all(await t.send(from, 'status aduan'))).toMatch(OFFERS_NEW);
    const again = all(await t.send(from, 'yg kemarin itu'));
    expect(again).toMatch(OFFERS_NEW);
    const out = all(await t.send(from, 'hmm'));
    expect(out).not.toContain(ASK_NUMBER);
    expect(out).toMatch(OFFERS_NEW);
    // The question is over: a menu number is a menu choice again.
    expect(all(await t.send(from, '1'))).toContain('Persyaratan');
  });

  test('when a person without a ticket opens with "blm punya tiket, mau bikin aduan baru", then a new complaint starts instead of the ticket-number question', async () => {
    const replies = all(await t.send(phone(), 'blm punya tiket, mau bikin aduan baru'));
    expect(replies).toContain(TOPIC_MENU);
    expect(replies).not.toContain(ASK_NUMBER);
  });
});

describe('a question inside the complaint body (Kutai Kartanegara)', () => {
  let t: TestService;
  let n = 0;
  const phone = () => `628150200${String(++n).padStart(4, '0')}`;
  const profile = loadAgencyProfile('flows', 'kutai-kartanegara');
  beforeAll(async () => {
    t = await startTestService({ agency: 'kutai-kartanegara', now: MONDAY_10_WITA });
  });
  afterAll(async () => {
    await t.close();
  });

  test('when "emang bayar ya sebenernya?" is written inside the body, then it is answered at once, the complaint goes on without "lanjut", and the filed ticket holds the question too', async () => {
    const from = phone();
    for (const line of ['5', '3', 'petugas minta uang 100rb buat ngurus kis']) await t.send(from, line);
    const answered = all(await t.send(from, 'emang bayar ya sebenernya?'));
    expect(answered).not.toContain(PLAIN_ACK);
    expect(answered).toContain(profile.programme.fee);
    expect(answered).toContain('Silakan lanjutkan isi pengaduan');
    expect(answered).not.toMatch(/ketik \*lanjut\*/i);
    expect(all(await t.send(from, 'katanya kalau tidak bayar berkasnya tidak diproses'))).toBe(PLAIN_ACK);
    await t.send(from, 'selesai');
    await toSummary(t, from);
    expect(all(await t.send(from, '1'))).toMatch(TICKET);
    const tickets = await ticketsOf(t, from);
    expect(tickets).toHaveLength(1);
    expect(tickets[0].body).toBe('petugas minta uang 100rb buat ngurus kis\nemang bayar ya sebenernya?\nkatanya kalau tidak bayar berkasnya tidak diproses');
  });

  test('when a question that needs a dialogue of its own ("cek status sy dong, nik nya sy kirim ya?") is written inside the body, then the draft is kept and offered back, and "sudah itu aja" afterwards closes that body', async () => {
    const from = phone();
    for (const line of ['5', '1', 'antrean di loket kacau tidak ada nomor antrean']) await t.send(from, line);
    const left = all(await t.send(from, 'gimana cara cek status permohonan saya?'));
    expect(left).toContain('*NIK*');
    expect(left).toMatch(/ketik \*lanjut\*/i);
    await t.send(from, 'menu');
    const closed = all(await t.send(from, 'sudah itu aja'));
    expect(closed).toContain('kita lanjutkan pengaduan');
    expect(closed).toContain('*nama lengkap*');
    await toSummary(t, from);
    expect(all(await t.send(from, '1'))).toMatch(TICKET);
    const [ticket] = await ticketsOf(t, from);
    expect(ticket.body).toBe('antrean di loket kacau tidak ada nomor antrean\ngimana cara cek status permohonan saya?');
  });

  test('when a complaint is phrased as a question ("kenapa kartu saya dinonaktifkan?", "kok bisa … dicoret …?"), then it is the complaint text, neither answered nor asked about', async () => {
    const from = phone();
    for (const line of ['5', '2', 'kartu kis saya tidak bisa dipakai di puskesmas']) await t.send(from, line);
    for (const line of ['kenapa kartu saya dinonaktifkan?', 'kok bisa kartu saya dicoret padahal saya masih miskin?']) {
      const replies = all(await t.send(from, line));
      expect(replies).toBe(PLAIN_ACK);
    }
    await t.send(from, 'selesai');
    await toSummary(t, from);
    await t.send(from, '1');
    const [ticket] = await ticketsOf(t, from);
    expect(ticket.body).toBe('kartu kis saya tidak bisa dipakai di puskesmas\nkenapa kartu saya dinonaktifkan?\nkok bisa kartu saya dicoret padahal saya masih miskin?');
  });

  test('when a story merely contains a question mark, then it stays the complaint text; a reported question may be answered but stays in the text too', async () => {
    const from = phone();
    for (const line of ['5', '1', 'pelayanan di loket lambat']) await t.send(from, line);
    const story = 'berapa lama prosesnya? soalnya sudah dua bulan saya menunggu dan petugas di loket tidak pernah memberi kepastian';
    expect(all(await t.send(from, story))).toBe(PLAIN_ACK);
    const told = 'kemarin saya tanya ke loket berapa lama prosesnya? katanya tunggu saja';
    await t.send(from, told);
    await t.send(from, 'selesai');
    await toSummary(t, from);
    await t.send(from, '1');
    const [ticket] = await ticketsOf(t, from);
    expect(ticket.body).toBe(['pelayanan di loket lambat', story, told].join('\n'));
  });
});

describe('the complaint flow in Banjarmasin', () => {
  let t: TestService;
  let n = 0;
  const phone = () => `628150300${String(++n).padStart(4, '0')}`;
  beforeAll(async () => {
    t = await startTestService({ now: MONDAY_10_WITA });
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => t.clock.set(MONDAY_10_WITA));

  /** Topic 2, one body line, selesai: the name step. */
  async function toName(from: string, body = 'kartu kis saya tiba2 nonaktif pas mau berobat') {
    for (const line of ['5', '2', body, 'selesai']) await t.send(from, line);
  }

  test('when "trus gmn biar aktif lg? gw butuh bgt buat kontrol minggu dpn" is written inside the body, then it is not silently filed: it is answered with the draft kept, or kept and the person told an officer answers it', async () => {
    const from = phone();
    for (const line of ['5', '2', 'kartu kis saya tiba2 nonaktif pas mau berobat']) await t.send(from, line);
    const question = 'trus gmn biar aktif lg? gw butuh bgt buat kontrol minggu dpn';
    const replies = all(await t.send(from, question));
    expect(replies).not.toBe(PLAIN_ACK);
    // Which of the two depends on whether the understanding places the question (it reads it
    // as none or complaint today): either way the person learns what happened to it.
    const answered = replies.includes('*belum terkirim*');
    if (!answered) expect(replies).toContain('dijawab petugas');
    if (answered) await t.send(from, 'lanjut');
    await t.send(from, 'selesai');
    await toSummary(t, from);
    await t.send(from, '1');
    const tickets = await ticketsOf(t, from);
    expect(tickets).toHaveLength(1);
    expect(tickets[0].body).toBe(answered ? 'kartu kis saya tiba2 nonaktif pas mau berobat' : `kartu kis saya tiba2 nonaktif pas mau berobat\n${question}`);
  });

  test('when a complaint is only read from the tone ("kenapa lama sekali prosesnya"), then the person is asked first; "ya" keeps that line as the complaint\'s first text, "tidak" files nothing', async () => {
    const yes = phone();
    const offered = all(await t.send(yes, 'kenapa lama sekali prosesnya'));
    expect(offered).toContain('ingin menyampaikannya sebagai *pengaduan*');
    expect(offered).not.toContain(TOPIC_MENU);
    expect(all(await t.send(yes, 'ya'))).toContain('sudah kami catat');
    await t.send(yes, 'sudah 2 bulan belum ada kabar');
    await t.send(yes, 'selesai');
    await toSummary(t, yes);
    await t.send(yes, '1');
    const [ticket] = await ticketsOf(t, yes);
    expect(ticket.body).toBe('kenapa lama sekali prosesnya\nsudah 2 bulan belum ada kabar');

    const no = phone();
    await t.send(no, 'petugasnya kasar');
    expect(all(await t.send(no, 'tidak'))).toContain('tidak kami catat sebagai pengaduan');
    const asked = phone();
    await t.send(asked, 'kenapa lama sekali prosesnya');
    expect(all(await t.send(asked, 'syaratnya apa aja'))).toContain('*Persyaratan');
    expect(all(await t.send(asked, 'lanjut'))).not.toContain('kita lanjutkan pengaduan');
    expect([...(await ticketsOf(t, no)), ...(await ticketsOf(t, asked))]).toHaveLength(0);
  });

  test('when an angry question is shouted ("SAYA MAU TANYA KENAPA BERKAS SAYA DITOLAK TERUS!! … apa alasannya??"), then nothing is filed unasked, and "blm mau ngadu" ends it without another complaint question', async () => {
    const from = phone();
    const offered = all(await t.send(from, 'SAYA MAU TANYA KENAPA BERKAS SAYA DITOLAK TERUS!! udh 3x ngajuin jamkesda hasilnya tdk layak trs. apa alasannya??'));
    expect(offered).toContain('ingin menyampaikannya sebagai *pengaduan*');
    expect(offered).not.toContain('sudah kami catat');
    const declined = all(await t.send(from, 'sy nanya alasannya apa! blm mau ngadu'));
    expect(declined).toContain('tidak kami catat sebagai pengaduan');
    expect(declined).not.toContain(ASK_NUMBER_BJM);
    expect(declined).not.toContain(TOPIC_MENU);
    expect(await ticketsOf(t, from)).toHaveLength(0);
  });

  test('when a question inside the body is followed by its grievance ("… brp hari dijawab? jgn sampe kyk dulu gk ada kabar"), then it is answered; a story that merely says "cuma nanya" stays the complaint', async () => {
    const from = phone();
    for (const line of ['5', '3', 'petugas survey cuma liat2 sebentar lalu pergi']) await t.send(from, line);
    expect(all(await t.send(from, 'trus kalo aduan ini nanti brp hari dijawab? jgn sampe kyk dulu gk ada kabar'))).toContain('*3 hari kerja*');
    const story = 'waktu itu saya cuma nanya baik baik ke petugasnya kenapa lama tapi malah dibentak di depan orang banyak';
    expect(all(await t.send(from, story))).toBe(PLAIN_ACK);
    await t.send(from, 'selesai');
    await toSummary(t, from);
    await t.send(from, '1');
    const [ticket] = await ticketsOf(t, from);
    expect(ticket.body.split('\n')).toEqual(['petugas survey cuma liat2 sebentar lalu pergi', 'trus kalo aduan ini nanti brp hari dijawab? jgn sampe kyk dulu gk ada kabar', story]);
  });

  test.each(['mau komplain', 'saya mau lapor', 'pengaduan', 'saya ingin mengadukan pelayanan'])('when the person asks to complain ("%s"), then the topic is asked at once', async (line) => {
    const replies = all(await t.send(phone(), line));
    expect(replies).toContain(TOPIC_MENU);
    expect(replies).not.toContain('ingin menyampaikannya sebagai');
  });

  test('when the topic step is answered with the topic\'s own word "petugas", then that is the topic, not a request for a person', async () => {
    const from = phone();
    await t.send(from, 'sy mau ngadu');
    const replies = all(await t.send(from, 'petugas'));
    expect(replies).toContain('Silakan tuliskan pengaduan');
    expect(replies).not.toContain('teruskan ke petugas');
    await t.send(from, 'petugas di kecamatan minta uang 200rb biar cepat');
    await t.send(from, 'selesai');
    expect(await toSummary(t, from)).toContain('Topik: Sikap atau perilaku petugas');
    await t.send(from, '1');
    const [ticket] = await ticketsOf(t, from);
    expect(ticket.topic).toBe('petugas');
  });

  test('when a question without a question mark or opening question word is written inside the body ("itu sebenarnya syaratnya apa aja sih biar ga ditolak lagi"), then it is answered, the complaint goes on, and the line is kept in it', async () => {
    const from = phone();
    for (const line of ['5', '1', 'sudah 3 kali bolak balik ke loket tapi berkas saya ditolak terus']) await t.send(from, line);
    const replies = all(await t.send(from, 'itu sebenarnya syaratnya apa aja sih biar ga ditolak lagi'));
    expect(replies).toContain('*Persyaratan');
    expect(replies).toContain('Silakan lanjutkan isi pengaduan');
    expect(all(await t.send(from, 'petugasnya juga tidak menjelaskan kurangnya apa'))).toBe(PLAIN_ACK);
    await t.send(from, 'selesai');
    await toSummary(t, from);
    await t.send(from, '1');
    const [ticket] = await ticketsOf(t, from);
    expect(ticket.body.split('\n')).toEqual([
      'sudah 3 kali bolak balik ke loket tapi berkas saya ditolak terus',
      'itu sebenarnya syaratnya apa aja sih biar ga ditolak lagi',
      'petugasnya juga tidak menjelaskan kurangnya apa',
    ]);
  });

  test('when "ini berapa lama ditanggapi?" is asked inside the body, then the complaint response time is given (not the application\'s processing time)', async () => {
    const from = phone();
    for (const line of ['5', '1', 'antrean di loket tidak tertib']) await t.send(from, line);
    const replies = all(await t.send(from, 'ini berapa lama ditanggapi?'));
    expect(replies).toContain('*3 hari kerja*');
    expect(replies).not.toContain('Waktu penyelesaian');
  });

  test('when a line inside the body both wishes to complain and asks something ("mau ngadu lagi, jam buka kantor jam brp?"), then the question is answered and the same complaint goes on, no second one started', async () => {
    const from = phone();
    for (const line of ['5', '1', 'antrean di loket kacau']) await t.send(from, line);
    const replies = all(await t.send(from, 'mau ngadu lagi, jam buka kantor jam brp?'));
    expect(replies).toContain('Jam layanan');
    expect(replies).not.toContain(TOPIC_MENU);
    expect(replies).toContain('Silakan lanjutkan isi pengaduan');
  });

  test('when the NIK step is answered with a question about it ("perlu ke nik kamek? buat ape"), then why it is asked is said and that it may be skipped, no status check started', async () => {
    const from = phone();
    for (const line of ['5', '1', 'antrean di loket kacau', 'selesai', 'Maria']) await t.send(from, line);
    const replies = all(await t.send(from, 'perlu ke nik kamek? buat ape'));
    expect(replies).toContain('*boleh dilewati*');
    expect(replies).not.toContain('kirim *NIK* (16 angka di KTP) pemohon');
    expect(all(await t.send(from, 'lewati'))).toContain('*dirahasiakan*');
  });

  test.each(['batal dulu', 'batalin aja'])('when "%s" is written inside the body, then the complaint is cancelled, not recorded as its text', async (line) => {
    const from = phone();
    for (const l of ['5', '1', 'antrean di loket kacau']) await t.send(from, l);
    expect(all(await t.send(from, line))).toContain('dibatalkan');
  });

  test('when "menu aja lah" is written inside the body, then the menu comes back and the draft is kept', async () => {
    const from = phone();
    for (const l of ['5', '1', 'antrean di loket kacau']) await t.send(from, l);
    const menu = all(await t.send(from, 'menu aja lah'));
    expect(menu).toContain('*1.* Persyaratan');
    expect(menu).toMatch(/ketik \*lanjut\*/i);
    expect(all(await t.send(from, 'lanjut'))).toContain('kita lanjutkan pengaduan');
  });

  test('when the complaint offer is answered "2" (its own "Tidak"), then nothing is filed', async () => {
    const from = phone();
    expect(all(await t.send(from, 'kenapa lama sekali prosesnya'))).toContain('ingin menyampaikannya sebagai *pengaduan*');
    expect(all(await t.send(from, '2'))).toContain('tidak kami catat sebagai pengaduan');
    expect(all(await t.send(from, 'selesai'))).not.toContain('*nama lengkap*');
    expect(await ticketsOf(t, from)).toHaveLength(0);
  });

  test('when the body is changed from the summary ("Ubah" → "Isi") with an addition, then what was written before stays', async () => {
    const from = phone();
    for (const line of ['5', '1', 'antrean di loket kacau', 'selesai', 'lewati', 'lewati', '2', '2', '2']) await t.send(from, line);
    await t.send(from, 'tambahan: nomor antrean juga tidak dipanggil urut');
    expect(all(await t.send(from, 'selesai'))).toContain('Isi:\nantrean di loket kacau\ntambahan: nomor antrean juga tidak dipanggil urut\n');
  });

  test('when a question is asked at the name step ("jadi syaratnya apa"), then it is answered and the name asked again in the same complaint', async () => {
    const from = phone();
    await toName(from);
    const replies = all(await t.send(from, 'jadi syaratnya apa'));
    expect(replies).toContain('*Persyaratan');
    expect(replies).toContain('*nama lengkap*');
    expect(all(await t.send(from, 'Siti Aminah'))).toContain('*NIK*');
  });

  test('when a kept draft is on offer and the next message is not understood, then the draft is not replaced by a question back and "lanjut" still takes it up', async () => {
    const from = phone();
    for (const line of ['5', '1', 'antrean di loket kacau']) await t.send(from, line);
    expect(all(await t.send(from, 'gimana cara cek status permohonan saya?'))).toMatch(/ketik \*lanjut\*/i);
    await t.send(from, 'menu');
    // Neither an unplaceable line nor a likely-but-unsure one ("kartu gimana": which topic?) asks back.
    for (const line of ['hmm yg itu tadi lho', 'kartu gimana']) {
      const unsure = all(await t.send(from, line));
      expect(unsure).toMatch(/ketik \*lanjut\*/i);
      expect(unsure).not.toContain('Balas dengan angka');
    }
    expect(all(await t.send(from, 'lanjut'))).toContain('kita lanjutkan pengaduan');
    await t.send(from, 'selesai');
    await toSummary(t, from);
    await t.send(from, '1');
    const [ticket] = await ticketsOf(t, from);
    expect(ticket.body).toBe('antrean di loket kacau\ngimana cara cek status permohonan saya?');
  });

  test('when the name is written in a sentence ("nama sy yohanes, mak sy bernadeta"), then only the name is taken, shown in the summary and filed', async () => {
    const from = phone();
    await toName(from);
    expect(all(await t.send(from, 'nama sy yohanes, mak sy bernadeta'))).toContain('*Yohanes*');
    await t.send(from, 'lewati');
    const summary = all(await t.send(from, '2'));
    expect(summary).toContain('Nama: Yohanes\n');
    expect(summary).not.toContain('bernadeta');
    await t.send(from, '1');
    const [ticket] = await ticketsOf(t, from);
    expect(ticket.complainant.name).toBe('Yohanes');
  });

  test('when the name step gets "saya tidak mau kasih nama", then no name is stored', async () => {
    const from = phone();
    await toName(from);
    expect(all(await t.send(from, 'saya tidak mau kasih nama'))).toContain('tanpa nama');
    await t.send(from, 'lewati');
    expect(all(await t.send(from, '2'))).toContain('Nama: (tanpa nama)');
  });

  test.each([
    ['iya rahasiain aja takut dipersulit', true],
    ['rahasiain aja', true],
    ['tidak usah dirahasiakan', false],
    ['ga usah dirahasiain', false],
  ])('when the confidentiality question is answered "%s", then the ticket is filed confidential: %s', async (answer, confidential) => {
    const from = phone();
    await toName(from);
    await t.send(from, 'Yohanes');
    await t.send(from, 'lewati');
    expect(all(await t.send(from, answer))).toContain(`Identitas dirahasiakan: ${confidential ? 'Ya' : 'Tidak'}`);
    expect(all(await t.send(from, '1'))).toMatch(TICKET);
    const tickets = await ticketsOf(t, from);
    expect(tickets.map((x) => x.confidential)).toEqual([confidential]);
  });

  test.each(['kirim aja', 'ok kirim', 'iya kirim'])('when the summary is answered "%s", then the complaint is filed once', async (answer) => {
    const from = phone();
    await toName(from);
    expect(await toSummary(t, from)).toContain('Ringkasan pengaduan');
    const filed = all(await t.send(from, answer));
    expect(filed).toMatch(TICKET);
    expect(filed).not.toContain('Mohon balas');
    expect(await ticketsOf(t, from)).toHaveLength(1);
  });

  test('when the summary is answered "iya tapi namanya salah" or "jangan dikirim dulu", then nothing is filed', async () => {
    const from = phone();
    await toName(from);
    await toSummary(t, from);
    expect(all(await t.send(from, 'iya tapi namanya salah'))).toContain('Bagian mana yang ingin diubah');
    expect(all(await t.send(from, '3'))).toContain('nama lengkap');
    await t.send(from, 'Yohanes Bata');
    expect(all(await t.send(from, 'jangan dikirim dulu'))).toContain('Mohon balas');
    expect(await ticketsOf(t, from)).toHaveLength(0);
    expect(all(await t.send(from, '1'))).toMatch(TICKET);
    expect((await ticketsOf(t, from))[0].complainant.name).toBe('Yohanes Bata');
  });

  test('when "kapan paling lambat dijawab?" or "kapan dibalas ini" follows the filing, then the ticket and its deadline are given; without a ticket the question is answered as before', async () => {
    const from = phone();
    await toName(from);
    await toSummary(t, from);
    const number = TICKET.exec(all(await t.send(from, '1')))![0];
    for (const question of ['kapan paling lambat dijawab?', 'kapan dibalas ini']) {
      const replies = all(await t.send(from, question));
      expect(replies).toContain(number);
      expect(replies).toContain('Tanggapan paling lambat *Kamis, 26 November 2026 pukul 16.00 WITA*');
    }
    expect(all(await t.send(phone(), 'kapan paling lambat dijawab?'))).not.toContain('Status pengaduan');
  });
});

describe('a formal writer is answered, not filed (fifth audit, Banjarmasin)', () => {
  let t: TestService;
  let n = 0;
  const phone = () => `628150500${String(++n).padStart(4, '0')}`;
  const profile = loadAgencyProfile('flows', 'banjarmasin');
  const OFFER = 'ingin menyampaikannya sebagai *pengaduan*';
  beforeAll(async () => {
    t = await startTestService({ agency: 'banjarmasin', now: MONDAY_10_WITA });
  });
  afterAll(async () => {
    await t.close();
  });

  test('when someone introduces themselves and says they wish to ask, then they are invited to ask, never offered a complaint', async () => {
    const intro = all(
      await t.send(
        phone(),
        'Assalamualaikum warahmatullahi wabarakatuh. Selamat siang Bapak/Ibu petugas Dinas Sosial Kota Banjarmasin. Perkenalkan, saya Rahmawati, guru SD di Kelurahan Pelambuan. Saya ingin menanyakan perihal pengusulan JKN-KIS untuk bibi saya yang seorang janda dan sudah tidak bekerja.',
      ),
    );
    expect(intro).not.toContain(OFFER);
    expect(intro).toContain('apa yang ingin Bapak/Ibu tanyakan');
    const bare = all(await t.send(phone(), 'mau tanya'));
    expect(bare).toContain('apa yang ingin Bapak/Ibu tanyakan');
    expect(bare).not.toContain('belum memahami');
  });

  test('when a grievance asks whether money demanded is allowed, then the fee rule answers it; a "Tidak, saya belum ingin membuat pengaduan" declines, nothing is filed and the rest is answered', async () => {
    const from = phone();
    const asked = all(await t.send(from, 'Kemarin ada oknum yang mengaku dari kelurahan meminta uang Rp150.000 untuk "mempercepat" pengusulan. Apakah hal itu dibenarkan?'));
    expect(asked).toContain(profile.programme.fee);
    expect(asked).toContain(OFFER);
    const declined = all(await t.send(from, 'Tidak, saya belum ingin membuat pengaduan resmi, saya hanya ingin memastikan dulu apakah pungutan itu dibenarkan.'));
    expect(declined).toContain('tidak kami catat sebagai pengaduan');
    expect(declined).not.toContain('sudah kami catat dengan topik');
    expect(declined).not.toContain(OFFER);
    expect(declined).not.toContain(TOPIC_MENU);
    // Out of the complaint: the next question is answered, not taken as its text.
    expect(all(await t.send(from, 'jam berapa kantor buka hari jumat?'))).not.toContain(PLAIN_ACK);
    expect(await ticketsOf(t, from)).toHaveLength(0);
    // A "no" in other words: the offer's answer opens with it.
    const other = phone();
    expect(all(await t.send(other, 'petugas loket kemarin minta uang 50 ribu, emang boleh?'))).toContain(OFFER);
    // A "no" that goes on to name the complaint it declines is still a no.
    const third = phone();
    expect(all(await t.send(third, 'petugas loket kemarin minta uang 50 ribu, emang boleh?'))).toContain(OFFER);
    const notNow = all(await t.send(third, 'Tidak, jangan dibuat pengaduan dulu ya'));
    expect(notNow).toContain('tidak kami catat sebagai pengaduan');
    expect(notNow).not.toContain('sudah kami catat dengan topik');
    expect(await ticketsOf(t, third)).toHaveLength(0);
    // Declined with a question of its own: the question is answered, the complaint not offered again.
    const no = all(await t.send(other, 'Tidak dulu, sekarang saya cuma mau tanya kantornya buka jam berapa hari jumat?'));
    expect(no).toContain('tidak kami catat sebagai pengaduan');
    expect(no).toContain('Jumat');
    expect(no).not.toContain('sudah kami catat dengan topik');
    expect(no).not.toContain(OFFER);
    expect(no).not.toContain(TOPIC_MENU);
    expect(await ticketsOf(t, other)).toHaveLength(0);
  });

  test('when long formal questions are typed into a complaint, then they are answered beside it; "saya tidak sedang membuat pengaduan" withdraws it', async () => {
    const from = phone();
    await t.send(from, 'mau lapor');
    await t.send(from, '1');
    await t.send(from, 'petugas minta uang 150 ribu');
    const quota = all(await t.send(from, 'Apakah jadwal pengusulan bulan ini masih dibuka, atau kuota untuk tahun 2026 sudah habis?'));
    expect(quota).not.toContain(PLAIN_ACK);
    expect(quota).toContain('kuota');
    const withdrawn = all(await t.send(from, 'Mohon maaf, saya tidak sedang membuat pengaduan. Mengapa pertanyaan saya tidak dijawab?'));
    expect(withdrawn).toContain('tidak kami catat sebagai pengaduan');
    expect(await ticketsOf(t, from)).toHaveLength(0);
  });
});

describe('a Minang speaker is not trapped in a complaint (fifth audit, Agam)', () => {
  let t: TestService;
  let n = 0;
  const phone = () => `628150600${String(++n).padStart(4, '0')}`;
  beforeAll(async () => {
    t = await startTestService({ agency: 'agam', now: MONDAY_10_WITA });
  });
  afterAll(async () => {
    await t.close();
  });

  test('when someone asks where one could complain ("bisa mangadu kama?"), then the channels are listed and no complaint is started', async () => {
    const from = phone();
    const reply = all(await t.send(from, 'kalau indak layak, baa? bisa mangadu kama?'));
    expect(reply).toContain('www.lapor.go.id');
    expect(reply).not.toContain(TOPIC_MENU);
    expect(reply).not.toContain('kita buat pengaduan baru');
  });

  test('when, asked for the topic, the person wants to check an earlier complaint, then the ticket is asked for and nothing is written into a new one', async () => {
    const from = phone();
    await t.send(from, 'pengaduan');
    const reply = all(await t.send(from, 'ambo nio ngecek pengaduan ambo nan bulan lalu'));
    expect(reply).toContain(ASK_NUMBER);
    expect(reply).not.toContain('sudah kami catat');
  });

  test('when a complaint made at the office has no ticket number ("indak ingek nomor tiketnyo, dulu mangadu langsuang"), then no new complaint is opened; asked for the topic, a request for a person is handed over, not filed against staff', async () => {
    const from = phone();
    await t.send(from, 'ambo nio ngecek pengaduan ambo nan bulan lalu');
    const noNumber = all(await t.send(from, 'indak ingek nomor tiketnyo, dulu mangadu langsuang ka kantor'));
    expect(noNumber).toContain('*petugas*');
    expect(noNumber).not.toContain(TOPIC_MENU);
    await t.send(from, 'pengaduan');
    const person = all(await t.send(from, 'ambo ingin batanyo langsuang jo petugas se lah, bisa?'));
    expect(person).not.toContain('sudah kami catat');
    expect(person).toMatch(/teruskan ke petugas|dihubungkan dengan petugas/);
    expect(await ticketsOf(t, from)).toHaveLength(0);
  });

  test('when the person says in Minang it is no complaint, it is withdrawn; a request for a person at the name step is not taken as the name', async () => {
    const from = phone();
    await t.send(from, 'pengaduan');
    await t.send(from, '5');
    await t.send(from, 'kartu nenek ambo indak aktif sajak bulan lalu');
    expect(all(await t.send(from, 'bukan da, ambo indak nio mangadu kini. ambo cuma batanyo'))).toContain('tidak kami catat sebagai pengaduan');
    const other = phone();
    await t.send(other, 'pengaduan');
    await t.send(other, '5');
    await t.send(other, 'kartu nenek ambo indak aktif');
    await t.send(other, 'selesai');
    const reply = all(await t.send(other, 'ambo nio jo petugas'));
    // Pointed to *petugas* when the request reads unsure, handed over (the draft kept) when it reads clear.
    expect(reply).toMatch(/ketik \*petugas\*|kami teruskan ke petugas/);
    expect(reply).not.toContain('kirim *NIK*');
    expect(await ticketsOf(t, from)).toHaveLength(0);
    expect(await ticketsOf(t, other)).toHaveLength(0);
  });
});

describe('lines told past the body check are kept (fifth audit, Kutai Kartanegara)', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ agency: 'kutai-kartanegara', now: MONDAY_10_WITA });
  });
  afterAll(async () => {
    await t.close();
  });

  test('when the person goes on telling instead of answering "is this part of the complaint?", then every line is in the ticket', async () => {
    const from = '6281507000001';
    await t.send(from, 'petugase judes');
    await t.send(from, 'aku arep komplain');
    expect(all(await t.send(from, 'wingi jam 10 nang loket, berkas bapak ditolak'))).toContain('bagian dari isi pengaduan');
    await t.send(from, 'ora dijelaske kurang opo');
    await t.send(from, 'selesai');
    await t.send(from, 'joko');
    await toSummary(t, from);
    expect(all(await t.send(from, '1'))).toMatch(TICKET);
    const [ticket] = await ticketsOf(t, from);
    expect(ticket.body).toBe('petugase judes\nwingi jam 10 nang loket, berkas bapak ditolak\nora dijelaske kurang opo');
  });
});
