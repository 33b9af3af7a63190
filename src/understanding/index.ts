/**
 * understanding — what an applicant's message means: chat Indonesian normalised with a lexicon,
 * a deterministic layer for commands, menu numbers, keywords and greetings, and an nlp.js
 * classifier trained on the utterances in flows/nlu/ (plus the office's own). Evaluated apart
 * from its training data by `npm run nlu:eval`.
 */
export { ASK_WISH, ASKS_MEANING, type Meaning, Understanding } from './understand';
export { loadUnderstanding, loadTrainingLines } from './load';
