/**
 * A named word set of flows/nlu/vocabularies.yaml as a flow reads it: its entries in standard
 * words (read through the lexicon when loaded, as messages are), matched word for word against
 * a message's words. `mentions` on the Meaning tells which sets a message holds anywhere; a flow
 * that needs more (the first word, the word before another, a sentence of the message) reads
 * the set itself.
 */
import { sameWord } from './chat-text';

export class WordSet {
  private readonly single: ReadonlySet<string>;

  constructor(
    readonly name: string,
    /** Each entry one or more standard words. */
    readonly entries: readonly (readonly string[])[],
    private readonly reader: (text: string) => string[],
  ) {
    this.single = new Set(entries.filter((e) => e.length === 1).map((e) => e[0]));
  }

  /** Is the word one of the one-word entries, exactly as written ("baiknya" is not "baik")? */
  has(word: string | undefined): boolean {
    return word !== undefined && this.single.has(word);
  }

  /** Is the word a one-word entry with or without a -nya/-ku/-mu/-lah/-kah suffix ("dirahasiakannya")? */
  hasForm(word: string | undefined): boolean {
    return word !== undefined && [...this.single].some((entry) => sameWord(word, entry));
  }

  /** Does an entry stand, word for word and in a row, anywhere in the words? */
  holds(words: readonly string[]): boolean {
    return words.some((_, i) => this.standsAt(words, i));
  }

  /** Do the words open with an entry ("bukan mau ngadu, …")? */
  opens(words: readonly string[]): boolean {
    return this.standsAt(words, 0);
  }

  /**
   * Does an entry stand in the words without one of `denials` right before it ("darurat", but not
   * "tidak darurat")? An entry that is itself a denial ("tidak mendesak") counts as written.
   */
  holdsUndenied(words: readonly string[], denials: WordSet): boolean {
    return words.some((_, i) => this.standsAt(words, i) && !denials.has(words[i - 1]));
  }

  /** The entries that stand, word for word and in a row, somewhere in the words. */
  entriesIn(words: readonly string[]): (readonly string[])[] {
    return this.entries.filter((entry) => words.some((_, i) => entry.every((e, k) => words[i + k] === e)));
  }

  /** Does an entry begin at word `i`? Its last word may carry a suffix ("biaya rumah sakitnya"), as the engine reads mentions. */
  private standsAt(words: readonly string[], i: number): boolean {
    return this.entries.some((entry) => entry.every((e, k) => words[i + k] !== undefined && (k === entry.length - 1 ? sameWord(words[i + k], e) : words[i + k] === e)));
  }

  /** The standard words of a piece of the message ("the first sentence"), read as the message was. */
  read(text: string): string[] {
    return this.reader(text);
  }
}
