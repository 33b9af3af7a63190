/**
 * A complaint from the WhatsApp side, through the simulator over real HTTP: filing it, reading
 * its status (only from the number that filed it), the officer's response arriving in the
 * chat, the clock pausing while the office waits on the complainant and resuming on their
 * reply, and the satisfaction rating after `selesai`.
 */
import { startTestService, type TestService } from '../support/service';

let t: TestService;
let phoneCounter = 0;
const newPhone = () => `62812340${String(++phoneCounter).padStart(5, '0')}`;
const MONDAY_10_WITA = '2026-11-23T02:00:00Z';

beforeAll(async () => {
  t = await startTestService({ now: MONDAY_10_WITA });
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => t.clock.set(MONDAY_10_WITA));

const all = (replies: string[]) => replies.join('\n---\n');
const numberIn = (text: string) => /ADU-BJM-\d{4}-\d{4}/.exec(text)?.[0];

/** The conversation from the brief: menu 5, topic, two body lines, selesai, name, no NIK, not confidential, send. */
async function fileComplaint(from: string, options: { confidential?: boolean; name?: string } = {}): Promise<{ number: string; replies: string[] }> {
  expect(all(await t.send(from, '5'))).toContain('Pengaduan tentang apa');
  await t.send(from, '1');
  await t.send(from, 'Saya sudah antre dari pagi di loket tetapi tidak dipanggil.');
  await t.send(from, 'Petugas bilang berkas saya hilang.');
  await t.send(from, 'selesai');
  await t.send(from, options.name ?? 'Siti Rahmawati');
  await t.send(from, 'lewati');
  const summary = await t.send(from, options.confidential ? '1' : '2');
  expect(all(summary)).toContain('Ringkasan pengaduan');
  const replies = await t.send(from, '1');
  const number = numberIn(all(replies));
  if (!number) throw new Error(`no ticket number in: ${all(replies)}`);
  return { number, replies };
}

describe('filing a complaint on WhatsApp', () => {
  test('when a person files a complaint through the menu, then the ticket is retrievable through the API with the right responseDueAt', async () => {
    const from = '6281234567890';
    const { number, replies } = await fileComplaint(from);
    expect(number).toMatch(/^ADU-BJM-2611-\d{4}$/);
    expect(all(replies)).toContain('paling lambat *Kamis, 26 November 2026 pukul 16.00 WITA*');

    const res = await t.api('GET', `/api/v1/tickets/${number}`);
    expect(res.status).toBe(200);
    const ticket = res.body.ticket;
    expect(ticket).toMatchObject({
      number,
      stage: 'baru',
      channel: 'simulator', // filed through the simulator's chat: never recorded as WhatsApp
      topic: 'loket',
      receivedAt: '2026-11-23T10:00:00+08:00',
      responseDueAt: '2026-11-26T16:00:00+08:00',
      respondedAt: null,
      overdue: false,
      answersOnChat: true,
      complainant: { hidden: false, name: 'Siti Rahmawati', phone: '+6281234567890', nik: null, identityComplete: true },
      lapor: { classification: 'pengaduan' },
    });
    expect(ticket.body).toBe('Saya sudah antre dari pagi di loket tetapi tidak dipanggil.\nPetugas bilang berkas saya hilang.');
    expect(ticket.history).toEqual([expect.objectContaining({ from: null, to: 'baru', actorId: 'pelapor' })]);
  });

  test('when a person declines to give a name and gives a NIK, then the ticket is flagged without complete identity and the NIK is only kept sealed', async () => {
    const from = newPhone();
    await t.send(from, '5');
    await t.send(from, '2');
    await t.send(from, 'Kartu KIS saya tidak aktif.');
    await t.send(from, 'selesai');
    await t.send(from, 'lewati');
    await t.send(from, '3204110609970001');
    await t.send(from, '2');
    const number = numberIn(all(await t.send(from, '1')))!;
    const { body } = await t.api('GET', `/api/v1/tickets/${number}`);
    expect(body.ticket.complainant).toMatchObject({ name: null, nik: '3204********0001', identityComplete: false });
    const raw = await t.service.db.connection.collection('tickets').findOne({ number });
    expect(JSON.stringify(raw)).not.toContain('3204110609970001');
    expect(JSON.stringify(raw)).not.toContain(from);
  });

  test('when the same complaint is confirmed twice within minutes (a retried message), then one ticket is filed', async () => {
    const from = newPhone();
    const first = await fileComplaint(from);
    t.clock.advanceMinutes(5);
    const second = await fileComplaint(from);
    expect(second.number).toBe(first.number);
    // Said to be the earlier one, not a new filing.
    expect(all(second.replies)).toContain('sudah kami terima sebelumnya');
    expect(all(first.replies)).not.toContain('sebelumnya');
    t.clock.advanceMinutes(60);
    expect((await fileComplaint(from)).number).not.toBe(first.number);
  });
});

describe('status aduan', () => {
  test('when the filer asks for the status, then they see the stage and deadline; another number sees "not found"', async () => {
    const filer = newPhone();
    const { number } = await fileComplaint(filer);
    const own = all(await t.send(filer, `status aduan ${number}`));
    expect(own).toContain(`Status pengaduan ${number}`);
    expect(own).toContain('Diterima, menunggu pemeriksaan petugas');
    expect(own).toContain('Kamis, 26 November 2026 pukul 16.00 WITA');

    const stranger = all(await t.send(newPhone(), `status aduan ${number}`));
    expect(stranger).toContain('tidak ditemukan untuk nomor WhatsApp ini');
    expect(stranger).not.toContain('menunggu pemeriksaan');
  });

  test('when the filer asks "status aduan" without a number and has one open ticket, then that ticket is shown', async () => {
    const filer = newPhone();
    const { number } = await fileComplaint(filer);
    expect(all(await t.send(filer, 'status aduan'))).toContain(`Status pengaduan ${number}`);
  });
});

describe('the officer response', () => {
  test('when an officer responds, then the text reaches the complainant chat, the clock stops and the stage is ditanggapi', async () => {
    const filer = newPhone();
    const { number } = await fileComplaint(filer);
    t.clock.set('2026-11-24T03:00:00Z'); // Tuesday 11:00 WITA
    const res = await t.api('POST', `/api/v1/tickets/${number}/responses`, { text: 'Berkas Ibu sudah kami temukan; silakan datang Kamis pagi ke loket 2.' });
    expect(res.status).toBe(201);
    expect(res.body.delivered).toBe(true);
    expect(res.body.ticket).toMatchObject({ stage: 'ditanggapi', respondedAt: '2026-11-24T11:00:00+08:00', overdue: false });

    const transcript = await t.transcript(filer);
    const last = transcript[transcript.length - 1];
    expect(last.direction).toBe('out');
    expect(last.text).toContain(`Tanggapan atas pengaduan ${number}`);
    expect(last.text).toContain('silakan datang Kamis pagi ke loket 2');

    const status = all(await t.send(filer, `status aduan ${number}`));
    expect(status).toContain('Sudah ditanggapi petugas');
    expect(status).toContain('silakan datang Kamis pagi ke loket 2');
  });
});

describe('waiting on the complainant', () => {
  test('when the office waits on the complainant and they reply in the chat, then the clock resumes and the deadline moves by the working time waited', async () => {
    const filer = newPhone();
    const { number } = await fileComplaint(filer); // due Thursday 26 November 16:00 WITA
    t.clock.set('2026-11-24T02:00:00Z'); // Tuesday 10:00 WITA
    const paused = await t.api('POST', `/api/v1/tickets/${number}/transitions`, { to: 'menunggu_pelapor', note: 'Mohon kirim nomor antrean Ibu pada hari itu.' });
    expect(paused.status).toBe(200);
    expect(paused.body.ticket).toMatchObject({ stage: 'menunggu_pelapor', pause: { reason: 'Mohon kirim nomor antrean Ibu pada hari itu.' } });
    const notice = (await t.transcript(filer)).at(-1)!;
    expect(notice.text).toContain('membutuhkan keterangan tambahan');
    expect(notice.text).toContain('Mohon kirim nomor antrean Ibu');

    // Tuesday 10:00 → Wednesday 10:00 WITA: 6 h on Tuesday + 2.5 h on Wednesday = 8.5 working hours.
    t.clock.set('2026-11-25T02:00:00Z');
    const reply = all(await t.send(filer, 'Nomor antrean saya A-27, petugas yang melayani ibu berkerudung biru.'));
    expect(reply).toContain(`keterangan Bapak/Ibu untuk pengaduan *${number}* sudah kami terima`);
    expect(reply).toContain('Jumat, 27 November 2026 pukul 16.00 WITA');

    const { body } = await t.api('GET', `/api/v1/tickets/${number}`);
    expect(body.ticket).toMatchObject({ stage: 'baru', pause: null, responseDueAt: '2026-11-27T16:00:00+08:00' });
    expect(body.ticket.complainantReplies).toEqual([expect.objectContaining({ text: expect.stringContaining('A-27') })]);
    expect(body.ticket.history.map((h: { to: string }) => h.to)).toEqual(['baru', 'menunggu_pelapor', 'baru']);
  });

  test('when an officer resumes a waiting ticket, then the complainant is told the new deadline', async () => {
    const filer = newPhone();
    const { number } = await fileComplaint(filer);
    await t.api('POST', `/api/v1/tickets/${number}/transitions`, { to: 'cek_administrasi' });
    t.clock.set('2026-11-24T02:00:00Z'); // Tuesday 10:00 WITA
    await t.api('POST', `/api/v1/tickets/${number}/transitions`, { to: 'menunggu_pelapor', note: 'Dihubungi lewat telepon.' });
    t.clock.set('2026-11-24T06:00:00Z'); // Tuesday 14:00 WITA: 4 working hours
    const resumed = await t.api('POST', `/api/v1/tickets/${number}/transitions`, { to: 'koordinasi', note: 'Keterangan didapat lewat telepon.' });
    expect(resumed.body.ticket).toMatchObject({ stage: 'koordinasi', responseDueAt: '2026-11-27T11:30:00+08:00' });
    const last = (await t.transcript(filer)).at(-1)!;
    expect(last.text).toContain('dilanjutkan');
    expect(last.text).toContain('Jumat, 27 November 2026 pukul 11.30 WITA');
  });

  test('when the complainant answers with a photo, then the photo is counted on the ticket and the clock resumes', async () => {
    const filer = newPhone();
    const { number } = await fileComplaint(filer);
    await t.api('POST', `/api/v1/tickets/${number}/transitions`, { to: 'menunggu_pelapor', note: 'Mohon kirim foto kartu KIS.' });
    expect(all(await t.send(filer, 'ini kartunya', { type: 'image' }))).toContain('sudah kami terima');
    const { body } = await t.api('GET', `/api/v1/tickets/${number}`);
    expect(body.ticket.stage).toBe('baru');
    expect(body.ticket.complainantReplies).toEqual([expect.objectContaining({ text: 'ini kartunya', attachments: 1 })]);
  });

  test('when a person without a waiting ticket writes freely, then the conversation is untouched', async () => {
    expect(all(await t.send(newPhone(), 'syarat'))).toContain('Persyaratan');
  });
});

describe('satisfaction rating after selesai', () => {
  test('when a ticket is finished, then the complainant is asked for a 1–4 rating, and the rating and comment are recorded', async () => {
    const filer = newPhone();
    const { number } = await fileComplaint(filer);
    await t.api('POST', `/api/v1/tickets/${number}/responses`, { text: 'Sudah kami tindak lanjuti.' });
    const done = await t.api('POST', `/api/v1/tickets/${number}/transitions`, { to: 'selesai', note: 'Tuntas.' });
    expect(done.status).toBe(200);
    const ask = (await t.transcript(filer)).at(-1)!;
    expect(ask.text).toContain('Balas dengan angka');
    expect(ask.text).toContain('*4.* Sangat baik');

    expect(all(await t.send(filer, '4'))).toContain('Terima kasih atas penilaian');
    expect(all(await t.send(filer, 'Petugasnya ramah dan cepat, mantap'))).toContain('saran Bapak/Ibu sudah kami catat');

    const { body } = await t.api('GET', `/api/v1/tickets/${number}`);
    expect(body.ticket.rating).toMatchObject({ score: 4, comment: 'Petugasnya ramah dan cepat, mantap' });
    // The rating was taken once: a later "1" is the menu again.
    expect(all(await t.send(filer, '1'))).toContain('Persyaratan');
  });

  test('when a rating is pending and the person writes something else, then the bot answers normally', async () => {
    const filer = newPhone();
    const { number } = await fileComplaint(filer);
    await t.api('POST', `/api/v1/tickets/${number}/responses`, { text: 'Sudah kami tindak lanjuti.' });
    await t.api('POST', `/api/v1/tickets/${number}/transitions`, { to: 'selesai', note: 'Tuntas.' });
    expect(all(await t.send(filer, 'jadwal'))).toContain('Jadwal layanan');
    expect(all(await t.send(filer, '2'))).toContain('Terima kasih atas penilaian');
    expect(all(await t.send(filer, 'lewati'))).toContain('terima kasih atas penilaian');
    const { body } = await t.api('GET', `/api/v1/tickets/${number}`);
    expect(body.ticket.rating).toMatchObject({ score: 2, comment: null });
  });

  test('when the report is asked for, then it summarises the ratings given in the chats above', async () => {
    const res = await t.api('GET', '/api/v1/reports/tickets');
    expect(res.body.rating).toEqual({ count: 2, average: 3, distribution: { 1: 0, 2: 1, 3: 0, 4: 1 }, withComment: 1 });
    expect(res.body.byStage.selesai).toBe(2);
  });
});

describe('a complaint the person did not mean, or a field they skip', () => {
  /** Menu 5, topic 1, one line of complaint: the body step. */
  async function startComplaint(from: string) {
    await t.send(from, '5');
    await t.send(from, '1');
    await t.send(from, 'Antrean di loket lama sekali tadi pagi.');
  }

  test('when the person says it is not a complaint, then it is dropped, they are told, and their question is answered', async () => {
    const from = newPhone();
    const ticketsBefore = (await t.api('GET', '/api/v1/tickets')).text;
    await startComplaint(from);
    const replies = all(await t.send(from, 'bukan mau ngadu, saya cuma mau tanya syarat daftar kis apa aja'));
    expect(replies).toContain('tidak kami catat sebagai pengaduan');
    expect(replies).toContain('Persyaratan');
    // nothing is kept to be offered back
    expect(all(await t.send(from, 'halo'))).not.toContain('belum terkirim');
    expect(all(await t.send(from, 'lanjut'))).not.toContain('kita lanjutkan pengaduan');
    expect((await t.api('GET', '/api/v1/tickets')).text).toBe(ticketsBefore);
  });

  test('when a question is typed at the name step, then it is answered, not taken as the name, and the name is asked again; a bare "lanjut" or "ok" there is no name either', async () => {
    const from = newPhone();
    await startComplaint(from);
    await t.send(from, 'selesai');
    const replies = all(await t.send(from, 'jadi syaratnya apa'));
    expect(replies).toContain('Persyaratan');
    expect(replies).not.toContain('kirim *NIK*');
    expect(replies).toContain('*nama lengkap*');
    for (const word of ['lanjut', 'ok']) expect(all(await t.send(from, word))).toContain('*nama lengkap*');
    expect(all(await t.send(from, 'Rahmat Hidayat'))).toContain('kirim *NIK*');
  });

  test('when the person writes "ga usah nik" at the NIK step, then the NIK is skipped and the complaint goes on', async () => {
    const from = newPhone();
    await startComplaint(from);
    await t.send(from, 'selesai');
    await t.send(from, 'Siti Rahmawati');
    const replies = all(await t.send(from, 'ga usah nik'));
    expect(replies).not.toContain('dibatalkan');
    expect(replies).toContain('dirahasiakan');
  });
});

describe('the NIK step and natural endings', () => {
  test('when the NIK is sent as "nik saya …" at the complaint NIK step, then it is taken as the NIK, not as a status check', async () => {
    const from = newPhone();
    await t.send(from, '5');
    await t.send(from, '1');
    await t.send(from, 'Antrean di loket lama sekali tadi pagi.');
    await t.send(from, 'selesai');
    await t.send(from, 'Siti Rahmawati');
    const replies = all(await t.send(from, 'nik saya 6371014609970001'));
    expect(replies).not.toContain('belum terkirim');
    expect(replies).toContain('dirahasiakan');
  });

  test('when the complaint story itself asks something ("… ini gmn dinsos??? sy mau lapor"), then the story is kept as the complaint, not dropped for the topic menu', async () => {
    const from = newPhone();
    const story = 'sy kecewa sekali!! bpk sy ditolak di rs katanya kartu jamkesda nya ga aktif, kami disuruh bayar umum 3 juta. ini gmn dinsos??? sy mau lapor';
    expect(all(await t.send(from, story))).toContain('sudah kami catat');
    for (const line of ['selesai', 'Hendra Wijaya', 'lewati']) await t.send(from, line);
    const summary = all(await t.send(from, '2'));
    expect(summary).toContain('disuruh bayar umum 3 juta');
    const filed = all(await t.send(from, '1'));
    const ticket = (await t.api('GET', `/api/v1/tickets/${numberIn(filed)}`)).body;
    expect(JSON.stringify(ticket)).toContain('disuruh bayar umum 3 juta');
  });

  test('when a person asks for a person and a ticket mid-complaint, then "lanjut" resumes the kept draft and never hands the chat over', async () => {
    const from = newPhone();
    for (const line of ['5', '1', 'petugas loket kasar sekali', 'selesai', 'Budi', 'lewati']) await t.send(from, line);
    const asked = all(await t.send(from, 'kapan dibalas aduan sy? sy mau ngomong sm orang aja'));
    expect(asked).toContain('belum terkirim');
    const resumed = all(await t.send(from, 'lanjut'));
    expect(resumed).toContain('dirahasiakan');
    expect(resumed).not.toContain('teruskan ke petugas');
    await t.send(from, '2');
    expect(all(await t.send(from, '1'))).toContain('Nomor tiket');
  });

  test('when a complaint ends with "gitu saja, mohon dibantu", then the body is closed and the name is asked', async () => {
    const from = newPhone();
    await t.send(from, '5');
    await t.send(from, '1');
    const replies = all(await t.send(from, 'Petugas loket menyuruh saya pulang tanpa alasan, gitu aja pak mohon dibantu'));
    expect(replies).toContain('nama lengkap');
  });
});
