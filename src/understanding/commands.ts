/**
 * The deterministic layer: what must never be guessed. Exact commands and short answers
 * (menu, batal, ya, tidak, lewati, selesai, maksudnya?) are whole-message phrases from
 * flows/nlu/commands.yaml, matched after forms of address are dropped ("menu kak" is "menu");
 * a greeting is recognised at the start of a message so the rest can still be understood.
 */
import { holdsPhrase } from './chat-text';
import { z } from 'zod';

/** `explain` is "maksudnya?" / "ga ngerti": the person did not follow what the bot just asked. */
export const COMMANDS = ['menu', 'cancel', 'yes', 'no', 'skip', 'done', 'explain'] as const;
export type Command = (typeof COMMANDS)[number];

const phrases = z.array(z.string().min(1)).min(1);
export const commandFileSchema = z
  .object({
    commands: z.object(Object.fromEntries(COMMANDS.map((c) => [c, phrases])) as Record<Command, typeof phrases>).strict(),
    numbers: z.record(z.string().regex(/^[a-z]+$/), z.number().int().min(0).max(20)),
    greetings: z.object({ salam: phrases, general: phrases }).strict(),
    address: z.array(z.string().min(1)),
    addressInCommands: z.array(z.string().min(1)),
    questionWords: z.array(z.string().min(1)).min(1),
    questionTails: z.array(z.string().min(1)),
    commandTails: z.array(z.string().min(1)),
    modalQuestionWords: z.array(z.string().min(1)),
    keywords: z.record(z.string().regex(/^[a-z_]+$/), phrases),
  })
  .strict();
export type CommandFile = z.infer<typeof commandFileSchema>;

export type Greeting = 'salam' | 'general';

export interface CommandTable {
  /** Is the whole message (bar forms of address) this command? */
  is(words: readonly string[], command: Command): boolean;
  /** Do the words of one of the command's phrases stand anywhere in the message ("gk jadi pak, batal aja")? */
  names(words: readonly string[], command: Command): boolean;
  /** The message ends with a closing phrase ("… sudah itu aja"): the words before it, else null. */
  beforeClosing(words: readonly string[]): string[] | null;
  /** A greeting at the start of the message, and the words after it. */
  greeting(words: readonly string[]): { greeting: Greeting; rest: string[] } | null;
  /** Drops forms of address ("kak", "min", "pak"): they carry no meaning. */
  withoutAddress(words: readonly string[]): string[];
  /** The whole message (bar forms of address) is a keyword the bot tells people to type: its intent. */
  keyword(words: readonly string[]): string | null;
  /** The words ask something ("apa", "berapa", "bisa", a trailing "tidak"), even without a "?". */
  isQuestion(words: readonly string[]): boolean;
}

export function createCommandTable(file: CommandFile, normalise: (phrase: string) => string[]): CommandTable {
  const address = new Set(file.address.flatMap(normalise));
  const commandAddress = new Set([...address, ...file.addressInCommands.flatMap(normalise)]);
  const withoutAddress = (words: readonly string[]) => words.filter((w) => !address.has(w));
  const bare = (words: readonly string[]) => words.filter((w) => !commandAddress.has(w));
  const sets = new Map(COMMANDS.map((c) => [c, new Set(file.commands[c].map((p) => normalise(p).join(' ')))]));
  const closings = [...sets.get('done')!].map((p) => p.split(' ')).sort((a, b) => b.length - a.length);
  const greetings = (['salam', 'general'] as const).flatMap((kind) =>
    file.greetings[kind].map((p) => ({ kind, words: normalise(p) })),
  ).sort((a, b) => b.words.length - a.words.length);

  const questionWords = new Set(file.questionWords.flatMap(normalise));
  const questionTails = new Set(file.questionTails.flatMap(normalise));
  const modals = new Set(file.modalQuestionWords.flatMap(normalise));
  const negations = new Set(['tidak', 'belum', 'bukan'].flatMap(normalise));
  /** "bisa" asks in "bisa daftar online?", not in "dia *tidak bisa* baca". */
  const asksAt = (words: readonly string[], i: number) => questionWords.has(words[i]) && !(modals.has(words[i]) && negations.has(words[i - 1] ?? ''));
  /** The last word before any trailing particles and forms of address ("… tidak sih kak" → "tidak"). */
  const lastWord = (words: readonly string[]) => [...words].reverse().find((w) => !questionTails.has(w) && !commandAddress.has(w));
  const keywords = new Map(Object.entries(file.keywords).flatMap(([intent, list]) => list.map((p) => [normalise(p).join(' '), intent] as const)));
  const phrasesOf = new Map(COMMANDS.map((c) => [c, file.commands[c].map(normalise)]));
  const tails = new Set([...questionTails, ...file.commandTails.flatMap(normalise)]);
  /** "iya buat ai", "batal aja deh": a command with chat particles after it is that command. */
  const withoutTails = (words: readonly string[]) => {
    let end = words.length;
    while (end > 1 && tails.has(words[end - 1])) end--;
    return words.slice(0, end);
  };
  const startsWith = (words: readonly string[], prefix: readonly string[]) => prefix.every((w, i) => words[i] === w);

  return {
    is: (words, command) => {
      const content = bare(words);
      // Not a cancel: "gak jadi deh" outside a step is a kind "never mind", bare "batal" the command.
      return sets.get(command)!.has(content.join(' ')) || (command !== 'cancel' && sets.get(command)!.has(withoutTails(content).join(' ')));
    },
    names: (words, command) => phrasesOf.get(command)!.some((phrase) => holdsPhrase(words, phrase)),
    beforeClosing(words) {
      const content = bare(words);
      for (const closing of closings) {
        const from = content.length - closing.length;
        if (from > 0 && closing.every((w, i) => content[from + i] === w)) return content.slice(0, from);
      }
      return null;
    },
    greeting(words) {
      const content = bare(words);
      for (const g of greetings) {
        if (startsWith(content, g.words)) return { greeting: g.kind, rest: content.slice(g.words.length) };
      }
      return null;
    },
    withoutAddress,
    // "admin" alone is the keyword, though inside a command it addresses someone ("menu min").
    keyword: (words) => keywords.get(words.join(' ')) ?? keywords.get(bare(words).join(' ')) ?? null,
    isQuestion: (words) => words.some((w, i) => asksAt(words, i) || /kah$/.test(w)) || lastWord(words) === 'tidak' || lastWord(words) === 'belum',
  };
}
