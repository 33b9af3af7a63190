import { findNikCandidates, maskNik, parseKk, parseNik } from '../../src/applications/nik';

describe('parseNik', () => {
  it('when the NIK belongs to a woman (day + 40), then she is P, born on the 6th of September 1997', () => {
    expect(parseNik('3204114609970001')).toEqual({
      ok: true,
      nik: '3204114609970001',
      provinceCode: '32',
      regencyCode: '3204',
      districtCode: '320411',
      sex: 'P',
      birthDay: 6,
      birthMonth: 9,
      birthYearTwoDigits: 97,
      serial: '0001',
    });
  });

  it('when the NIK belongs to a man, then he is L with the day as written', () => {
    expect(parseNik('3204110609970001')).toMatchObject({ ok: true, sex: 'L', birthDay: 6, birthMonth: 9, birthYearTwoDigits: 97 });
  });

  it.each([
    ['3204.1106.0997.0001', 'dots'],
    ['3204 1106 0997 0001', 'spaces'],
    ['3204-1106-0997-0001', 'dashes'],
    ['  3204110609970001\n', 'surrounding white space'],
  ])('when the NIK is written as %s (%s), then it is accepted', (input) => {
    expect(parseNik(input)).toMatchObject({ ok: true, nik: '3204110609970001' });
  });

  it('when the NIK starts with the old Papua code 9101, then it is genuine', () => {
    expect(parseNik('9101015505880003')).toMatchObject({ ok: true, provinceCode: '91', sex: 'P', birthDay: 15, birthMonth: 5 });
  });

  it.each([
    ['', 'empty', 'NIK belum diisi. Mohon kirim 16 angka NIK.'],
    [' . - ', 'empty', 'NIK belum diisi. Mohon kirim 16 angka NIK.'],
    ['320411060997000', 'length', 'NIK harus 16 angka, yang Bapak/Ibu kirim 15 angka. Mohon periksa kembali.'],
    ['32041106099700011', 'length', 'NIK harus 16 angka, yang Bapak/Ibu kirim 17 angka. Mohon periksa kembali.'],
    ['2004110609970001', 'province', 'Dua angka pertama NIK (20) bukan kode provinsi yang berlaku. Mohon periksa kembali NIK Bapak/Ibu.'],
    ['9901110609970001', 'province', 'Dua angka pertama NIK (99) bukan kode provinsi yang berlaku. Mohon periksa kembali NIK Bapak/Ibu.'],
    [
      '3204110613970001',
      'birth_date',
      'Angka ke-7 sampai ke-12 NIK (061397) adalah tanggal lahir, tetapi bulan 13 tidak ada. Mohon periksa kembali.',
    ],
    [
      '3204113209970001',
      'birth_date',
      'Angka ke-7 sampai ke-12 NIK (320997) adalah tanggal lahir, tetapi angka tanggalnya 32 tidak mungkin (01–31 untuk laki-laki, 41–71 untuk perempuan). Mohon periksa kembali.',
    ],
    ['3204110000000000', 'birth_date', expect.stringContaining('angka tanggalnya 00 tidak mungkin')],
    ['3204117209970001', 'birth_date', expect.stringContaining('angka tanggalnya 72 tidak mungkin')],
    ['3204113102970001', 'birth_date', expect.stringContaining('tanggal 31 Februari tidak ada')],
    ['3204117102970001', 'birth_date', expect.stringContaining('tanggal 31 Februari tidak ada')], // woman, 31 Feb
    ['3204113104970001', 'birth_date', expect.stringContaining('tanggal 31 April tidak ada')],
    ['3204112902970001', 'birth_date', expect.stringContaining('tanggal 29 Februari tidak ada')], // 1997/2097 not leap
    ['3204110609970000', 'serial', 'Empat angka terakhir NIK (nomor urut) tidak mungkin 0000. Mohon periksa kembali.'],
    ['32041106O9970001', 'not_digits', 'NIK hanya berisi angka, tetapi yang Bapak/Ibu kirim memuat "O". Mungkin huruf O maksudnya angka 0. Mohon periksa kembali.'],
    ['NIK 3204110609970001', 'not_digits', 'NIK hanya berisi angka, tetapi yang Bapak/Ibu kirim memuat "N", "I", "K". Mohon periksa kembali.'],
    ['3204/1106/0997/0001', 'not_digits', expect.stringContaining('"/"')],
  ])('when the input is %j, then it is refused as %s with a precise message', (input, reason, message) => {
    expect(parseNik(input)).toEqual({ ok: false, reason, message });
  });

  it.each([
    ['3204112902960001', 'man born 29 Feb (96)'],
    ['3204116902000001', 'woman born 29 Feb 2000 (00: 1900 was not a leap year, 2000 was)'],
    ['1101013101000001', 'lowest province, 31 January'],
    ['9601017112990001', 'highest province, woman born 31 December'],
    ['2101010101010001', 'Kepulauan Riau (21)'],
  ])('when the NIK is %s (%s), then it is valid', (nik) => {
    expect(parseNik(nik).ok).toBe(true);
  });

  it.each(['10', '20', '22', '30', '37', '50', '54', '60', '66', '70', '77', '80', '83', '90', '97'])(
    'when the province code is %s, then it is refused',
    (code) => {
      expect(parseNik(`${code}04110609970001`)).toMatchObject({ ok: false, reason: 'province' });
    },
  );

  it('when the NIK is invalid, then the message never repeats the whole number back', () => {
    const result = parseNik('3204110613970001');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).not.toContain('3204110613970001');
  });
});

describe('parseKk', () => {
  it('when the KK number is valid, then the recording date is read without the +40 rule', () => {
    expect(parseKk('3204 1102 0315 0007')).toEqual({
      ok: true,
      kk: '3204110203150007',
      provinceCode: '32',
      regencyCode: '3204',
      districtCode: '320411',
      recordedDay: 2,
      recordedMonth: 3,
      recordedYearTwoDigits: 15,
      serial: '0007',
    });
  });

  it('when the recording day is above 40, then the KK number is invalid (a KK has no +40)', () => {
    expect(parseKk('3204114609970001')).toMatchObject({ ok: false, reason: 'birth_date', message: expect.stringContaining('tanggal pencatatan') });
  });

  it.each([
    ['320411020315000', 'length'],
    ['0004110203150007', 'province'],
    ['3204110213150007', 'birth_date'],
    ['3204110203150000', 'serial'],
    ['', 'empty'],
    ['KK3204110203150007', 'not_digits'],
  ])('when the KK number is %j, then it is refused as %s', (input, reason) => {
    expect(parseKk(input)).toMatchObject({ ok: false, reason, message: expect.stringContaining('Nomor KK') });
  });
});

describe('findNikCandidates', () => {
  const digits = (text: string) => findNikCandidates(text).map((c) => c.digits);

  it('when a grouped NIK sits inside chat text, then its 16 digits are found', () => {
    expect(digits('cek nik 3204 1106 0997 0001 kak')).toEqual(['3204110609970001']);
    expect(findNikCandidates('cek nik 3204 1106 0997 0001 kak')).toEqual([
      { digits: '3204110609970001', length: 16, text: '3204 1106 0997 0001', index: 8 },
    ]);
  });

  it('when several spellings appear, then each is found in message order', () => {
    expect(digits('NIK saya 3204.1106.0997.0001, istri 3204-1146-0997-0002 dan anak:3204114609970003.')).toEqual([
      '3204110609970001',
      '3204114609970002',
      '3204114609970003',
    ]);
  });

  it('when a NIK is followed by a phone number with only a space between, then the NIK is still found alone', () => {
    expect(digits('3204110609970001 081234567890')).toEqual(['3204110609970001']);
    expect(digits('hp 0812 3456 7890 nik 3204 1106 0997 0001')).toEqual(['3204110609970001']);
  });

  it('when a list number precedes the NIK, then it is not glued on', () => {
    expect(digits('1. 3204110609970001\n2. 3204114609970002')).toEqual(['3204110609970001', '3204114609970002']);
  });

  it('when a number has 15 or 17 digits, then it comes back as a near-miss so the bot can say what is wrong', () => {
    expect(findNikCandidates('nik saya 3204 1106 0997 001 kak')).toEqual([
      { digits: '320411060997001', length: 15, text: '3204 1106 0997 001', index: 9 },
    ]);
    expect(findNikCandidates('32041106099700011').map((c) => c.length)).toEqual([17]);
  });

  it('when the text holds only phone numbers, dates or RT/RW, then nothing is found', () => {
    expect(findNikCandidates('hubungi 0812-3456-7890 tgl 13-03-2026 RT 02 RW 05, +62 812 3456 7890')).toEqual([]);
  });

  it('when an unbroken run is much longer than a NIK, then it is ignored', () => {
    expect(findNikCandidates('no rek 320411060997000112345')).toEqual([]);
  });

  it('when a candidate is found, then parseNik decides whether it is valid', () => {
    const [candidate] = findNikCandidates('nik 3204 1106 1397 0001');
    expect(parseNik(candidate.digits)).toMatchObject({ ok: false, reason: 'birth_date' });
  });
});

describe('maskNik', () => {
  it('when masking a NIK, then only the region and the serial stay visible', () => {
    expect(maskNik('3204110609970001')).toBe('3204********0001');
    expect(maskNik('3204.1106.0997.0001')).toBe('3204********0001');
  });

  it('when masking something that is not 16 digits, then at most the last four characters stay visible', () => {
    expect(maskNik('320411060997001')).toBe('***********7001');
    expect(maskNik('123')).toBe('***');
  });
});
