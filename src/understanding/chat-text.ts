/**
 * Turning an Indonesian chat line into words the classifier and the command table can match:
 * numbers are pulled out first (so a NIK written in groups survives), then case, accents,
 * emoji, punctuation, letters repeated for emphasis and "syarat2" reduplication are flattened,
 * and chat spellings are replaced by standard words from the lexicon ("sy" → "saya",
 * "gmn" → "bagaimana", "terimakasih" → "terima kasih"). Suffixes (-nya, -kah, -lah, -ku, -mu)
 * are left to nlp.js's Indonesian stemmer.
 */

export interface ChatText {
  raw: string;
  /** Standard lower-case words, chat spellings replaced. */
  words: string[];
  /** Digit runs as written, separators between digit groups removed (e.g. "3204 1106 0997 0001"). */
  digitRuns: string[];
  /** The message is only a menu number: "1", "2.", "no 3", "nomor 4", "dua". */
  choice: number | null;
}

export interface Lexicon {
  /** One chat token → its standard words ("sy" → ["saya"], "makasih" → ["terima", "kasih"]). */
  spellings: ReadonlyMap<string, readonly string[]>;
  /** Menu numbers in words ("dua" → 2). */
  numbers: ReadonlyMap<string, number>;
}

// A run of digits possibly grouped by single spaces, dots or dashes.
const DIGIT_RUN = /\d+(?:[ .-]\d+)*/g;
const CHOICE = /^(?:no|nomor|nomer|pilih|pilihan|angka|opsi)?\s*(\d{1,2})$/;

export function extractDigitRuns(raw: string): string[] {
  return (raw.match(DIGIT_RUN) ?? []).map((run) => run.replace(/\D/g, ''));
}

/** Letters typed three or more times for emphasis ("syaraaat", "halooo") collapse to one. */
function collapseEmphasis(word: string): string {
  return word.replace(/(\p{L})\1{2,}/gu, '$1');
}

/** Lower-case words of a line, before chat spellings are replaced. */
export function tokens(raw: string): string[] {
  const cleaned = raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/(\p{L}{2,})2(?!\d)/gu, '$1') // "syarat2" means "syarat-syarat"
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return cleaned ? cleaned.split(' ').map(collapseEmphasis) : [];
}

export function standardWords(words: readonly string[], lexicon: Lexicon): string[] {
  const out: string[] = [];
  for (const word of words) {
    const standard = lexicon.spellings.get(word) ?? lexicon.spellings.get(word.replace(/(\p{L})\1+/gu, '$1'));
    if (standard) out.push(...standard);
    else out.push(word);
  }
  return out;
}

export function readChatText(raw: string, lexicon: Lexicon): ChatText {
  const words = standardWords(tokens(raw), lexicon);
  const joined = words.join(' ');
  const digits = CHOICE.exec(joined);
  const spelled = words.length <= 2 ? lexicon.numbers.get(words[words.length - 1] ?? '') : undefined;
  const choice = digits ? Number(digits[1]) : spelled !== undefined && (words.length === 1 || /^(no|nomor|nomer|pilih|angka)$/.test(words[0])) ? spelled : null;
  return { raw, words, digitRuns: extractDigitRuns(raw), choice };
}
