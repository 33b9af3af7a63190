/**
 * The keyword matcher the bot used before the trained classifier (keyword phrases matched on
 * canonical words with a small edit distance), kept unchanged with its keyword file only so
 * `npm run nlu:eval` can report both on the same evaluation set. Nothing in the service uses it.
 */
import path from 'node:path';
import { distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { readYamlFile } from '../../config/yaml-file';

interface NormalizedText {
  words: string[];
}

function canonicalWord(word: string): string {
  return word.replace(/(\p{L})\1+/gu, '$1');
}

/** The old normalisation: case, accents, punctuation, "syarat2"; no lexicon. */
export function keywordWords(raw: string): NormalizedText {
  const cleaned = raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/(\p{L})2(?!\d)/gu, '$1')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return { words: cleaned.length ? cleaned.split(' ') : [] };
}

export const INTENTS = [
  'cancel', 'menu', 'handoff', 'complaint_status', 'complaint', 'check', 'schedule', 'requirements',
  'procedure', 'information', 'stop_notifications', 'start_notifications', 'thanks', 'yes', 'no',
] as const;
export type Intent = (typeof INTENTS)[number];

const phrases = z.array(z.string().min(1)).min(1);
export const intentFileSchema = z
  .object({
    intents: z.object(Object.fromEntries(INTENTS.map((i) => [i, phrases])) as Record<Intent, typeof phrases>).strict(),
    greetings: z.object({ salam: phrases, general: phrases }).strict(),
    fillers: z.array(z.string()),
  })
  .strict();
export type IntentFile = z.infer<typeof intentFileSchema>;

type Phrase = string[];

function toPhrase(text: string): Phrase {
  return text.toLowerCase().split(/\s+/).filter(Boolean).map(canonicalWord);
}

/** Small typos are tolerated in longer words only: "syarat" ~ "sarat", but "cek" ≠ "cak". */
function wordsMatch(input: string, keyword: string): boolean {
  if (input === keyword) return true;
  if (keyword.length < 4 || input.length < 4) return false;
  return distance(input, keyword) <= (keyword.length >= 8 ? 2 : 1);
}

/** All phrase words appear in order in the message. */
function phraseMatches(words: string[], phrase: Phrase): boolean {
  let at = 0;
  for (const keyword of phrase) {
    while (at < words.length && !wordsMatch(words[at], keyword)) at++;
    if (at === words.length) return false;
    at++;
  }
  return true;
}

export interface IntentMatcher {
  /** The best intent for the message, or null. Only-filler messages match nothing. */
  match(text: NormalizedText): Intent | null;
  /** Does the message match this intent exactly (the whole message is one of its phrases)? */
  isExactly(text: NormalizedText, intent: Intent): boolean;
  greeting(text: NormalizedText): 'salam' | 'general' | null;
}

export function createIntentMatcher(file: IntentFile): IntentMatcher {
  const table = INTENTS.map((intent) => ({ intent, phrases: file.intents[intent].map(toPhrase) }));
  const salam = file.greetings.salam.map(toPhrase);
  const general = file.greetings.general.map(toPhrase);
  const fillers = new Set(file.fillers.map(canonicalWord));
  const canonical = (t: NormalizedText) => t.words.map(canonicalWord);

  return {
    match(text) {
      const words = canonical(text);
      let best: { intent: Intent; length: number } | null = null;
      for (const { intent, phrases } of table) {
        for (const phrase of phrases) {
          if (phrase.length > (best?.length ?? 0) && phraseMatches(words, phrase)) best = { intent, length: phrase.length };
        }
      }
      return best?.intent ?? null;
    },
    isExactly(text, intent) {
      const words = canonical(text).filter((w) => !fillers.has(w) || file.intents[intent].includes(w));
      const joined = words.join(' ');
      return table.find((t) => t.intent === intent)!.phrases.some((p) => p.join(' ') === joined);
    },
    greeting(text) {
      const words = canonical(text);
      if (salam.some((p) => phraseMatches(words, p))) return 'salam';
      // A greeting is the whole message (bar fillers): "pagi min", "halo kak"; not "jadwal pagi".
      const rest = words.filter((w) => !fillers.has(w));
      if (words.length > 0 && words.length <= 4 && general.some((p) => phraseMatches(words, p))) {
        const greetingWords = new Set(general.flat());
        if (rest.every((w) => greetingWords.has(w))) return 'general';
      }
      return null;
    },
  };
}

export function loadKeywordBaseline(): IntentMatcher {
  return createIntentMatcher(readYamlFile(path.join(__dirname, 'keyword-baseline.yaml'), intentFileSchema));
}
