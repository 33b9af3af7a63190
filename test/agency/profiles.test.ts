/**
 * Agency profiles (flows/agencies/*.yaml): every profile validates, the requirement items are
 * pinned exactly as published, and the office-specific route/schedule facts hold.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigFileError } from '../../src/config/yaml-file';
import { listAgencyIds, loadAgencyProfile } from '../../src/agency/load-profile';
import type { AgencyProfile } from '../../src/agency/profile-schema';

const FLOWS_DIR = path.join(__dirname, '..', '..', 'flows');
const IDS = ['agam', 'banjarmasin', 'kutai-kartanegara', 'sekadau', 'singkawang'];

const load = (id: string): AgencyProfile => loadAgencyProfile(FLOWS_DIR, id);

function expectConfigError(fn: () => unknown): ConfigFileError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigFileError);
    return err as ConfigFileError;
  }
  throw new Error('expected a ConfigFileError');
}

describe('agency profiles', () => {
  it('lists the five offices', () => {
    expect(listAgencyIds(FLOWS_DIR)).toEqual(IDS);
  });

  it.each(IDS)('%s validates, its id matches the file name and only standard-specific wording overrides the catalogue', (id) => {
    const p = load(id);
    expect(p.id).toBe(id);
    // Banjarmasin alone has a home visit and a complaint rule on identity in its standard; Kukar's
    // requirements say the applicant comes in person; Sekadau's standard says how the card is used and that membership is for life.
    const overrides: Record<string, string[]> = {
      banjarmasin: ['menu.item_schedule', 'complaint.ask_name'],
      'kutai-kartanegara': ['answer.proxy'],
      sekadau: ['answer.inactive_reasons', 'answer.card_use'],
    };
    expect(Object.keys(p.messages)).toEqual(overrides[id] ?? []);
    expect(p.statuses.diterima).toBeDefined();
    expect(p.statuses.berkas_tidak_lengkap).toBeDefined();
    // Hours are not in any standard: the government default, marked as such.
    expect(p.office.hours.source).toBe('default');
    expect(p.office.hours.note).toMatch(/Perpres 21\/2023/);
    expect(p.office.hours.weekly).toEqual({
      mon: { open: '07:30', close: '16:00' },
      tue: { open: '07:30', close: '16:00' },
      wed: { open: '07:30', close: '16:00' },
      thu: { open: '07:30', close: '16:00' },
      fri: { open: '07:30', close: '16:30' },
    });
  });

  it('office identity and time zones', () => {
    const expected: Record<string, [string, string, string]> = {
      banjarmasin: ['Dinas Sosial Kota Banjarmasin', 'BJM', 'Asia/Makassar'],
      'kutai-kartanegara': ['Dinas Sosial Kabupaten Kutai Kartanegara', 'KKR', 'Asia/Makassar'],
      sekadau: ['Dinas Sosial P3A Kabupaten Sekadau', 'SKD', 'Asia/Jakarta'],
      singkawang: ['Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak Kota Singkawang', 'SKW', 'Asia/Jakarta'],
      agam: ['Dinas Sosial Kabupaten Agam', 'AGM', 'Asia/Jakarta'],
    };
    for (const [id, [name, code, tz]] of Object.entries(expected)) {
      const { office } = load(id);
      expect([office.name, office.code, office.timeZone]).toEqual([name, code, tz]);
    }
  });

  it('contacts are only those published', () => {
    const kukar = load('kutai-kartanegara').office;
    expect(kukar.address).toBe('Jl. Cut Nyak Dien No. 01 75512');
    expect(kukar.phone).toBe('0541-661049');
    expect(kukar.whatsapp).toBe('+6281350955560');
    expect(kukar.instagram).toBe('@dinsos.kukar');
    // Agam publishes "0" as its telephone: treated as not published.
    expect(load('agam').office.phone).toBeUndefined();
    expect(load('agam').office.address).toBe('Jln. Veteran No. 5 Padang Baru Lubuk Basung 26451');
    // No street address in these standards: the placeholder says so.
    expect(load('banjarmasin').office.address).toMatch(/belum tercantum dalam standar/);
    expect(load('sekadau').office.address).toMatch(/belum tercantum dalam standar/);
    expect(load('singkawang').office.address).toBe('Jalan Firdaus H Rais No 63 Singkawang 79123');
    const bjmWa = load('banjarmasin').complaints.channels.find((c) => c.kind === 'whatsapp');
    expect(bjmWa?.value).toBe('0887.4360.59071');
  });

  it('programme facts as published', () => {
    expect(load('banjarmasin').programme.decree).toBe('124');
    expect(load('kutai-kartanegara').programme.decree).toBe('B-1089/DINSOS/SET.1/06/2023');
    expect(load('agam').programme.decree).toBe('Nomor 60 Tahun 2022');
    expect(load('singkawang').programme.decree).toBeNull();
    expect(load('sekadau').programme.decree).toBeNull();
    expect(load('banjarmasin').programme.serviceTime).toEqual([
      '1 Bulan (sesuai dengan ketersediaan Kuota usulan di anggaran APBD maupun APBN)',
    ]);
    expect(load('agam').programme.serviceTime).toEqual(['5 (lima) menit dengan ketentuan persyaratan lengkap']);
    const skw = load('singkawang').programme.serviceTime.join('\n');
    expect(skw).toContain('3 sampai 6 Bulan');
    expect(skw).toContain('3 Bulan, Disesuaikan dengan Ketersediaan Kuota APBD Kota Singkawang');
    expect(load('sekadau').programme.fee).toBe('Gratis / tidak dipungut biaya');
    for (const id of IDS.filter((i) => i !== 'sekadau')) expect(load(id).programme.fee).toBe('Tidak dipungut biaya');
    expect(load('sekadau').programme.deactivation).toEqual([
      'Meninggal Dunia',
      'Sudah meningkat kesejahteraan Sosialnya (Kehidupan Ekonomi sudah mampu)',
      'Peserta mengundurkan diri dari kepesertaan.',
      'Pindah alamat diluar Kabupaten Sekadau',
    ]);
    expect(load('singkawang').procedure.steps).toHaveLength(11);
  });

  describe('requirements are transcribed verbatim', () => {
    it('banjarmasin', () => {
      expect(load('banjarmasin').requirements).toEqual([
        { text: 'Berdomisili di Banjarmasin', details: [] },
        { text: 'Status Pekerjaan sebagai Bukan Pekerja atau Pekerja Bukan Penerima Upah', details: [] },
        { text: 'NIK terdaftar pada Data Kependudukan SIAK', details: [] },
        {
          text: 'Fotocopy Kartu Keluarga dan KTP Banjarmasin yang sudah sinkron dengan domisili dan kondisi terbaru (tidak ada anggota keluarga yang meninggal dan pindah yang masih tercantum dalam Kartu Keluarga)',
          details: [],
        },
        {
          text: 'Hasil Diagnosa dari puskesmas/dokter bila memiliki penyakit kronis dan perlu diusulkan sebagai usulan prioritas',
          details: [],
          condition: 'Hanya bila pemohon memiliki penyakit kronis dan perlu diusulkan sebagai usulan prioritas.',
        },
      ]);
    });

    it('kutai-kartanegara', () => {
      expect(load('kutai-kartanegara').requirements).toEqual([
        {
          text: 'Pengguna layanan membuat surat permohonan tertulis yang berisi :',
          details: [
            'Identitas pemohon yang terdiri dari Nama, NIK, No KK, Pekerjaan, Alamat',
            'Melampirkan Copy KK, KTP, Surat Pernyataan bersedia menerima layanan Perawatan Kelas III dan Surat Pengantar dari Desa/Kelurahan.',
          ],
        },
        {
          text: 'Hadir langsung ke kantor Dinas Sosial dengan melakukan :',
          details: [
            'Menyerahkan berkas permohonan beserta lampiran ke Loker Pelayanan',
            'Mengcopy Surat Rekomendasi Pendaftaran Kepesertaan Program Jaminan Kesehatan dan menyerahkan copy nya ke petugas loket.',
          ],
        },
        {
          text: 'Hadir langsung ke Kantor Layanan BPJS Kesehatan Kabupaten Kutai Kartanegara dengan membawa asli Surat Rekomendasi dari Dinas Sosial beserta lampiran Copy Kartu KK dan KTP.',
          details: [],
        },
      ]);
    });

    it('sekadau', () => {
      expect(load('sekadau').requirements).toEqual([
        { text: 'Surat keterangan tidak mampu (SKTM) dari Desa dilegalisir Kecamatan', details: [] },
        { text: 'Fotocopy Kartu Tanda Penduduk (KTP) Calon Peserta', details: [] },
        { text: 'Fotocopy Kartu Keluarga (KK) Calon Peserta', details: [] },
        { text: 'Foto Rumah Calon Peserta', details: [] },
      ]);
    });

    it('singkawang', () => {
      const reqs = load('singkawang').requirements;
      expect(reqs.map((r) => r.text)).toEqual([
        'Fotocopy KK dan KTP Suami Istri 2 Lembar',
        'SKTM dari Kelurahan disahkan dikecamatan',
        'Daftar Isian Verifikasi Indikator Fakir Miskin dan Tidak Mampu',
        'surat Pernyataan Calon Peserta Jaminan Kesehatan Bagi Penduduk Singkawang',
        'Fotocopy bukti bayar tagihan listrik atas nama peserta atau atas nama pemilik rumah/tempat tinggal bersama dengan ktp/kk nama yang tertera pada rekening listrik',
      ]);
      expect(reqs.every((r) => r.details.length === 0)).toBe(true);
      expect(reqs.slice(0, 4).every((r) => r.condition === undefined)).toBe(true);
      // The 900 Watt rule (the second list's wording of item 5 is a comment in the profile, not applicant text).
      expect(reqs[4].condition).toBe('Daya listrik pada rekening paling besar 900 Watt.');
    });

    it('agam', () => {
      expect(load('agam').requirements).toEqual([
        { text: 'Dokumen Kependudukan (Kartu Keluarga / KK) padan Capil', details: [] },
        { text: 'Surat Keterangan Tidak mampu dari Walinagari', details: [] },
      ]);
    });
  });

  describe('routes and schedules', () => {
    it('kutai-kartanegara asks about urgency: emergency 15–20 menit, regular on the 10th', () => {
      const p = load('kutai-kartanegara');
      expect(p.procedure.askUrgency).toBe(true);
      expect(p.procedure.routes.map((r) => r.id)).toEqual(['regular', 'emergency']);
      const emergency = p.procedure.routes.find((r) => r.id === 'emergency');
      expect(emergency?.time).toMatch(/15 – 20 menit/);
      expect(emergency?.when).toMatch(/rawat inap/);
      expect(p.procedure.routes.find((r) => r.id === 'regular')?.time).toMatch(/tanggal 10/);
      expect(p.schedule.processingDay).toBe(10);
      expect(p.procedure.notes.join(' ')).toMatch(/asli Surat Rekomendasi.*BPJS Kesehatan/);
    });

    it('no other office asks about urgency or has routes', () => {
      for (const id of IDS.filter((i) => i !== 'kutai-kartanegara')) {
        expect(load(id).procedure.askUrgency).toBe(false);
        expect(load(id).procedure.routes).toEqual([]);
      }
    });

    it('agam: BPJS activation on the 1st, quota-dependent', () => {
      const { schedule } = load('agam');
      expect(schedule.activationDay).toBe(1);
      expect(schedule.quotaNote).toMatch(/kuota/);
    });

    it('sekadau: end-of-month reconciliation and 7 legal bases', () => {
      const p = load('sekadau');
      expect(p.schedule.endOfMonthReconciliation).toBe(true);
      expect(p.schedule.quotaNote).toMatch(/kuota kosong/);
      expect(p.programme.legalBasis).toHaveLength(7);
      expect(p.programme.legalBasis[0]).toBe('Undang-undang Nomor 40 Tahun 2004 tentang Sistem Jaminan Sosial Nasional.');
      expect(p.programme.legalBasis[6]).toBe(
        'Peraturan Menteri Sosial Nomor 21 Tahun 2019 tentang Persyaratan dan tata cara perubahan Penerima Bantuan Iuran Jaminan Kesehatan.',
      );
      for (const id of IDS.filter((i) => i !== 'sekadau')) {
        expect(load(id).programme.legalBasis).toEqual([]);
        expect(load(id).schedule.endOfMonthReconciliation).toBe(false);
      }
    });

    it('banjarmasin and singkawang note the quota', () => {
      expect(load('banjarmasin').schedule.quotaNote).toMatch(/kuota/);
      expect(load('singkawang').schedule.quotaNote).toMatch(/kuota/);
    });
  });

  describe('complaints and statuses', () => {
    it('banjarmasin states 3 working days; the others use the default', () => {
      expect(load('banjarmasin').complaints.responseDays).toEqual({ value: 3, source: 'standard' });
      expect(load('banjarmasin').complaints.handlingSteps).toEqual(['cek administrasi', 'koordinasi internal/eksternal']);
      for (const id of IDS.filter((i) => i !== 'banjarmasin')) {
        expect(load(id).complaints.responseDays).toEqual({ value: 3, source: 'default' });
        expect(load(id).complaints.notes.join(' ')).toMatch(/tidak dicantumkan dalam standar/);
      }
    });

    it('complaint channel kinds per office', () => {
      const kinds = (id: string) => load(id).complaints.channels.map((c) => c.kind);
      expect(kinds('banjarmasin')).toEqual(['complaint_box', 'email', 'website', 'whatsapp', 'walk_in', 'lapor']);
      expect(kinds('kutai-kartanegara')).toEqual(['lapor', 'whatsapp', 'instagram', 'walk_in', 'complaint_box']);
      expect(kinds('sekadau')).toEqual(['complaint_box', 'phone', 'phone', 'email']);
      expect(kinds('singkawang')).toEqual(['walk_in', 'complaint_box', 'website', 'email', 'online_service', 'whatsapp']);
      expect(kinds('agam')).toEqual(['lapor', 'website', 'walk_in', 'phone']);
      expect(load('sekadau').complaints.channels.filter((c) => c.kind === 'phone').map((c) => c.value)).toEqual([
        '08115704281',
        '089526636410',
      ]);
    });

    it('each office uses the statuses that fit its procedure', () => {
      const codes = (id: string) => Object.keys(load(id).statuses).sort();
      expect(codes('banjarmasin')).toEqual(
        expect.arrayContaining(['diterima', 'berkas_tidak_lengkap', 'verifikasi_dijadwalkan', 'layak', 'tidak_layak', 'daftar_tunggu']),
      );
      expect(codes('singkawang')).toEqual(
        expect.arrayContaining(['diterima', 'berkas_tidak_lengkap', 'verifikasi_dijadwalkan', 'layak', 'tidak_layak', 'daftar_tunggu']),
      );
      expect(codes('sekadau')).toEqual(['aktif', 'berkas_tidak_lengkap', 'daftar_tunggu', 'diterima', 'nonaktif']);
      expect(load('banjarmasin').statuses.verifikasi_dijadwalkan?.next).toMatch(/menunggu di rumah/);
      expect(load('kutai-kartanegara').statuses.menunggu_verifikasi?.next).toMatch(/tanggal 10 setiap bulan/);
      expect(load('agam').statuses.diusulkan?.next).toMatch(/tanggal 1 bulan berikutnya/);
    });
  });
});

describe('loading errors', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agency-profiles-'));
    fs.mkdirSync(path.join(tmp, 'agencies'));
    fs.copyFileSync(path.join(FLOWS_DIR, 'agencies', 'agam.yaml'), path.join(tmp, 'agencies', 'agam.yaml'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('a broken profile fails with the file, the path inside it and the reason', () => {
    const good = fs.readFileSync(path.join(FLOWS_DIR, 'agencies', 'agam.yaml'), 'utf8');
    const broken = good.replace('code: AGM', 'code: agam1');
    expect(broken).not.toBe(good);
    const file = path.join(tmp, 'agencies', 'broken.yaml');
    fs.writeFileSync(file, broken.replace('id: agam', 'id: broken'));
    const err = expectConfigError(() => loadAgencyProfile(tmp, 'broken'));
    expect(err.file).toBe(file);
    expect(err.problems).toEqual([{ path: 'office.code', reason: expect.stringMatching(/capital letters/) }]);
    expect(err.message).toContain('broken.yaml');
    expect(err.message).toContain('office.code');
  });

  it('a profile whose id differs from its file name is refused', () => {
    fs.copyFileSync(path.join(tmp, 'agencies', 'agam.yaml'), path.join(tmp, 'agencies', 'agam-copy.yaml'));
    const err = expectConfigError(() => loadAgencyProfile(tmp, 'agam-copy'));
    expect(err.file).toMatch(/agam-copy\.yaml$/);
    expect(err.problems[0].path).toBe('id');
  });

  it('invalid YAML reports the line', () => {
    fs.writeFileSync(path.join(tmp, 'agencies', 'bad.yaml'), 'id: bad\noffice: [unclosed\n');
    const err = expectConfigError(() => loadAgencyProfile(tmp, 'bad'));
    expect(err.problems[0].path).toMatch(/^line \d+/);
  });

  it('an unknown id lists the available ones', () => {
    const err = expectConfigError(() => loadAgencyProfile(FLOWS_DIR, 'pontianak'));
    expect(err.file).toMatch(/pontianak\.yaml$/);
    expect(err.problems[0].reason).toContain('unknown agency id "pontianak"');
    expect(err.message).toContain('available: agam, banjarmasin, kutai-kartanegara, sekadau, singkawang');
  });

  it('an id that is not a file name is refused before touching the disk', () => {
    const err = expectConfigError(() => loadAgencyProfile(tmp, '../agencies/agam'));
    expect(err.problems[0].reason).toContain('available: agam');
  });

  it('a missing agencies folder lists no ids', () => {
    expect(listAgencyIds(path.join(tmp, 'nowhere'))).toEqual([]);
    expect(() => loadAgencyProfile(path.join(tmp, 'nowhere'), 'agam')).toThrow(/available: none/);
  });
});
