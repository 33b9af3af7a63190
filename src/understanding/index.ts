/**
 * understanding — what an applicant's message means: chat Indonesian normalised with a lexicon,
 * a deterministic layer for commands, menu numbers and greetings, and an nlp.js classifier
 * trained on the utterances in flows/nlu/ (plus the office's own). Evaluated apart from its
 * training data by `npm run nlu:eval`.
 */
export { type Meaning, type Thresholds, Understanding, DEFAULT_THRESHOLDS, NOT_A_TOPIC } from './understand';
export { loadUnderstanding, loadTrainingLines, CONVERSATION_INTENTS, type NluSources } from './load';
export { type Command } from './commands';
