/**
 * Each office's own facts through the conversation: requirement items as published, its
 * procedure and timing, complaint channels, and schedule dates computed against a fixed clock.
 */
import { loadAgencyProfile } from '../../src/agency/load-profile';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { startTestService, type TestService } from '../support/service';

const NOW = '2026-11-23T02:00:00Z'; // Monday 23 November 2026, office hours in WIB and WITA
let mongo: EmbeddedMongo;

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
});
afterAll(async () => {
  await mongo.stop();
});

const AGENCIES: { id: string; published: string; procedureStep: string; time: string; channel: string; schedule?: string; scheduleApproximate?: true }[] = [
  {
    id: 'banjarmasin',
    published: 'Hasil Diagnosa dari puskesmas/dokter bila memiliki penyakit kronis dan perlu diusulkan sebagai usulan prioritas',
    procedureStep: 'Pengguna Layanan menunggu di rumah untuk jadwal pelaksanaan verifikasi',
    time: '1 Bulan',
    channel: 'dinsosbjm.aduanbansos@gmail.com',
  },
  {
    id: 'kutai-kartanegara',
    published: 'Pengguna layanan membuat surat permohonan tertulis',
    procedureStep: 'Petugas layanan menerima berkas permohonan selanjutnya dievaluasi',
    time: '15 – 20 menit',
    channel: '@dinsos.kukar',
    schedule: 'Kamis, 10 Desember 2026',
  },
  {
    id: 'sekadau',
    published: 'Foto Rumah Calon Peserta',
    procedureStep: 'Apabila lengkap, petugas mencatat dalam daftar tunggu peserta PBI APBD Kabupaten',
    time: '20 menit',
    channel: 'linjamsosskd@gmail.com',
    schedule: 'Senin, 30 November 2026',
    // "Setiap akhir bulan": the month's last day is no date the standard gives.
    scheduleApproximate: true,
  },
  {
    id: 'singkawang',
    published: 'Daftar Isian Verifikasi Indikator Fakir Miskin dan Tidak Mampu',
    procedureStep: 'Petugas verifikasi melakukan survey kelayakan pemohon',
    time: '3 sampai 6 Bulan',
    channel: '0859 6048 4873',
  },
  {
    id: 'agam',
    published: 'Surat Keterangan Tidak mampu dari Walinagari',
    procedureStep: 'Pengaktifan oleh BPJS pada tanggal 1 setiap bulannya',
    time: '5 (lima) menit',
    channel: 'lapor.go.id',
    schedule: 'Selasa, 1 Desember 2026',
  },
];

describe.each(AGENCIES)('office $id', (agency) => {
  let t: TestService;
  let n = 0;
  const phone = () => `62813${agency.id.length}${String(++n).padStart(6, '0')}`;
  const profile = loadAgencyProfile('flows', agency.id);

  beforeAll(async () => {
    t = await startTestService({ mongo, agency: agency.id, now: NOW });
  });
  afterAll(async () => {
    await t.close();
  });

  test('when asked for requirements, then every published item is listed in order', async () => {
    const text = (await t.send(phone(), 'persyaratan')).join('\n');
    expect(text).toContain(agency.published);
    let last = -1;
    for (const item of profile.requirements) {
      const at = text.indexOf(item.text);
      expect(at).toBeGreaterThan(last);
      last = at;
      for (const detail of item.details) expect(text).toContain(detail);
    }
  });

  test('when asked for the procedure, then its steps and service time are given', async () => {
    const from = phone();
    let text = (await t.send(from, 'alur')).join('\n');
    if (profile.procedure.askUrgency) text = (await t.send(from, '2')).join('\n');
    expect(text).toContain(agency.procedureStep);
    expect(text).toContain(agency.time);
  });

  test('when asked for information, then the fee is given and the complaint channels are one word away', async () => {
    const text = (await t.send(phone(), 'informasi')).join('\n');
    expect(text).toContain(profile.programme.fee);
    expect(text).toContain('*kontak*');
    expect((await t.send(phone(), 'kontak')).join('\n')).toContain(agency.channel);
  });

  test('when asked for the complaint contacts, then every complaint channel of the standard is listed, those repeating a contact too', async () => {
    const text = (await t.send(phone(), 'kontak pengaduan apa aja')).join('\n');
    const listed = text.slice(text.indexOf('*Saluran pengaduan*'));
    for (const channel of profile.complaints.channels) expect(listed).toContain(`• ${channel.label}${channel.value ? `: ${channel.value}` : ''}`);
  });

  test('when asked how many copies of the KK to bring, then the standard\'s own count is quoted where it gives one, and where it gives none the person is told so', async () => {
    const reply = (await t.send(phone(), 'kk nya fotokopi berapa lembar')).join('\n');
    const stated = profile.requirements.find((r) => /lembar|rangkap/i.test([r.text, ...r.details].join(' ')));
    if (stated) {
      expect(reply).toContain(stated.text);
      expect(reply).not.toContain('tidak menyebut');
    } else expect(reply).toContain('tidak menyebut *jumlah rangkap/lembar*');
  });

  test('when someone who moved asks whether they can apply, then only what the standard says about residence is quoted, and no rule it lacks', async () => {
    const reply = (await t.send(phone(), 'sy pindah domisili masih bisa daftar disini?')).join('\n');
    expect(reply).toContain('tidak mengatur penduduk pindahan');
    const residence = profile.requirements.filter((r) => /domisili|bagi penduduk/i.test(r.text));
    for (const r of residence) expect(reply).toContain(r.text);
    if (residence.length === 0) expect(reply).not.toContain('Persyaratan yang menyangkut tempat tinggal');
  });

  test('when asked who can apply, then national PBI rules are labelled as national, not as the office\'s', async () => {
    const reply = (await t.send(phone(), 'siapa aja yg bisa daftar pbi')).join('\n');
    expect(reply).toContain('(ketentuan nasional, bukan standar kantor ini)');
  });

  test('when someone asks where complaints go ("saluran pengaduan apa aja", "sy bisa jg lapor lewat lapor.go.id kan"), then the standard\'s channels are listed, no ticket number asked and no complaint started', async () => {
    for (const line of ['saluran pengaduan apa aja', 'ini aduan nanti yg nanganin bagian apa? sy bisa jg lapor lewat lapor.go.id kan', 'cara komplain gimana ya']) {
      const reply = (await t.send(phone(), line)).join('\n');
      for (const channel of profile.complaints.channels) expect(reply).toContain(channel.label);
      for (const step of profile.complaints.handlingSteps) expect(reply).toContain(step);
      expect(reply).not.toContain('nomor tiket pengaduan, contoh');
      expect(reply).not.toContain('Pengaduan tentang apa');
    }
    expect((await t.send(phone(), 'sy mau lapor, gimana caranya?')).join('\n')).toContain('Pengaduan tentang apa');
  });

  if (agency.schedule) {
    test(`when asked for the schedule on Monday 23 November 2026, then it says ${agency.schedule}`, async () => {
      const reply = (await t.send(phone(), 'jadwal')).join('\n');
      expect(reply).toContain(agency.schedule);
      if (agency.scheduleApproximate) expect(reply).toContain('standar pelayanan tidak menyebut tanggal pastinya');
    });
  }
});

describe('office-specific conversation', () => {
  test('when a Kutai Kartanegara applicant says the need is urgent, then the emergency route is given', async () => {
    const t = await startTestService({ mongo, agency: 'kutai-kartanegara', now: NOW });
    try {
      expect((await t.send('6281311111111', 'gmn cara daftar')).join('\n')).toContain('*mendesak*');
      const urgent = (await t.send('6281311111111', '1')).join('\n');
      expect(urgent).toContain('Emergency');
      expect(urgent).toContain('15 – 20 menit');
      // What to bring, not the whole procedure: a patient is in hospital now.
      const profile = loadAgencyProfile('flows', 'kutai-kartanegara');
      expect(urgent).toContain(profile.requirements[0].text);
      expect(urgent).not.toContain('*Alur layanan*');
    } finally {
      await t.close();
    }
  });

  test('when a Kutai Kartanegara applicant answers the urgency question in words, then a denied urgent word is not urgent ("tidak darurat") and a denied calm word is not calm ("tidak sehat, dirawat")', async () => {
    const t = await startTestService({ mongo, agency: 'kutai-kartanegara', now: NOW });
    const ask = async (from: string, answer: string) => {
      expect((await t.send(from, 'alur daftarnya gimana')).join('\n')).toContain('*mendesak*');
      return (await t.send(from, answer)).join('\n');
    };
    try {
      const calm = await ask('6281311111112', 'tidak darurat');
      expect(calm).toContain('Jalur Reguler');
      expect(calm).not.toContain('Jalur Emergency');
      expect(await ask('6281311111113', 'bapak saya tidak sehat, dirawat di rsud')).toContain('Jalur Emergency');
      // A calm word next to a patient in hospital: the hospital decides.
      expect(await ask('6281311111116', 'buat jaga jaga juga sih, tapi bapak lg opname')).toContain('Jalur Emergency');
      // Said up front, the question is not asked at all.
      const upFront = (await t.send('6281311111114', 'ibu saya tidak darurat kok, alurnya gimana')).join('\n');
      expect(upFront).toContain('Jalur Reguler');
      expect(upFront).not.toContain('*mendesak*');
    } finally {
      await t.close();
    }
  });

  test('when a Kutai Kartanegara applicant asks about one step ("stlh dpt rekomendasi trs kmn"), then the steps are given at once, not the urgency question', async () => {
    const t = await startTestService({ mongo, agency: 'kutai-kartanegara', now: NOW });
    try {
      const reply = (await t.send('6281311111115', 'stlh dpt rekomendasi trs kmn')).join('\n');
      expect(reply).not.toContain('*mendesak*');
      expect(reply).toContain('Kantor Layanan BPJS Kesehatan');
    } finally {
      await t.close();
    }
  });

  test('when someone asks for staff on a Saturday, then the bot says when staff are back', async () => {
    const t = await startTestService({ mongo, agency: 'banjarmasin', now: '2026-11-28T03:00:00Z' }); // Saturday 11:00 WITA
    try {
      const text = (await t.send('6281322222222', 'petugas')).join('\n');
      expect(text).toContain('di luar jam layanan');
      expect(text).toContain('Senin, 30 November 2026 pukul 07.30 WITA');
    } finally {
      await t.close();
    }
  });
});
