/**
 * Reading what the bot understands from flows/nlu/: the command table, the lexicon of chat
 * spellings, training files under utterances/ (each naming its intent) and the office's own additions (`utterances:` in its
 * profile), then training the classifier. Every intent a file names must be one the flows
 * declare, and every declared intent needs training lines: a mistake stops start-up with the
 * file, the path inside it and the reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigFileError, readYamlFile } from '../config/yaml-file';
import { phraseTable, readChatText, standardWords, type Lexicon } from './chat-text';
import { IntentClassifier, type TrainingLine } from './classifier';
import { commandFileSchema, createCommandTable } from './commands';
import { Spelling } from './spelling';
import { classifierText, Understanding } from './understand';

/** Intents every conversation has, whatever the flows: greetings, thanks, menu, cancel, nothing. */
export const CONVERSATION_INTENTS = ['greeting', 'thanks', 'menu', 'cancel', 'none'] as const;

const intentId = z.string().regex(/^[a-z_]+$/, 'intent ids are lower-case words');
const utteranceFileSchema = z.object({ intent: intentId, utterances: z.array(z.string().trim().min(1)).min(5, 'give at least 5 utterances') }).strict();
const vocabularyFileSchema = z.record(intentId, z.array(z.string().trim().min(1)).min(1));
const lexiconFileSchema = z
  .object({
    abbreviations: z.record(z.string().regex(/^[\p{Ll}\d]+$/u, 'keys are single lower-case tokens'), z.string().trim().min(1)),
    suffixes: z.record(z.string().regex(/^\p{Ll}+$/u, 'suffixes are lower-case letters'), z.string().regex(/^\p{Ll}+$/u)).default({}),
    twoMeanings: z
      .record(
        z.string().regex(/^\p{Ll}+$/u, 'keys are single lower-case tokens'),
        z.object({ means: z.string().trim().min(1), addressAfter: z.array(z.string().min(1)), meansBefore: z.array(z.string().min(1)) }).strict(),
      )
      .default({}),
    phrases: z.record(z.string().regex(/^\p{Ll}+( \p{Ll}+)+$/u, 'phrases are two or more lower-case words, one space apart'), z.string().trim().min(1)).default({}),
  })
  .strict();

export interface NluSources {
  flowsDir: string;
  /** Intents the flows declare (see flows/index.ts). */
  flowIntents: readonly string[];
  /** The office's own training lines, by intent, and where they were written (for errors). */
  officeUtterances: Record<string, string[]>;
  officeFile: string;
}

export function nluDir(flowsDir: string): string {
  return path.join(flowsDir, 'nlu');
}

export function loadLexicon(flowsDir: string): Lexicon {
  const dir = nluDir(flowsDir);
  const file = readYamlFile(path.join(dir, 'lexicon.yaml'), lexiconFileSchema);
  const commands = readYamlFile(path.join(dir, 'commands.yaml'), commandFileSchema);
  const spellings = new Map(Object.entries(file.abbreviations).map(([k, v]) => [k, v.toLowerCase().split(/\s+/)]));
  const twoMeanings = new Map(
    Object.entries(file.twoMeanings).map(([token, t]) => [token, { means: t.means.toLowerCase().split(/\s+/), addressAfter: new Set(t.addressAfter), meansBefore: new Set(t.meansBefore) }]),
  );
  // Phrases are matched on standard words: their keys are read through the spellings too.
  const phrases = phraseTable(new Map(Object.entries(file.phrases).map(([k, v]) => [standardWords(k.split(' '), { spellings, numbers: new Map() }).join(' '), v.toLowerCase().split(/\s+/)])));
  return { spellings, numbers: new Map(Object.entries(commands.numbers)), suffixes: new Map(Object.entries(file.suffixes)), twoMeanings, phrases };
}

/** The training lines of every intent (shared files first, then the office's additions). */
export function loadTrainingLines(sources: NluSources): TrainingLine[] {
  const dir = path.join(nluDir(sources.flowsDir), 'utterances');
  const known = new Set<string>([...sources.flowIntents, ...CONVERSATION_INTENTS]);
  const lines: TrainingLine[] = [];
  // Files may sit in sub-folders (one per author or style); each names its intent.
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.yaml')).sort();
  for (const name of files) {
    const file = path.join(dir, name);
    const data = readYamlFile(file, utteranceFileSchema);
    if (!known.has(data.intent)) throw new ConfigFileError(file, [{ path: 'intent', reason: `"${data.intent}" is not an intent any flow declares` }]);
    lines.push(...data.utterances.map((text) => ({ intent: data.intent, text })));
  }
  for (const [intent, texts] of Object.entries(sources.officeUtterances)) {
    if (!known.has(intent)) throw new ConfigFileError(sources.officeFile, [{ path: `utterances.${intent}`, reason: `"${intent}" is not an intent any flow declares` }]);
    lines.push(...texts.map((text) => ({ intent, text })));
  }
  const trained = new Set(lines.map((l) => l.intent));
  const missing = [...known].filter((i) => !trained.has(i));
  if (missing.length) throw new ConfigFileError(dir, missing.map((i) => ({ path: i, reason: 'no training utterances for this intent' })));
  return lines;
}

/**
 * Trained once per process for the same data: the service trains one office at start-up; tests
 * and flows:check that start several services on the same files do not retrain each time.
 */
const trained = new Map<string, Promise<Understanding>>();

export function loadUnderstanding(sources: NluSources): Promise<Understanding> {
  const key = JSON.stringify([path.resolve(sources.flowsDir), sources.flowIntents, sources.officeUtterances]);
  let understanding = trained.get(key);
  if (!understanding) {
    understanding = train(sources);
    trained.set(key, understanding);
    understanding.catch(() => trained.delete(key));
  }
  return understanding;
}

async function train(sources: NluSources): Promise<Understanding> {
  const lexicon = loadLexicon(sources.flowsDir);
  const commandFile = readYamlFile(path.join(nluDir(sources.flowsDir), 'commands.yaml'), commandFileSchema);
  const words = (phrase: string) => readChatText(phrase, lexicon).words;
  const commands = createCommandTable(commandFile, words);
  const known = new Set<string>([...sources.flowIntents, ...CONVERSATION_INTENTS]);
  const unknown = Object.keys(commandFile.keywords).filter((i) => !known.has(i));
  if (unknown.length) throw new ConfigFileError(path.join(nluDir(sources.flowsDir), 'commands.yaml'), unknown.map((i) => ({ path: `keywords.${i}`, reason: 'not an intent any flow declares' })));
  // Training lines go through the same reading as messages, so chat spellings map alike.
  const lines = loadTrainingLines(sources)
    .map((l) => ({ intent: l.intent, text: classifierText(commands.withoutAddress(words(l.text))) }))
    .filter((l) => l.text);
  const vocabularyFile = readYamlFile(path.join(nluDir(sources.flowsDir), 'vocabularies.yaml'), vocabularyFileSchema);
  const vocabularies = new Map(Object.entries(vocabularyFile).map(([name, entries]) => [name, entries.map(words)]));
  // Every word the bot knows, as often as the training lines use it (see spelling.ts).
  const { commands: phrases, greetings, address, addressInCommands, questionWords, keywords } = commandFile;
  const commandWords = [...Object.values(phrases), ...Object.values(greetings), address, addressInCommands, questionWords, ...Object.values(keywords)].flat().flatMap(words);
  const knownWords = [...lines.flatMap((l) => l.text.split(' ')), ...[...vocabularies.values()].flat(2), ...commandWords, ...[...lexicon.spellings.values()].flat()];
  return new Understanding(lexicon, commands, await IntentClassifier.train(lines), vocabularies, new Spelling(knownWords, lexicon.spellings));
}
