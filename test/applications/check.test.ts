/**
 * Cek hasil through the simulator over real HTTP: NIK validation in the chat, who may see a
 * status (registered number, receipt number, @lid senders), the neutral answer that does not
 * reveal whether a NIK exists, and the abuse limits.
 */
import { seedUser, signedIn } from '../dashboard/support';
import { startTestService, type TestService } from '../support/service';
import { all, createApplication, createApplicationWithReceipt, DOB_MAN, MANY_NIKS, newPhone, NIK_MAN, NIK_UNKNOWN, NIK_WOMAN } from './fixtures';

let t: TestService;
/** Valid NIKs of their own, so one test's wrong guesses never pause another test's NIK. */
const NIK_CHAT_PAUSE = '6371011503900004';
const NIK_GUESSED = '6371012004880005';
const NIK_LEGACY = '6371010706790006';
const owner = newPhone();
const ownerOfIncomplete = newPhone();
/** The verification code printed on BJM/2026/00123's receipt, e.g. "K7QX-M2PA". */
let code: string;

beforeAll(async () => {
  t = await startTestService({ now: '2026-11-23T02:00:00Z' }); // Monday 10:00 WITA
  ({ code } = await createApplicationWithReceipt(t, {
    registrationNumber: 'BJM/2026/00123',
    phones: [owner],
    status: 'verifikasi_dijadwalkan',
    visit: { date: '2026-11-26', timeWindow: '09:00-12:00' },
  }));
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
    expect(all(await t.send(newPhone(), text))).toContain('mohon kirim *kode verifikasi*');
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
    expect(all(await t.send(from, '3204 1106 0997 0001'))).toContain('*kode verifikasi*');
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

  test('when a stranger gives the NIK and the receipt\'s verification code, in any case or grouping, then the status is shown', async () => {
    for (const typed of [code, code.toLowerCase(), code.replace('-', ' '), code.replace('-', '')]) {
      const stranger = newPhone();
      expect(all(await t.send(stranger, `cek nik ${NIK_WOMAN}`))).toContain('*kode verifikasi*');
      expect(all(await t.send(stranger, typed))).toContain('Status: *Verifikasi dijadwalkan*');
    }
  });

  test('when a stranger gives the NIK and the verification code in one message, then the status is shown without asking again', async () => {
    const reply = all(await t.send(newPhone(), `sy mau cek hasil sy aja deh. nik ${NIK_WOMAN} kode ${code}`));
    expect(reply).toContain('Status: *Verifikasi dijadwalkan*');
    expect(reply).not.toContain('mohon kirim *kode verifikasi*');
  });

  test('when a stranger gives the NIK and the right (sequential, guessable) registration number only, then the status stays hidden', async () => {
    const stranger = newPhone();
    await t.send(stranger, `cek nik ${NIK_WOMAN}`);
    const reply = all(await t.send(stranger, 'BJM/2026/00123'));
    expect(reply).toContain('status tidak dapat kami tampilkan');
    expect(reply).not.toContain('Verifikasi dijadwalkan');
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
    expect(all(await t.send(stranger, '6371 0146 0997 0001'))).toContain('mohon kirim *kode verifikasi*');
    expect(all(await t.send(stranger, 'sebentar kak'))).toContain('mohon kirim *kode verifikasi*');
    expect(all(await t.send(stranger, `no reg saya BJM/2026/00123 kodenya ${code} kak.`))).toContain('Status: *Verifikasi dijadwalkan*');
  });

  test('when the person has lost the receipt, then the bot says where to go instead of asking again', async () => {
    const stranger = newPhone();
    await t.send(stranger, `cek nik ${NIK_WOMAN}`);
    const reply = all(await t.send(stranger, 'kertas tanda terimanya hilang kak'));
    expect(reply).toContain('Tanpa kode verifikasi');
    expect(reply).not.toContain('mohon kirim *kode verifikasi*');
    // The check is over: a number now is a menu choice again.
    expect(all(await t.send(stranger, '1'))).toContain('*Persyaratan');
  });

  test('when the person asks what the code is ("kode apaan itu"), then it is explained with the way on without one, and "tidak" takes it', async () => {
    const stranger = newPhone();
    await t.send(stranger, `cek nik ${NIK_WOMAN}`);
    const explained = all(await t.send(stranger, 'kode apaan itu'));
    expect(explained).toContain('tanda terima');
    expect(explained).toContain('balas *tidak*');
    const reply = all(await t.send(stranger, 'tidak'));
    expect(reply).toContain('Tanpa kode verifikasi');
    expect(reply).not.toContain('mohon kirim *kode verifikasi*');
  });

  test.each(['gk ada kode bang, dulu cm dicatet aja namanya', 'ga dikasih tanda terima', 'gak ada', 'indak ado'])('when the person has no code ("%s"), then the bot says where to go instead of asking again', async (line) => {
    const stranger = newPhone();
    expect(all(await t.send(stranger, `cek nik ${NIK_WOMAN}`))).toContain('Bila tidak punya kode, balas *tidak*');
    const reply = all(await t.send(stranger, line));
    expect(reply).toContain('Tanpa kode verifikasi');
    expect(reply).not.toContain('mohon kirim *kode verifikasi*');
  });

  test('when the receipt number is asked and the person writes something else, then that is understood and the check is not a trap', async () => {
    const first = newPhone();
    await t.send(first, `cek nik ${NIK_WOMAN}`);
    expect(all(await t.send(first, 'tidak'))).toContain('Tanpa kode verifikasi');
    const second = newPhone();
    await t.send(second, `cek nik ${NIK_WOMAN}`);
    const reply = all(await t.send(second, 'saya mau mengadu, usulan saya sudah 4 bulan belum aktif juga'));
    expect(reply).not.toContain('mohon kirim *kode verifikasi*');
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
    expect(await receive(`cek nik ${NIK_WOMAN}`, 1)).toContain('*kode verifikasi*');
    expect(await receive(code, 2)).toContain('Status: *Verifikasi dijadwalkan*');
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
      await t.send(from, `cek nik ${NIK_CHAT_PAUSE}`);
      expect(all(await t.send(from, `BJM/2026/0000${i}`))).toContain('status tidak dapat kami tampilkan');
    }
    const paused = all(await t.send(from, `cek nik ${NIK_CHAT_PAUSE}`));
    expect(paused).toContain('kami hentikan sementara');
    expect(paused).toContain('Senin, 23 November 2026 pukul 10.30 WITA');
    t.clock.advanceMinutes(31);
    expect(all(await t.send(from, `cek nik ${NIK_CHAT_PAUSE}`))).toContain('*kode verifikasi*');
    t.clock.set('2026-11-23T02:00:00Z');
  });

  test('when a chat checks a 6th different NIK in a day, then it is refused, while NIKs already checked stay allowed', async () => {
    const from = newPhone();
    for (const nik of MANY_NIKS.slice(0, 5)) expect(all(await t.send(from, `cek nik ${nik}`))).toContain('*kode verifikasi*');
    expect(all(await t.send(from, `cek nik ${MANY_NIKS[5]}`))).toContain('batas pengecekan NIK untuk hari ini');
    expect(all(await t.send(from, `cek nik ${MANY_NIKS[0]}`))).toContain('*kode verifikasi*');
    t.clock.set('2026-11-24T01:00:00Z'); // next day, 09:00 WITA
    expect(all(await t.send(from, `cek nik ${MANY_NIKS[5]}`))).toContain('*kode verifikasi*');
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

describe('the receipt proof (verification code)', () => {
  test('when an application is registered, then its receipt and the staff view carry the same random code, from an unambiguous alphabet', async () => {
    const a = await createApplicationWithReceipt(t, { registrationNumber: 'BJM/2026/00901', nik: NIK_UNKNOWN });
    const b = await createApplicationWithReceipt(t, { registrationNumber: 'BJM/2026/00902', nik: NIK_UNKNOWN });
    for (const r of [a, b]) {
      expect(r.code).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
      expect(r.receipt).toContain(`Kode verifikasi: ${r.code}`);
    }
    // Neighbouring registration numbers, unrelated codes: the code cannot be walked like the number.
    expect(a.code).not.toBe(b.code);
    const detail = await t.api('GET', `/api/v1/applications/${a.id}`);
    expect(detail.body.receipt.verificationCode).toBe(a.code);
    const verifier = await signedIn(t, 'verif-receipt', ['verifier']);
    expect((await verifier.get(`/dashboard/applications/${a.id}`)).text).toContain(`<code id="verification-code">${a.code}</code>`);
    // At rest the code is only a hash and a ciphertext.
    const stored = await t.service.db.connection.db!.collection('applications').findOne({ registrationNumber: 'BJM/2026/00901' });
    expect(JSON.stringify(stored)).not.toContain(a.code.replace('-', ''));
  });

  test('when one message lists several code-shaped guesses, then even with the right one among them the status stays hidden', async () => {
    const stranger = newPhone();
    await t.send(stranger, `cek nik ${NIK_WOMAN}`);
    const reply = all(await t.send(stranger, `ABCD-EFGH 2345-6789 ${code} XYZW-2345`));
    expect(reply).toContain('status tidak dapat kami tampilkan');
    expect(reply).not.toContain('Verifikasi dijadwalkan');
  });

  test('when wrong codes for one NIK come from 5 different chats, then the NIK is paused for everyone but its registered number, the answer stays the same, and verifiers are alerted', async () => {
    const registered = newPhone();
    const verifierPhone = '6281399900001';
    await seedUser(t, 'verif-alert', ['verifier'], { phone: `+${verifierPhone}` });
    const guessed = await createApplicationWithReceipt(t, { registrationNumber: 'BJM/2026/00950', nik: NIK_GUESSED, phones: [registered] });
    const wrongAnswers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const guesser = newPhone(); // a fresh chat every guess: the per-chat pause never starts
      await t.send(guesser, `cek nik ${NIK_GUESSED}`);
      wrongAnswers.push(all(await t.send(guesser, `BJM/2026/0095${i} ABCD-EF2${i + 2}`)));
    }
    // Now even the right code, from yet another chat, gets exactly the wrong-code answer.
    const late = newPhone();
    await t.send(late, `cek nik ${NIK_GUESSED}`);
    const withRightCode = all(await t.send(late, guessed.code));
    expect(withRightCode).toBe(wrongAnswers[0]);
    expect(withRightCode).not.toContain('Status:');
    // The applicant's own number is not locked out by someone else's guessing.
    expect(all(await t.send(registered, `cek nik ${NIK_GUESSED}`))).toContain('No. registrasi: *BJM/2026/00950*');

    const db = t.service.db.connection.db!;
    const alerts = await db.collection('alerts').find({ kind: 'check_paused' }).toArray();
    expect(alerts).toHaveLength(1);
    expect(alerts[0].text).toContain('BJM/2026/00950');
    expect(alerts[0].text).toContain('6371********0005');
    expect(JSON.stringify(alerts)).not.toContain(NIK_GUESSED);
    expect(all((await t.transcript(verifierPhone)).map((m) => m.text))).toContain('Cek status lewat WhatsApp untuk NIK 6371********0005');
    // The counter is keyed by a hash, never the NIK.
    expect(JSON.stringify(await db.collection('check_failures').find().toArray())).not.toContain(NIK_GUESSED);

    t.clock.set('2026-11-24T02:30:00Z'); // the day's pause is over
    const next = newPhone();
    await t.send(next, `cek nik ${NIK_GUESSED}`);
    expect(all(await t.send(next, guessed.code))).toContain('No. registrasi: *BJM/2026/00950*');
    t.clock.set('2026-11-23T02:00:00Z');
  });

  test('when an application from before verification codes is checked, then its registration number alone proves nothing, and once staff open it a code is assigned that works', async () => {
    const { id } = await createApplicationWithReceipt(t, { registrationNumber: 'BJM/2025/00077', nik: NIK_LEGACY });
    const db = t.service.db.connection.db!;
    await db.collection('applications').updateOne({ registrationNumber: 'BJM/2025/00077' }, { $unset: { verification: '' } });
    const stranger = newPhone();
    await t.send(stranger, `cek nik ${NIK_LEGACY}`);
    expect(all(await t.send(stranger, 'BJM/2025/00077'))).toContain('status tidak dapat kami tampilkan');

    const detail = await t.api('GET', `/api/v1/applications/${id}`);
    const assigned = detail.body.receipt.verificationCode as string;
    expect(assigned).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect((await t.api('GET', `/api/v1/applications/${id}`)).body.receipt.verificationCode).toBe(assigned);
    const later = newPhone();
    await t.send(later, `cek nik ${NIK_LEGACY}`);
    expect(all(await t.send(later, assigned))).toContain('No. registrasi: *BJM/2025/00077*');
  });
});
