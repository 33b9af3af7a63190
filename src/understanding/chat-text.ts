/**
 * Turning an Indonesian chat line into words the classifier and the command table can match:
 * numbers are pulled out first (so a NIK written in groups survives), then case, accents,
 * emoji, punctuation, letters repeated for emphasis and "syarat2" reduplication are flattened,
 * and chat spellings are replaced by standard words from the lexicon ("sy" → "saya",
 * "gmn" → "bagaimana", "terimakasih" → "terima kasih"). Suffixes (-nya, -kah, -lah, -ku, -mu)
 * are left to nlp.js's Indonesian stemmer, which does not know the regional forms of -nya
 * (Malay "formulirnye", Minang "kantuanyo"): those are rewritten here, from the lexicon's table.
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
  /** Regional suffixes → the standard one ("nye" → "nya"), tried on words the spellings do not know. */
  suffixes?: ReadonlyMap<string, string>;
  /** Tokens that are a form of address in one place and a word in another ("kk"). */
  twoMeanings?: ReadonlyMap<string, TwoMeanings>;
  /** Regional phrases whose words mean something else together (see `Phrases`). */
  phrases?: Phrases;
}

/**
 * Banjar "kaya apa" is "bagaimana", "kada papa" is "tidak apa apa": each phrase's standard words,
 * keyed by the phrase's own standard words joined by spaces (read through the spellings first),
 * and the length of the longest, so a message is scanned once.
 */
export interface Phrases {
  means: ReadonlyMap<string, readonly string[]>;
  longest: number;
}

export function phraseTable(means: ReadonlyMap<string, readonly string[]>): Phrases {
  return { means, longest: Math.max(0, ...[...means.keys()].map((p) => p.split(' ').length)) };
}

export interface TwoMeanings {
  /** The standard words it stands for when it is not an address. */
  means: readonly string[];
  /** After these it addresses someone ("makasih kk"). */
  addressAfter: ReadonlySet<string>;
  /** Opening a message, it is the word only when one of these follows ("kk saya …"). */
  meansBefore: ReadonlySet<string>;
}

/** The suffixes nlp.js's Indonesian stemmer takes off ("syaratnya" is "syarat"). */
export const STANDARD_SUFFIXES = ['nya', 'ku', 'mu', 'lah', 'kah'] as const;
const STANDARD_SUFFIX = new RegExp(`^(${STANDARD_SUFFIXES.join('|')})$`);

/** The same word, perhaps with a standard suffix ("listriknya" is "listrik"). */
export const sameWord = (word: string, entry: string) => word === entry || (word.startsWith(entry) && STANDARD_SUFFIX.test(word.slice(entry.length)));

/** Do the words hold this phrase anywhere ("surat dokter" in "perlu surat dokternya")? */
export function holdsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  return words.some((_, i) => phrase.every((e, k) => words[i + k] !== undefined && sameWord(words[i + k], e)));
}

/** A suffix is only split off a stem at least this long ("punyo" and "tanye" are words of their own). */
const MIN_STEM = 4;

// A run of digits possibly grouped by single spaces, dots or dashes.
const DIGIT_RUN = /\d+(?:[ .-]\d+)*/g;
/** A menu number, alone or with a particle after it ("1 aja", "2 ya kak"). */
const CHOICE = /^(?:no|nomor|nomer|pilih|pilihan|angka|opsi|yang)?\s*(\d{1,2})(?:\s+(?:saja|ya|deh|dong|lah|sih|kak|pak|bu|min|mas|mbak))*$/;

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

function spelled(word: string, lexicon: Lexicon): readonly string[] | undefined {
  return lexicon.spellings.get(word) ?? lexicon.spellings.get(word.replace(/(\p{L})\1+/gu, '$1'));
}

/** "kantuanyo" → "kantornya": the stem read through the lexicon, with the standard suffix. */
function withStandardSuffix(word: string, lexicon: Lexicon): string[] | undefined {
  for (const [regional, standard] of lexicon.suffixes ?? []) {
    if (!word.endsWith(regional) || word.length - regional.length < MIN_STEM) continue;
    const stem = word.slice(0, -regional.length);
    const words = [...(spelled(stem, lexicon) ?? [stem])];
    words[words.length - 1] += standard;
    return words;
  }
  return undefined;
}

export function standardWords(words: readonly string[], lexicon: Lexicon): string[] {
  const out: string[] = [];
  for (const word of words) out.push(...(spelled(word, lexicon) ?? withStandardSuffix(word, lexicon) ?? [word]));
  return out;
}

/** The phrase starting at word `i`, longest first: its length and standard words. */
function phraseAt(words: readonly string[], i: number, phrases: Phrases): { length: number; means: readonly string[] } | null {
  for (let length = Math.min(phrases.longest, words.length - i); length >= 2; length--) {
    const means = phrases.means.get(words.slice(i, i + length).join(' '));
    if (means) return { length, means };
  }
  return null;
}

/** "ulun kada papa" → "saya tidak apa apa": each phrase the lexicon knows, by its standard words. */
function replacePhrases(words: readonly string[], lexicon: Lexicon): string[] {
  const { phrases } = lexicon;
  if (!phrases?.means.size) return [...words];
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    const phrase = phraseAt(words, i, phrases);
    out.push(...(phrase ? phrase.means : [words[i]]));
    i += phrase ? phrase.length : 1;
  }
  return out;
}

/** "fotokopi kk" → "fotokopi kartu keluarga"; "makasih kk" keeps its form of address. */
function resolveTwoMeanings(words: readonly string[], lexicon: Lexicon): string[] {
  if (!lexicon.twoMeanings?.size) return [...words];
  return words.flatMap((word, i) => {
    const two = lexicon.twoMeanings!.get(word);
    if (!two) return [word];
    const addresses = i === words.length - 1 || two.addressAfter.has(words[i - 1]) || (i === 0 && !two.meansBefore.has(words[1]));
    return addresses ? [word] : two.means;
  });
}

export function readChatText(raw: string, lexicon: Lexicon): ChatText {
  const words = resolveTwoMeanings(replacePhrases(standardWords(tokens(raw), lexicon), lexicon), lexicon);
  const joined = words.join(' ');
  const digits = CHOICE.exec(joined);
  const spelled = words.length <= 2 ? lexicon.numbers.get(words[words.length - 1] ?? '') : undefined;
  const choice = digits ? Number(digits[1]) : spelled !== undefined && (words.length === 1 || /^(no|nomor|nomer|pilih|angka)$/.test(words[0])) ? spelled : null;
  return { raw, words, digitRuns: extractDigitRuns(raw), choice };
}
