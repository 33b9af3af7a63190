/**
 * Turning an Indonesian chat line into something matchable: numbers are pulled out first
 * (so a NIK written in groups survives), then case, accents, emoji, punctuation, repeated
 * letters and the "syarat2" reduplication are flattened.
 */

export interface NormalizedText {
  raw: string;
  /** Lower-case words with punctuation and emoji removed. */
  words: string[];
  /** Digit runs as written, separators between digit groups removed (e.g. "3204 1106 0997 0001"). */
  digitRuns: string[];
  /** The message is only a number (menu choice): "1", "2.", "no 3", "nomor 4". */
  choice: number | null;
}

// A run of digits possibly grouped by single spaces, dots or dashes.
const DIGIT_RUN = /\d+(?:[ .-]\d+)*/g;

export function extractDigitRuns(raw: string): string[] {
  return (raw.match(DIGIT_RUN) ?? []).map((run) => run.replace(/\D/g, ''));
}

/** Letters repeated for emphasis ("syaraaat", "halooo") collapse to one; keywords go through the same. */
export function canonicalWord(word: string): string {
  return word.replace(/(\p{L})\1+/gu, '$1');
}

export function normalize(raw: string): NormalizedText {
  const digitRuns = extractDigitRuns(raw);
  const cleaned = raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/(\p{L})2(?!\d)/gu, '$1') // "syarat2" means "syarat-syarat"
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const words = cleaned.length ? cleaned.split(' ') : [];
  const choiceMatch = /^(?:no|nomor|pilih|pilihan|angka)?\s*(\d{1,2})$/.exec(cleaned);
  return { raw, words, digitRuns, choice: choiceMatch ? Number(choiceMatch[1]) : null };
}
