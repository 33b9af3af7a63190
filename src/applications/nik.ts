/**
 * NIK (Nomor Induk Kependudukan) and KK (Kartu Keluarga) number checks, written here because
 * the npm NIK parsers are wrong (they read female NIKs as male, accept month 13, misread
 * years). Rules: shared/reference/domain-facts.md. There is no checksum, so "valid" only
 * means "could be a real number"; existence and ownership cannot be checked offline.
 * Regency and district codes are deliberately not checked against today's list: regions were
 * renumbered (Papua 2022) and old NIKs such as 9101… remain genuine.
 */

export type NikFailure = 'empty' | 'not_digits' | 'length' | 'province' | 'birth_date' | 'serial';

export type NikResult =
  | {
      ok: true;
      nik: string;
      provinceCode: string;
      regencyCode: string;
      districtCode: string;
      sex: 'L' | 'P';
      /** The real day of birth (the +40 for women already removed). */
      birthDay: number;
      birthMonth: number;
      /** The century is not recorded in a NIK. */
      birthYearTwoDigits: number;
      serial: string;
    }
  | { ok: false; reason: NikFailure; message: string };

export type KkResult =
  | {
      ok: true;
      kk: string;
      provinceCode: string;
      regencyCode: string;
      districtCode: string;
      recordedDay: number;
      recordedMonth: number;
      recordedYearTwoDigits: number;
      serial: string;
    }
  | { ok: false; reason: NikFailure; message: string };

const PROVINCE_CODES = new Set([
  ...range(11, 19),
  21,
  ...range(31, 36),
  ...range(51, 53),
  ...range(61, 65),
  ...range(71, 76),
  81,
  82,
  ...range(91, 96),
]);

const MONTH_NAMES = [
  'Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni',
  'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember',
];

/** People type NIKs grouped like the card or a spreadsheet; these separators carry no meaning. */
const SEPARATORS = /[\s.\-\u2013]/g;

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function isValidProvince(code: string): boolean {
  return PROVINCE_CODES.has(Number(code));
}

/** Days in a month; February has 29 when yy could be a leap year in 19yy or 20yy (2000 was one). */
function daysInMonth(month: number, yy: number): number {
  if (month === 2) return yy % 4 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

type Failure = { ok: false; reason: NikFailure; message: string };
const fail = (reason: NikFailure, message: string): Failure => ({ ok: false, reason, message });

/** Shared shape checks: empty, characters, length, province; returns the 16 digits. */
function checkShape(input: string, label: string): Failure | string {
  const compact = input.replace(SEPARATORS, '');
  if (compact === '') return fail('empty', `${label} belum diisi. Mohon kirim 16 angka ${label}.`);
  const others = [...new Set(compact.replace(/\d/g, ''))];
  if (others.length > 0) {
    const shown = others.slice(0, 3).map((c) => `"${c}"`).join(', ');
    const hint = others.some((c) => c === 'O' || c === 'o') ? ' Mungkin huruf O maksudnya angka 0.' : '';
    return fail('not_digits', `${label} hanya berisi angka, tetapi yang Bapak/Ibu kirim memuat ${shown}.${hint} Mohon periksa kembali.`);
  }
  if (compact.length !== 16) {
    return fail('length', `${label} harus 16 angka, yang Bapak/Ibu kirim ${compact.length} angka. Mohon periksa kembali.`);
  }
  const province = compact.slice(0, 2);
  if (!isValidProvince(province)) {
    return fail(
      'province',
      `Dua angka pertama ${label} (${province}) bukan kode provinsi yang berlaku. Mohon periksa kembali ${label} Bapak/Ibu.`,
    );
  }
  return compact;
}

/** Checks DD/MM against the calendar; null when fine, else what is wrong in Indonesian. */
function dateProblem(day: number, month: number, yy: number): string | null {
  if (month < 1 || month > 12) return `bulan ${String(month).padStart(2, '0')} tidak ada`;
  if (day < 1 || day > daysInMonth(month, yy)) return `tanggal ${day} ${MONTH_NAMES[month - 1]} tidak ada`;
  return null;
}

export function parseNik(input: string): NikResult {
  const shape = checkShape(input, 'NIK');
  if (typeof shape !== 'string') return shape;
  const nik = shape;
  const rawDay = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const dateDigits = nik.slice(6, 12);
  if (rawDay === 0 || (rawDay > 31 && rawDay < 41) || rawDay > 71) {
    return fail(
      'birth_date',
      `Angka ke-7 sampai ke-12 NIK (${dateDigits}) adalah tanggal lahir, tetapi angka tanggalnya ${String(rawDay).padStart(2, '0')} tidak mungkin ` +
        '(01–31 untuk laki-laki, 41–71 untuk perempuan). Mohon periksa kembali.',
    );
  }
  const female = rawDay > 40;
  const day = female ? rawDay - 40 : rawDay;
  const problem = dateProblem(day, month, yy);
  if (problem) {
    return fail('birth_date', `Angka ke-7 sampai ke-12 NIK (${dateDigits}) adalah tanggal lahir, tetapi ${problem}. Mohon periksa kembali.`);
  }
  const serial = nik.slice(12);
  if (serial === '0000') {
    return fail('serial', 'Empat angka terakhir NIK (nomor urut) tidak mungkin 0000. Mohon periksa kembali.');
  }
  return {
    ok: true,
    nik,
    provinceCode: nik.slice(0, 2),
    regencyCode: nik.slice(0, 4),
    districtCode: nik.slice(0, 6),
    sex: female ? 'P' : 'L',
    birthDay: day,
    birthMonth: month,
    birthYearTwoDigits: yy,
    serial,
  };
}

/** KK number: issuing region + DDMMYY of recording (no +40: a family card has no sex) + serial. */
export function parseKk(input: string): KkResult {
  const shape = checkShape(input, 'Nomor KK');
  if (typeof shape !== 'string') return shape;
  const kk = shape;
  const day = Number(kk.slice(6, 8));
  const month = Number(kk.slice(8, 10));
  const yy = Number(kk.slice(10, 12));
  const problem = dateProblem(day, month, yy);
  if (problem) {
    return fail(
      'birth_date',
      `Angka ke-7 sampai ke-12 Nomor KK (${kk.slice(6, 12)}) adalah tanggal pencatatan, tetapi ${problem}. Mohon periksa kembali.`,
    );
  }
  const serial = kk.slice(12);
  if (serial === '0000') {
    return fail('serial', 'Empat angka terakhir Nomor KK (nomor urut) tidak mungkin 0000. Mohon periksa kembali.');
  }
  return {
    ok: true,
    kk,
    provinceCode: kk.slice(0, 2),
    regencyCode: kk.slice(0, 4),
    districtCode: kk.slice(0, 6),
    recordedDay: day,
    recordedMonth: month,
    recordedYearTwoDigits: yy,
    serial,
  };
}

export interface NikCandidate {
  /** The digits only. */
  digits: string;
  /** digits.length: 16 is a candidate NIK/KK, 14, 15 and 17 are near-misses worth asking about. */
  length: number;
  /** As written in the message, separators included. */
  text: string;
  /** Where `text` starts in the message. */
  index: number;
}

/** Digit groups joined by one separator (space, tab, dot or dash, optionally spaced): "3204 1106-0997.0001". */
const GROUPED_DIGITS = /\d+(?:(?:[ \t]*[.\-\u2013][ \t]*|[ \t]+)\d+)*/g;
const NEAR_MISS_MIN = 14;
const NEAR_MISS_MAX = 17;

/**
 * Numbers in free text that are, or nearly are, a NIK/KK. A 16-digit run wins: within a chain
 * of digit groups ("1. 3204 1106 0997 0001", or a NIK followed by a phone number) consecutive
 * groups adding up to exactly 16 digits are taken first; left-over stretches of 14–17 digits are
 * returned as near-misses so the bot can say "NIK harus 16 angka, yang Bapak/Ibu kirim 15".
 * Shorter numbers (phone numbers, dates, RT/RW) and longer unbroken runs are ignored.
 * Candidates come in message order; pass `digits` to parseNik/parseKk to check them.
 */
export function findNikCandidates(text: string): NikCandidate[] {
  const found: NikCandidate[] = [];
  for (const chain of text.matchAll(GROUPED_DIGITS)) {
    const groups = [...chain[0].matchAll(/\d+/g)].map((g) => ({ digits: g[0], start: chain.index + g.index, end: chain.index + g.index + g[0].length }));
    const used = new Array<boolean>(groups.length).fill(false);
    const take = (from: number, to: number) => {
      const start = groups[from].start;
      const end = groups[to].end;
      const digits = groups.slice(from, to + 1).map((g) => g.digits).join('');
      for (let k = from; k <= to; k++) used[k] = true;
      found.push({ digits, length: digits.length, text: text.slice(start, end), index: start });
    };

    for (let i = 0; i < groups.length; ) {
      let sum = 0;
      let j = i;
      while (j < groups.length && sum < 16) sum += groups[j++].digits.length;
      if (sum === 16) {
        take(i, j - 1);
        i = j;
      } else {
        i++;
      }
    }
    // Near-misses: maximal stretches of unused groups, split greedily into 14–17 digit pieces.
    for (let i = 0; i < groups.length; ) {
      if (used[i]) {
        i++;
        continue;
      }
      let sum = 0;
      let j = i;
      while (j < groups.length && !used[j] && sum + groups[j].digits.length <= NEAR_MISS_MAX) sum += groups[j++].digits.length;
      if (sum >= NEAR_MISS_MIN) {
        take(i, j - 1);
        i = j;
      } else {
        i++;
      }
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/** "3204********0001". Anything that is not 16 digits keeps only its last 4 characters visible. */
export function maskNik(nik: string): string {
  const compact = nik.replace(SEPARATORS, '');
  if (/^\d{16}$/.test(compact)) return `${compact.slice(0, 4)}${'*'.repeat(8)}${compact.slice(12)}`;
  if (compact.length <= 4) return '*'.repeat(compact.length);
  return `${'*'.repeat(compact.length - 4)}${compact.slice(-4)}`;
}

/**
 * Masks every NIK/KK-like number in free text, found with the same rules as the NIK finder
 * (groups joined by spaces, dots, dashes or en dashes), so what is kept never holds one in clear.
 */
export function maskIdentityNumbersIn(text: string, mask: (digits: string) => string = maskNik): string {
  let out = '';
  let at = 0;
  // Near-misses too (14–17 digits): a NIK typed with a digit too many or too few is still one.
  for (const c of findNikCandidates(text)) {
    out += text.slice(at, c.index) + mask(c.digits);
    at = c.index + c.text.length;
  }
  return out + text.slice(at);
}
