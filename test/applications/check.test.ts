/**
 * Cek hasil through the simulator over real HTTP: NIK validation in the chat, who may see a
 * status (registered number, receipt number, @lid senders), the neutral answer that does not
 * reveal whether a NIK exists, and the abuse limits.
 */
import { startTestService, type TestService } from '../support/service';
import { all, createApplication, DOB_MAN, MANY_NIKS, newPhone, NIK_MAN, NIK_UNKNOWN, NIK_WOMAN } from './fixtures';

let t: TestService;
const owner = newPhone();
const ownerOfIncomplete = newPhone();

beforeAll(async () => {
  t = await startTestService({ now: '2026-11-23T02:00:00Z' }); // Monday 10:00 WITA
  await createApplication(t, {
    registrationNumber: 'BJM/2026/00123',
    phones: [owner],
    status: 'verifikasi_dijadwalkan',
    visit: { date: '2026-11-26', timeWindow: '09:00-12:00' },
  });
  await createApplication(t, { registrationNumber: 'BJM/2026/00456', nik: NIK_MAN, dateOfBirth: DOB_MAN, phones: [ownerOfIncomplete], status: 'berkas_tidak_lengkap' });
});
afterAll(async () => {
  await t.close();
});

describe('NIK validation in the chat', () => {
  test.each([
    ['a man', 'cek nik 3204110609970001'],
    ['a woman (day + 40)', 'cek nik 3204114609970001'],
    ['dots', 'cek nik 3204.1106.0997.0001'],
    ['dashes', 'cek 3204-1106-0997-0001'],
    ['spaces and "kak"', 'cek nik 3204 1106 0997 0001 kak'],
  ])('when the NIK of %s is sent, then it is accepted and the receipt number is asked for', async (_case, text) => {
    expect(all(await t.send(newPhone(), text))).toContain('mohon kirim *nomor registrasi*');
  });

  test.each([
    ['too short', 'cek nik 320411060997000', 'NIK harus 16 angka, yang Bapak/Ibu kirim 15 angka'],
    ['an unknown province', 'cek nik 2004110609970001', 'Dua angka pertama NIK (20) bukan kode provinsi'],
    ['month 13', 'cek nik 3204110613970001', 'bulan 13 tidak ada'],
    ['day 32', 'cek nik 3204113209970001', 'angka tanggalnya 32 tidak mungkin'],
    ['31 February', 'cek nik 3204113102970001', 'tanggal 31 Februari tidak ada'],
  ])('when a NIK with %s is sent, then the bot says precisely what is wrong', async (_case, text, reason) => {
    const reply = all(await t.send(newPhone(), text));
    expect(reply).toContain(reason);
    expect(reply).toContain('Silakan kirim ulang NIK');
  });

  test('when the person first asks and then sends the NIK, then the NIK step accepts it', async () => {
    const from = newPhone();
    expect(all(await t.send(from, 'cek hasil'))).toContain('kirim *NIK*');
    expect(all(await t.send(from, '3204 1106 0997 0001'))).toContain('*nomor registrasi*');
  });
});

describe('who sees the status', () => {
  test('when the number registered on the application checks, then the status, its meaning, next step and visit date are shown', async () => {
    const reply = all(await t.send(owner, `cek nik ${NIK_WOMAN}`));
    expect(reply).toContain('No. registrasi: *BJM/2026/00123*');
    expect(reply).toContain('Status: *Verifikasi dijadwalkan*');
    expect(reply).toContain('Kunjungan verifikasi ke rumah/tempat tinggal Anda sudah dijadwalkan.');
    expect(reply).toContain('*Langkah berikutnya:* Petugas verifikasi akan datang');
    expect(reply).toContain('Kamis, 26 November 2026*, pukul 09.00–12.00 WITA');
    expect(reply).toContain('NIK: 6371********0001');
    expect(reply).not.toContain(NIK_WOMAN);
  });

  test('when a stranger gives the NIK and the right registration number, then the status is shown', async () => {
    const stranger = newPhone();
    expect(all(await t.send(stranger, `cek nik ${NIK_WOMAN}`))).toContain('*nomor registrasi*');
    const reply = all(await t.send(stranger, 'bjm/2026/00123'));
    expect(reply).toContain('Status: *Verifikasi dijadwalkan*');
  });

  test('when a stranger gives the NIK and a wrong registration number, then the status stays hidden', async () => {
    const stranger = newPhone();
    await t.send(stranger, `cek nik ${NIK_WOMAN}`);
    const reply = all(await t.send(stranger, 'BJM/2026/99999'));
    expect(reply).toContain('status tidak dapat kami tampilkan');
    expect(reply).not.toContain('Verifikasi dijadwalkan');
  });

  test('when the receipt number comes inside a sentence after a re-sent NIK, then the NIK is not taken for it and the sentence is understood', async () => {
    const stranger = newPhone();
    await t.send(stranger, `cek nik ${NIK_WOMAN}`);
    expect(all(await t.send(stranger, '6371 0146 0997 0001'))).toContain('mohon kirim *nomor registrasi*');
    expect(all(await t.send(stranger, 'sebentar kak'))).toContain('mohon kirim *nomor registrasi*');
    expect(all(await t.send(stranger, 'no reg saya BJM/2026/00123 kak.'))).toContain('Status: *Verifikasi dijadwalkan*');
  });

  test('when the person has lost the receipt, then the bot says where to go instead of asking again', async () => {
    const stranger = newPhone();
    await t.send(stranger, `cek nik ${NIK_WOMAN}`);
    const reply = all(await t.send(stranger, 'kertas tanda terimanya hilang kak'));
    expect(reply).toContain('Tanpa nomor registrasi');
    expect(reply).not.toContain('mohon kirim *nomor registrasi*');
    // The check is over: a number now is a menu choice again.
    expect(all(await t.send(stranger, '1'))).toContain('*Persyaratan');
  });

  test('when the receipt number is asked and the person writes something else, then that is understood and the check is not a trap', async () => {
    const first = newPhone();
    await t.send(first, `cek nik ${NIK_WOMAN}`);
    expect(all(await t.send(first, 'tidak'))).toContain('Tanpa nomor registrasi');
    const second = newPhone();
    await t.send(second, `cek nik ${NIK_WOMAN}`);
    const reply = all(await t.send(second, 'saya mau mengadu, usulan saya sudah 4 bulan belum aktif juga'));
    expect(reply).not.toContain('mohon kirim *nomor registrasi*');
    expect(reply).toMatch(/pengaduan|Pengaduan/);
  });

  test('when the file is incomplete, then the answer lists what to bring', async () => {
    const reply = all(await t.send(ownerOfIncomplete, `cek nik ${NIK_MAN}`));
    expect(reply).toContain('Status: *Berkas belum lengkap*');
    expect(reply).toContain('*Persyaratan yang perlu dibawa ke loket:*');
    expect(reply).toContain('1. Berdomisili di Banjarmasin');
  });

  test('when a sender known only by an @lid id checks, then the receipt number is asked for, and with it the status is shown', async () => {
    const chatId = '104857600012345@lid';
    const receive = async (text: string, n: number) => {
      await t.service.engine.receive({ channel: 'simulator', messageId: `lid-${n}`, chatId, phone: null, text, receivedAt: t.clock.now() });
      await t.service.engine.settle(`simulator:${chatId}`);
      return t.service.simulator!.transcript(chatId).map((e) => e.text).join('\n---\n');
    };
    expect(await receive(`cek nik ${NIK_WOMAN}`, 1)).toContain('*nomor registrasi*');
    expect(await receive('BJM/2026/00123', 2)).toContain('Status: *Verifikasi dijadwalkan*');
  });

  test('when the registered number asks for the schedule, then its home visit is listed', async () => {
    const reply = all(await t.send(owner, 'jadwal'));
    expect(reply).toContain('Kunjungan verifikasi ke rumah (No. registrasi *BJM/2026/00123*): *Kamis, 26 November 2026*, pukul 09.00–12.00 WITA');
    expect(all(await t.send(newPhone(), 'jadwal'))).toContain('akan diberitahukan oleh petugas');
  });
});

describe('enumeration protections', () => {
  test('when strangers check an existing and a non-existing NIK, then every reply is the same', async () => {
    const a = newPhone();
    const b = newPhone();
    const first = [await t.send(a, `cek nik ${NIK_WOMAN}`), await t.send(b, `cek nik ${NIK_UNKNOWN}`)];
    expect(first[0]).toEqual(first[1]);
    const second = [await t.send(a, 'BJM/2026/00777'), await t.send(b, 'BJM/2026/00777')];
    expect(second[0]).toEqual(second[1]);
    expect(all(second[0])).toContain('status tidak dapat kami tampilkan');
  });

  test('when a chat fails 3 checks, then it is paused for 30 minutes, politely', async () => {
    const from = newPhone();
    for (let i = 0; i < 3; i++) {
      await t.send(from, `cek nik ${NIK_WOMAN}`);
      expect(all(await t.send(from, `BJM/2026/0000${i}`))).toContain('status tidak dapat kami tampilkan');
    }
    const paused = all(await t.send(from, `cek nik ${NIK_WOMAN}`));
    expect(paused).toContain('kami hentikan sementara');
    expect(paused).toContain('Senin, 23 November 2026 pukul 10.30 WITA');
    t.clock.advanceMinutes(31);
    expect(all(await t.send(from, `cek nik ${NIK_WOMAN}`))).toContain('*nomor registrasi*');
    t.clock.set('2026-11-23T02:00:00Z');
  });

  test('when a chat checks a 6th different NIK in a day, then it is refused, while NIKs already checked stay allowed', async () => {
    const from = newPhone();
    for (const nik of MANY_NIKS.slice(0, 5)) expect(all(await t.send(from, `cek nik ${nik}`))).toContain('*nomor registrasi*');
    expect(all(await t.send(from, `cek nik ${MANY_NIKS[5]}`))).toContain('batas pengecekan NIK untuk hari ini');
    expect(all(await t.send(from, `cek nik ${MANY_NIKS[0]}`))).toContain('*nomor registrasi*');
    t.clock.set('2026-11-24T01:00:00Z'); // next day, 09:00 WITA
    expect(all(await t.send(from, `cek nik ${MANY_NIKS[5]}`))).toContain('*nomor registrasi*');
    t.clock.set('2026-11-23T02:00:00Z');
  });

  test('when the nightly purge runs days later, then the old counters are gone', async () => {
    const db = t.service.db.connection.db!;
    expect(await db.collection('check_nik_counters').countDocuments()).toBeGreaterThan(0);
    t.clock.set('2026-11-27T19:30:00Z');
    await t.service.jobs.find((j) => j.name === 'application-check-limits-purge')!.run();
    for (const name of ['check_failures', 'check_nik_counters', 'check_nik_seen']) expect(await db.collection(name).countDocuments()).toBe(0);
    t.clock.set('2026-11-23T02:00:00Z');
  });
});
