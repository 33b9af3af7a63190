/**
 * What a message says about an answer the person waits for: that it asks when the answer comes
 * ("kapan dibalas ini", "berapa lama pengaduan ditanggapi?") and what it names beside, or that it
 * asks why none came yet ("kok belum dibales"). The complaint-status flow, the complaint-channel
 * answers and the engine's waiting check all act on this; the word sets it reads
 * (flows/nlu/vocabularies.yaml) are named here only, so a change to the rule is made once.
 *
 * Two readings of the same sets, because their callers have always matched differently and a
 * refactor must not change what they answer: the flows match each entry word for word as
 * written (`WordSet.holds`: "jawabannya" is not "jawaban"), the engine through the message's
 * `mentions` (a standard suffix allowed). Making them one is a change of behaviour, to be made
 * with the tests and the eval, not here.
 */
import type { Meaning } from './understand';
import type { WordSet } from './word-set';

/** "kapan", "berapa lama": asks when. */
const ASKS_WHEN = 'asks_when';
/** "dibalas", "ditanggapi", "jawaban": names an answer. */
const ANSWER_WORDS = 'answer_words';
/** "aduan", "pengaduan": the answer awaited is a complaint's. */
const COMPLAINT_NOUNS = 'complaint_nouns';
/** "permohonan", "kartu": the answer awaited is about something else (an application, a card). */
const OTHER_SUBJECTS = 'answered_other_subjects';
/** "kok", "kenapa": a grievance opens, a why-not. */
const GRIEVANCE_OPENERS = 'grievance_openers';

/** The word sets the flows' reading takes through `ctx.wordSet`: for their `wordSets`, so start-up checks them. */
export const AWAITING_ANSWER_WORD_SETS = [ASKS_WHEN, ANSWER_WORDS, COMPLAINT_NOUNS, OTHER_SUBJECTS] as const;

/** A question when something will be answered, and what it names beside; each caller decides which it takes. */
export interface WhenAnswered {
  /** It names a complaint ("kapan pengaduan saya ditanggapi"). */
  complaint: boolean;
  /** It names something else that gets answered: an application, a card ("kapan permohonan dijawab"). */
  otherSubject: boolean;
}

/** Does the message hold an entry of this word set (as the caller matches)? */
type Holds = (set: string) => boolean;

function whenAnsweredBy(holds: Holds): WhenAnswered | null {
  if (!holds(ASKS_WHEN) || !holds(ANSWER_WORDS)) return null;
  return { complaint: holds(COMPLAINT_NOUNS), otherSubject: holds(OTHER_SUBJECTS) };
}

/** The question when something will be answered, read from the message's `mentions` (suffixes allowed); null when it asks none. */
export function whenAnswered(input: Pick<Meaning, 'mentions'>): WhenAnswered | null {
  return whenAnsweredBy((set) => input.mentions.includes(set));
}

/** The same question, each entry matched word for word as written (how the flows read word sets); null when it asks none. */
export function whenAnsweredAsWritten(words: readonly string[], wordSet: (name: string) => WordSet): WhenAnswered | null {
  return whenAnsweredBy((set) => wordSet(set).holds(words));
}

/** "kok belum dibales", "kenapa lama": the message asks why somewhere in it, as surely as a "?" asks. */
export function asksWhyNot(input: Pick<Meaning, 'mentions'>): boolean {
  return input.mentions.includes(GRIEVANCE_OPENERS);
}
