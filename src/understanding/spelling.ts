/**
 * Words typed without their vowels ("bka jm brp", "kntornya", "syrt"): the way people save
 * keystrokes on WhatsApp, far more varied than any abbreviation table. A word the bot has never
 * seen is read as the known word it was typed from, when exactly one known word (or one far
 * commoner than the rest) has the same consonants in the same order, starts with the same letter
 * and holds every letter typed. Known words are never changed, so "buka" stays "buka" and
 * "bukan" stays "bukan". Edit-distance spell checkers (nlp.js's included) treat "bka" as equally
 * close to "buka", "baka" and "bak"; only the consonant skeleton says which word was meant, and
 * no library offers that.
 */

import { STANDARD_SUFFIXES } from './chat-text';

const VOWELS = /[aeiou]/g;
const STANDARD_SUFFIX = new RegExp(`(${STANDARD_SUFFIXES.join('|')})$`);
/** The commonest reading must be this many times commoner than the next to be taken. */
const CLEAR_LEAD = 3;

/** Consonants in order, doubled letters once: "kantornya" → "kntrny". */
function skeleton(word: string): string {
  return word.replace(VOWELS, '').replace(/(.)\1+/g, '$1');
}

/** Are all the letters of `typed` in `word`, in order? */
function inOrder(typed: string, word: string): boolean {
  let i = 0;
  for (const ch of word) if (ch === typed[i]) i++;
  return i === typed.length;
}

export class Spelling {
  /** Known words by skeleton, each with how often the training lines use it. */
  private readonly bySkeleton = new Map<string, Map<string, number>>();
  private readonly known = new Set<string>();

  /**
   * Built from every word the bot knows (training lines, word sets and commands, each as often
   * as used) and the lexicon's chat spellings, which are read as their standard words ("stp" is
   * typed from the spelling "stop", which means "berhenti").
   */
  constructor(
    words: Iterable<string>,
    private readonly spellings: ReadonlyMap<string, readonly string[]> = new Map(),
  ) {
    for (const word of [...words, ...spellings.keys()]) {
      this.known.add(word);
      if (!/^\p{Ll}{3,}$/u.test(word)) continue;
      const key = skeleton(word);
      const counts = this.bySkeleton.get(key) ?? new Map<string, number>();
      counts.set(word, (counts.get(word) ?? 0) + 1);
      this.bySkeleton.set(key, counts);
    }
  }

  /** The words, each unknown one read as the known word it was typed from (if that is clear). */
  repair(words: readonly string[]): string[] {
    return words.flatMap((word) => {
      // A known word with a standard suffix ("kirimlah") is that word, never another ("kirimilah").
      if (this.known.has(word) || this.knownStem(word)) return [word];
      return this.typedFrom(word) ?? this.typedFromStem(word) ?? [word];
    });
  }

  private knownStem(word: string): boolean {
    const suffix = STANDARD_SUFFIX.exec(word)?.[1];
    return suffix !== undefined && this.known.has(word.slice(0, -suffix.length));
  }

  /** The standard words of the one known word it was typed from, or null when that is unclear. */
  private typedFrom(typed: string): readonly string[] | null {
    if (!/^\p{Ll}{2,}$/u.test(typed)) return null;
    const key = skeleton(typed);
    // A lone consonant ("y", "p") or a word of vowels says too little.
    if (key.length < 2) return null;
    // Spellings of one word ("trimakasih", "terimakasih") are one reading.
    const readings = new Map<string, { words: readonly string[]; uses: number }>();
    for (const [word, uses] of this.bySkeleton.get(key) ?? []) {
      if (word[0] !== typed[0] || word.length <= typed.length || !inOrder(typed, word)) continue;
      const words = this.spellings.get(word) ?? [word];
      const reading = readings.get(words.join(' ')) ?? { words, uses: 0 };
      readings.set(words.join(' '), { words, uses: reading.uses + uses });
    }
    const [first, second] = [...readings.values()].sort((a, b) => b.uses - a.uses);
    if (!first || (second && first.uses < CLEAR_LEAD * second.uses)) return null;
    return first.words;
  }

  /** "kntornya": the stem read as above, the suffix kept. */
  private typedFromStem(typed: string): readonly string[] | null {
    const suffix = STANDARD_SUFFIX.exec(typed)?.[1];
    const stem = suffix ? this.typedFrom(typed.slice(0, -suffix.length)) : null;
    return stem ? [...stem.slice(0, -1), stem[stem.length - 1] + suffix] : null;
  }
}
