/**
 * The understanding's data and its measured quality: the evaluation set stays apart from the
 * training lines, and the accuracy on it does not fall below what was measured when it landed.
 */
import fs from 'node:fs';
import yaml from 'yaml';
import { loadAgencyProfile, listAgencyIds } from '../../src/agency/load-profile';
import { FLOW_INTENTS } from '../../flows';
import { loadTrainingLines } from '../../src/understanding';
import { readChatText } from '../../src/understanding/chat-text';
import { loadLexicon } from '../../src/understanding/load';
import { DEV_SET, EVAL_SET, evaluate, loadEvalSet } from '../../src/understanding/eval/evaluate';

const FLOWS = 'flows';
const lexicon = loadLexicon(FLOWS);
const same = (text: string) => readChatText(text, lexicon).words.join(' ');

test('no evaluation or development line is also a training line, in any office (compared as the bot reads them)', () => {
  const training = new Set<string>();
  for (const office of listAgencyIds(FLOWS)) {
    const profile = loadAgencyProfile(FLOWS, office);
    for (const l of loadTrainingLines({ flowsDir: FLOWS, flowIntents: FLOW_INTENTS, officeUtterances: profile.utterances, officeFile: office })) training.add(same(l.text));
  }
  const shared = [...loadEvalSet(EVAL_SET), ...loadEvalSet(DEV_SET)].filter((l) => training.has(same(l.text))).map((l) => l.text);
  expect(shared).toEqual([]);
});

test('the evaluation set is large and covers every office and every intent the flows declare', () => {
  const lines = loadEvalSet();
  expect(lines.length).toBeGreaterThanOrEqual(600);
  expect(new Set(lines.map((l) => l.office))).toEqual(new Set(listAgencyIds(FLOWS)));
  const labelled = new Set(lines.flatMap((l) => l.intents));
  expect(FLOW_INTENTS.filter((i) => !labelled.has(i))).toEqual([]);
});

test('when the held-out set is classified, then accuracy and the must-not lines stay at least as good as when this landed', async () => {
  const scores = await evaluate(FLOWS, loadEvalSet());
  // Measured at landing (npm run nlu:eval): 92.1 % (the aim is 95 %, not met). A change that lowers it must say why.
  expect(scores.accuracy).toBeGreaterThanOrEqual(0.91);
  // No must-not line is handed to staff unasked at landing; the aim is none.
  expect(scores.mustNotViolations.filter((v) => v.got.includes('handoff')).length).toBe(0);
  // 5 at landing (none a handoff or a NIK request); the aim is none.
  expect(scores.mustNotViolations.length).toBeLessThanOrEqual(5);
}, 120_000);

// One rule for every kind of named word set: each set has the text shown to applicants.
test.each([
  ['document', 5],
  ['term', 3],
] as const)('every %s word set (vocabularies.yaml <kind>_*) has its text in flows/messages.yaml (the section of that name)', (kind, atLeast) => {
  const vocabularies = yaml.parse(fs.readFileSync('flows/nlu/vocabularies.yaml', 'utf8')) as Record<string, string[]>;
  const texts = (yaml.parse(fs.readFileSync('flows/messages.yaml', 'utf8')) as Record<string, Record<string, string>>)[kind];
  const ids = Object.keys(vocabularies).filter((name) => name.startsWith(`${kind}_`)).map((name) => name.slice(kind.length + 1));
  expect(ids.length).toBeGreaterThan(atLeast);
  expect(ids.filter((id) => !texts[id])).toEqual([]);
});
