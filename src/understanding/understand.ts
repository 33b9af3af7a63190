/**
 * What a message means: the deterministic layer first (menu numbers, commands, a leading
 * greeting), then the classifier on the rest. A message with several questions is split at
 * sentence ends and joining words ("terus", "sama", "dan juga") and each part classified, so
 * "syaratnya apa terus kantornya dimana" is two questions; when the classifier is unsure, the
 * two or three most likely topics are kept so the bot can ask instead of guessing.
 */
import { holdsPhrase, readChatText, sameWord, type ChatText, type Lexicon } from './chat-text';
import type { IntentClassifier, Scored } from './classifier';
import { COMMANDS, type Command, type CommandTable, type Greeting } from './commands';
import type { Spelling } from './spelling';
import { WordSet } from './word-set';
import { asksWhyNot } from './awaiting-answer';

/** Intents of the conversation itself, not topics a flow answers. */
const NOT_A_TOPIC = new Set(['none', 'None', 'greeting', 'thanks', 'menu', 'cancel']);
/**
 * Intents a part of a longer message never adds: they are whole-message acts ("makasih",
 * "batal", "berhenti"), and inside a sentence their words mean something else ("berhenti kerja").
 */
const WHOLE_MESSAGE_ONLY = new Set(['thanks', 'menu', 'cancel', 'stop_notifications', 'start_notifications']);
/** Acts an angry message still means as asked, rather than a new complaint. */
const NOT_OVERRIDDEN_BY_ANGER = new Set(['handoff', 'emergency', 'complaint_status', 'stop_notifications']);
/** A complaint tells a story that mentions other topics; of those only these are acted on too. */
const WITH_COMPLAINT = new Set(['complaint', 'handoff', 'check']);
/** After a statement of who applies ("mau daftar untuk ibu saya", "saya janda"), "bagaimana caranya" asks the application procedure. */
const HOW_MEANS_APPLYING = new Set(['proxy', 'criteria']);

interface Thresholds {
  /** A topic is acted on at or above this score. */
  confident: number;
  /** Below `confident` but at or above this (and this strong), the bot asks which topic was meant. */
  plausible: number;
  plausibleStrength: number;
  /** A further question inside a longer message is answered at or above this score. */
  part: number;
  /** A match at least this strong (raw activation) is acted on with a share of `strongShare`. */
  strong: number;
  strongShare: number;
  /** A match weaker than this is never acted on, however far ahead ("eee", a lone "tidak"). */
  weakest: number;
  /** ... unless it is this far ahead of every other intent. */
  farAhead: number;
  /**
   * A part without a question word is still asked when it reads this clearly as a request
   * ("pkh saya belum cair"), or, after a joining word ("…, terus cek status saya"), at `joinedStrength`,
   * or, opening a message that goes on to ask ("kis saya tidak aktif, berapa lama?"), at `openingStrength`.
   */
  request: { score: number; strength: number; joinedStrength: number; openingStrength: number };
}

const THRESHOLDS: Thresholds = { confident: 0.5, plausible: 0.2, plausibleStrength: 0.15, part: 0.7, strong: 0.7, strongShare: 0.5, weakest: 0.3, farAhead: 0.9, request: { score: 0.9, strength: 0.75, joinedStrength: 0.6, openingStrength: 0.35 } };

export interface Meaning extends ChatText {
  command: Command | null;
  greeting: Greeting | null;
  /** The best intent of the whole message (after any greeting) when the classifier is sure: a topic, or thanks, menu, cancel. */
  intent: string | null;
  /** Every topic asked, in order, each one confident (at most three). */
  topics: string[];
  /** Topics asked beyond the three answered at once, in order: pointed to, to be asked again. */
  askedBeyond: string[];
  /** Next to those topics the message also thanks ("makasih infonya, terus nomor kantor ada?"). */
  thanked: boolean;
  /** The message opens by calling something off ("gak jadi deh, …"), whatever else it goes on to ask. */
  calledOff: boolean;
  /** The words of a cancel command stand in the message ("gk jadi pak, …, batal aja"): said outright, not guessed from a question. */
  saysCancel: boolean;
  /** When nothing is confident: the likeliest topics, best first (at most three). */
  candidates: string[];
  /** The whole message's scores, best first (for flows that weigh one intent against another). */
  ranked: Scored[];
  /** Names of the word sets (flows/nlu/vocabularies.yaml) the message mentions. */
  mentions: string[];
  /** The message ends with a closing phrase ("… sudah itu aja"): the words before it; else null. */
  beforeClosing: string[] | null;
  /**
   * The words that name something ("listrik", "sktm", "walinagari"): without stop words,
   * question words, forms of address and the words any question about the service uses
   * (vocabularies.yaml `not_content`), so a flow can tell which of its items a question is about.
   */
  content: string[];
  /** The whole message is a keyword the bot tells people to type ("pengaduan", "cek status"): its intent. */
  keyword: string | null;
  /** The message asks something: a "?" or a question word ("brp", "kapan", a trailing "gak"). */
  asks: boolean;
  /** The documents the message names (vocabularies.yaml `document_*`), each with the phrases that name it. */
  documents: NamedSet[];
  /** The terms of the requirements the message names (vocabularies.yaml `term_*`: "siak", "padan capil"). */
  terms: NamedSet[];
}

export interface NamedSet {
  /** The set's name without its kind (`document_kk` is "kk", `term_siak` "siak"). */
  id: string;
  phrases: readonly (readonly string[])[];
}

/** Word sets that each name one document (see vocabularies.yaml). */
const DOCUMENT_SET = /^document_(.+)$/;
/** Word sets that each name one term of the requirements. */
const TERM_SET = /^term_(.+)$/;
/** The intent whose flow answers questions about documents. */
const DOCUMENT_INTENT = 'requirements';

/** Word sets by name, each entry one or more standard words. */
export type Vocabularies = ReadonlyMap<string, readonly (readonly string[])[]>;

function mentionedSets(words: readonly string[], vocabularies: Vocabularies): string[] {
  return [...vocabularies].filter(([, entries]) => entries.some((entry) => holdsPhrase(words, entry))).map(([name]) => name);
}

/** The words with every occurrence of the phrases taken out. */
function withoutPhrases(words: readonly string[], phrases: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    const phrase = phrases.find((p) => p.every((e, k) => words[i + k] !== undefined && sameWord(words[i + k], e)));
    if (phrase) i += phrase.length;
    else out.push(words[i++]);
  }
  return out;
}

/** The sets of one kind (`document_*`, `term_*`) the words name. Read without forms of address: "makasih kk" names no Kartu Keluarga. */
function namedSets(words: readonly string[], vocabularies: Vocabularies, kind: RegExp): NamedSet[] {
  return [...vocabularies].flatMap(([name, phrases]) => {
    const id = kind.exec(name)?.[1];
    return id && phrases.some((phrase) => holdsPhrase(words, phrase)) ? [{ id, phrases }] : [];
  });
}

/** The word set (flows/nlu/vocabularies.yaml) of words that start a further question. */
const JOINERS = 'question_joiners';
/** The word set of words that name nothing in particular (see `Meaning.content`). */
const NOT_CONTENT = 'not_content';
/** The word set of abbreviations written with a dot that ends no sentence ("Jl."). */
const DOTTED = 'dotted_abbreviations';
/** Word sets that open a clause: a condition ("kalau sudah lolos, …") and a refusal ("ga usah disambungkan ke petugas"). */
const CONDITION = 'condition_words';
/** Conditions that only say "if so" to the question before ("kalau bisa, …"). */
const IF_SO = 'if_so';
const DECLINED = 'declined';
/** "bukan", "bukannya": a clause opening so sets aside what it names ("…, bukan alamat dinsos"). */
const NOT_THIS = 'not_this';
/** Words of an explicit wish to complain ("mau komplain"): such a clause asks for the complaint flow. */
const COMPLAINT_WISH = 'complaint_wish';
/** Words of anger or grievance ("kecewa", "dipersulit"). */
const COMPLAINT_TONE = 'complaint_tone';
/** Words saying the message is no complaint ("bukan mau ngadu, sy mau daftar"). */
const NOT_A_COMPLAINT = 'not_a_complaint';
/** Words naming the bot: a grievance about it ("bot ga guna") is no complaint about the office. */
const ABOUT_THE_BOT = 'about_the_bot';
/** Words that open the reason for what was asked ("soalnya", "karena"). */
const REASON = 'reason_words';
/** Words that, with question words alone, ask how to do what was said before ("bagaimana *caranya*"). */
const HOW_WORDS = 'how_words';
/**
 * Statements that something is not the case ("kamek ndak pindah, masih idup, ndak mundur …"): they
 * deny the topic their words name, so they are read as not written, and the question after them decides.
 */
const DENIED_STATEMENTS = 'denied_statements';
/** Words that, with question words alone, ask whether what was said is all right ("…, *kada papa kah*"). */
const OKAY_WORDS = 'okay_words';
/** The word set of words asking what something means ("maksudnya", "apa itu"): also read by the router at a step with choices. */
export const ASKS_MEANING = 'asks_meaning';
/** The word set of a wish to ask ("mau tanya"): see `likely` candidates below and the router's idle answer. */
export const ASK_WISH = 'ask_wish';
/** Words of an urgent medical need, and the words that deny one before it ("tidak darurat"). */
const EMERGENCY_WORDS = 'emergency_words';
const DENIALS = 'deny_words';
/** Words saying a card is active, and words of its lapse or validity that keep a question about it (see `saysCardActive`). */
const CARD_ACTIVE = 'card_active';
const CARD_LAPSE = 'card_lapse';
const INACTIVE_CARD = 'inactive_card';
/** Acts a refusal in the same clause undoes: asking for a person, filing a complaint. */
const DECLINABLE = new Set(['handoff', 'complaint']);
const MAX_TOPICS = 3;
/** Emoji people send to say "ok, thanks". */
const ACKNOWLEDGEMENT = /[👍🙏👌🆗✅🤝😊🙂]/u;
const LONG_MESSAGE_WORDS = 25;
/** An item of a numbered list: "1)", "2.", "3 -" at a word boundary. */
const NUMBERED_ITEM = /(?:^|\s)[1-9][).-]\s/g;
/** A short part of a short message ("alamat kantor sama jam bukanya") is asked even without a question word. */
const SHORT_PART_WORDS = 3;
/** How strongly an angry message must still read as a complaint to be taken for one. */
const ANGRY_COMPLAINT_STRENGTH = 0.1;
/** A request for a person is acted on without asking only when the classifier is this sure… */
const CLEAR_HANDOFF = 0.85;
/** …or when it matches this strongly and is still well ahead ("SAMBUNGKAN KE ADMIN SEKARANG"). */
const STRONG_HANDOFF = { strength: 0.9, score: 0.6 };

/**
 * What the classifier reads, in training and at run time alike: the words without forms of
 * address (already dropped) and without single letters, which are typing noise ("eee" collapses
 * to "e") or stray abbreviations the lexicon did not resolve.
 */
export function classifierText(words: readonly string[]): string {
  return words.filter((w) => w.length > 1 || /\d/.test(w)).join(' ');
}

/** A clause of a message: its words, whether it asks something, and where it stands. */
interface Part {
  words: string[];
  question: boolean;
  /** The message is a long story. */
  long: boolean;
  /** Its sentence joins questions with "terus", "sama", "wan"… */
  joined: boolean;
  /** It ends with "?". */
  marked: boolean;
}

export class Understanding {
  constructor(
    private readonly lexicon: Lexicon,
    private readonly commands: CommandTable,
    private readonly classifier: IntentClassifier,
    private readonly vocabularies: Vocabularies = new Map(),
    private readonly spelling?: Spelling,
  ) {
    this.joiners = new Set((vocabularies.get(JOINERS) ?? []).filter((e) => e.length === 1).map((e) => e[0]));
    this.notContent = (vocabularies.get(NOT_CONTENT) ?? []).flat();
  }

  private readonly thresholds = THRESHOLDS;
  private readonly joiners: ReadonlySet<string>;
  private readonly notContent: readonly string[];

  /** The words that name something (see `Meaning.content`). */
  private contentOf(words: readonly string[]): string[] {
    return words.filter((w) => w.length > 2 && !this.classifier.isStopword(w) && !this.commands.isQuestion([w]) && !this.notContent.some((n) => sameWord(w, n)));
  }

  /** Only question words, particles and "cara" ("bagaimana caranya", "terus gimana dong"): a question about what was said before. */
  private asksOnlyHow(words: readonly string[]): boolean {
    const how = this.vocabularies.get(HOW_WORDS) ?? [];
    return words.every((w) => this.commands.isQuestion([w]) || this.classifier.isStopword(w) || how.some((entry) => entry.length === 1 && sameWord(w, entry[0])));
  }

  /** Only question words and words asking whether something is all right, one of those at least ("tidak apa apa kah"). */
  private asksOnlyIfOkay(words: readonly string[]): boolean {
    const entries = this.vocabularies.get(OKAY_WORDS) ?? [];
    let held = false;
    for (let i = 0; i < words.length; ) {
      const entry = entries.find((e) => e.every((w, k) => words[i + k] !== undefined && sameWord(words[i + k], w)));
      if (entry) i += entry.length;
      else if (this.commands.isQuestion([words[i]]) || this.classifier.isStopword(words[i])) i++;
      else return false;
      held ||= entry !== undefined;
    }
    return held;
  }

  /** Does an entry of this word set stand anywhere in the words ("saya *mau mengadu*")? */
  private holdsEntryOf(words: readonly string[], set: string): boolean {
    return (this.vocabularies.get(set) ?? []).some((entry) => holdsPhrase(words, entry));
  }

  /** Do the words open with an entry of this word set? */
  private opensWith(words: readonly string[], set: string): boolean {
    return this.openingEntry(words, set) !== undefined;
  }

  private openingEntry(words: readonly string[], set: string): readonly string[] | undefined {
    return (this.vocabularies.get(set) ?? []).find((entry) => entry.every((e, k) => words[k] !== undefined && sameWord(words[k], e)));
  }

  /** "kalau bisa, bawa apa": the condition only says "if so" to the question before; the clause asks what follows it. */
  private withoutIfSo(words: string[]): string[] {
    const ifSo = this.openingEntry(words, IF_SO);
    return ifSo ? words.slice(ifSo.length) : words;
  }

  /** The chat text with its words read as standard words, vowel-dropped ones repaired ("bka" → "buka"). */
  private read(raw: string): ChatText {
    const text = readChatText(raw, this.lexicon);
    const words = withoutPhrases(this.spelling ? this.spelling.repair(text.words) : text.words, this.vocabularies.get(DENIED_STATEMENTS) ?? []);
    return { ...text, words };
  }

  async understand(raw: string): Promise<Meaning> {
    const text = this.read(raw);
    // "maksudnya? petugas lain tu siapa": a message that opens by asking what was meant asks about the step.
    const single = COMMANDS.find((c) => this.commands.is(text.words, c)) ?? (this.opensAskingWhatIsMeant(raw) ? 'explain' : this.endsCancelling(raw) ? 'cancel' : null);
    const claused = single ? null : await this.clausedCommand(raw);
    const command = single ?? claused?.command ?? null;
    const thankedOnTheWay = claused?.thanked ?? false;
    const greeted = this.commands.greeting(text.words);
    const content = greeted ? greeted.rest : this.commands.withoutAddress(text.words);
    const base = {
      ...text,
      command,
      greeting: greeted?.greeting ?? null,
      mentions: mentionedSets(text.words, this.vocabularies),
      documents: namedSets(this.commands.withoutAddress(text.words), this.vocabularies, DOCUMENT_SET),
      terms: namedSets(text.words, this.vocabularies, TERM_SET),
      asks: raw.includes('?') || this.commands.isQuestion(text.words),
      keyword: null,
      askedBeyond: [],
      beforeClosing: this.commands.beforeClosing(text.words),
      saysCancel: this.commands.names(text.words, 'cancel'),
      content: this.contentOf(content),
    };
    // Commands still get classified: "ok makasih" is the answer "ok" and also thanks.
    if (text.choice !== null || content.length === 0) {
      // "👍", "🙏" alone: an acknowledgement, answered like thanks.
      const acknowledged = content.length === 0 && ACKNOWLEDGEMENT.test(raw) ? 'thanks' : null;
      return { ...base, intent: acknowledged, topics: [], thanked: false, calledOff: false, candidates: [], ranked: [] };
    }

    // A bare answer ("tidak", "ya", "lewati") with no question pending is not a topic.
    if (command && command !== 'menu' && command !== 'cancel' && content.length <= 2) {
      const ranked = await this.classifier.classify(classifierText(content));
      const thanks = ranked[0]?.intent === 'thanks' && this.isSure(ranked[0], this.thresholds.confident) ? 'thanks' : null;
      return { ...base, intent: thanks, topics: [], thanked: false, calledOff: false, candidates: [], ranked };
    }
    const keyword = this.commands.keyword(content);
    if (keyword) return { ...base, keyword, intent: keyword, topics: [keyword], thanked: false, calledOff: false, candidates: [], ranked: [{ intent: keyword, score: 1, strength: 1 }] };
    const ranked = await this.classifier.classify(classifierText(content));
    const best = ranked[0];
    const sure = best && this.isSure(best, this.thresholds.confident) && best.intent !== 'none' && best.intent !== 'None' ? best.intent : null;
    const angry = this.angry(raw, base.mentions, ranked);
    const wishes = this.wishesToComplain(content, base.mentions, ranked);
    const read = angry || wishes ? 'complaint' : (this.confidentTopic(ranked) ?? (await this.storyQuestion(raw, content)));
    // "Perkenalkan, saya …, saya ingin menanyakan perihal pengusulan …" announces a question; a story
    // around it reads like a complaint only to the classifier. Words of grievance still make one.
    const announcesQuestion = read === 'complaint' && !angry && base.mentions.includes(ASK_WISH) && !base.mentions.includes(COMPLAINT_TONE) && !this.holdsEntryOf(text.words, COMPLAINT_WISH);
    const whole = announcesQuestion || this.saysCardActive(text.words, read) ? null : read;
    const { topics: found, thanked, calledOff, notAsked, askedBeyond } = await this.topicsAsked(raw, whole);
    const fallback = found.length === 0 ? (this.urgent(text.words) ?? this.aboutDocument(base, best)) : null;
    // "udah ngajuin dari juli, skrg desember blm aktif juga, ini gimana sih": the grievance is a
    // complaint, and what the words ask first (the status) is still asked.
    const alsoAsked = angry && best.intent === 'check' && this.isSure(best, this.thresholds.confident) && !found.includes('check') ? ['check'] : [];
    // "bukan mangadu, ambo tanyo alasan kenapa ditolak": said to be no complaint, no clause of it makes one.
    const disowned = base.mentions.includes(NOT_A_COMPLAINT);
    // "pekerja bukan penerima upah tu maksudnya gmn": what a term of the requirements means is the requirements' to say.
    const asksTerm = base.terms.length > 0 && base.mentions.includes(ASKS_MEANING) && found.length <= 1 && this.classifier.knows(DOCUMENT_INTENT);
    const asked = (asksTerm ? [DOCUMENT_INTENT] : fallback ? [fallback] : [...found, ...alsoAsked]).filter((t) => !(disowned && t === 'complaint'));
    // Handing a chat to a person needs a clear request; a likely one is asked about first.
    // The whole message must read as that request: "ga jadi deh, tapi petugas tetap chat kan?" reads as a cancel.
    const clearHandoff = best.intent === 'handoff' && (best.score >= CLEAR_HANDOFF || (best.score >= STRONG_HANDOFF.score && best.strength >= STRONG_HANDOFF.strength));
    const unsureHandoff = asked.length === 1 && asked[0] === 'handoff' && !clearHandoff;
    const topics = unsureHandoff ? [] : asked;
    // "Saya ingin menanyakan perihal …" only announces a question: its story is no complaint to offer.
    const likely = this.likely(ranked).filter((t) => t !== 'complaint' || !base.mentions.includes(ASK_WISH));
    const candidates = unsureHandoff ? ['handoff'] : topics.length || sure ? [] : likely;
    // A greeting the word list does not know ("haloo", "pagiii") but the classifier is sure of.
    const greeting = base.greeting ?? (sure === 'greeting' && topics.length === 0 ? 'general' : null);
    // Nothing asked but thanks ("ga mau komplain, cuma mau bilang makasih"): thanks.
    // "ok terakhir, berkas yg lengkap diserahkan ke siapa": an "ok" before a question the bot is unsure of is no goodbye.
    const onlyThanks = thanked && topics.length === 0 && !(base.asks && candidates.length) ? 'thanks' : null;
    const meant = sure && !notAsked.has(sure) && !((announcesQuestion || disowned) && sure === 'complaint') ? sure : null;
    const intent = unsureHandoff ? null : (meant ?? topics[0] ?? onlyThanks);
    // "makasih, balik ke menu ya", "batal, ke menu utama aja": back to the menu, and thanked or called off on the way.
    return { ...base, greeting, intent, topics, askedBeyond, thanked: (thanked && topics.length > 0) || thankedOnTheWay, calledOff: calledOff || command === 'cancel' || intent === 'cancel', candidates, ranked };
  }

  /**
   * "batal, ke menu utama aja", "makasih, balik ke menu ya": every clause goes back, cancels, thanks
   * or closes ("udah"), one at least goes back or cancels. The message is that command, wherever it
   * is typed (a complaint's text included), thanking on the way or not.
   */
  private async clausedCommand(raw: string): Promise<{ command: 'menu' | 'cancel'; thanked: boolean } | null> {
    const clauses = raw.split(/[.,!?\n]+/).map((c) => this.commands.withoutAddress(this.read(c).words)).filter((w) => w.length > 0);
    if (clauses.length < 2) return null;
    // One clause at a time: most messages stop at their first clause, which is no command, after one classification.
    const acts: string[] = [];
    for (const words of clauses) {
      const act = await this.clauseAct(words);
      if (act === null) return null;
      acts.push(act);
    }
    if (!acts.some((a) => a === 'menu' || a === 'cancel')) return null;
    return { command: acts.includes('cancel') ? 'cancel' : 'menu', thanked: acts.includes('thanks') };
  }

  private async clauseAct(words: readonly string[]): Promise<'menu' | 'cancel' | 'thanks' | 'done' | null> {
    for (const command of ['menu', 'cancel', 'done'] as const) if (this.commands.is(words, command)) return command;
    // Cancelling is never guessed here ("ga jadi marah deh, makasih …" cancels nothing).
    const best = (await this.classifier.classify(classifierText(words)))[0];
    const act = best?.intent;
    return (act === 'menu' || act === 'thanks') && this.isSure(best, this.thresholds.part) ? act : null;
  }

  /** "eh mo jadi lah, takut nanti malah lama. batal aja": the last of several sentences is "batal". */
  private endsCancelling(raw: string): boolean {
    const sentences = raw.split(/[.!?\n]+/).map((x) => x.trim()).filter(Boolean);
    return sentences.length > 1 && this.commands.is(this.read(sentences[sentences.length - 1]).words, 'cancel');
  }

  /** The message's first sentence, up to its "?", is "maksudnya?" / "ga ngerti?", and more follows. */
  private opensAskingWhatIsMeant(raw: string): boolean {
    const end = raw.indexOf('?');
    return end > 0 && raw.slice(end + 1).trim().length > 0 && this.commands.is(this.read(raw.slice(0, end)).words, 'explain');
  }

  /**
   * A clause read as a complaint is one only when its own words grieve ("kok … ga dtg2", "parah"):
   * "pak saya mau tanya buat tetangga saya" reads like one to the classifier and asks nothing of the kind.
   */
  private voicesGrievance(words: readonly string[]): boolean {
    const mentions = mentionedSets(words, this.vocabularies);
    return mentions.includes(COMPLAINT_TONE) || asksWhyNot({ mentions });
  }

  /**
   * An angry message that reads at all like a complaint is a complaint, though its words are
   * about requirements, fees or dates: shouting ("!!!", 😡) or words of grievance.
   */
  private angry(raw: string, mentions: string[], ranked: Scored[]): boolean {
    const complaint = ranked.find((r) => r.intent === 'complaint');
    // "!!!" or an angry face is a grievance whatever its words ("KANTOR TUTUP JAM 1!!!"). Capitals
    // alone are how some people type, and "??" is an impatient question ("3 bulan?? ada cara cepat?").
    const shouting = /!{2,}|[😡😤🤬😠]/u.test(raw);
    if (!shouting && (!complaint || complaint.strength < ANGRY_COMPLAINT_STRENGTH)) return false;
    // Anger does not turn a clear request for a person, an emergency or a ticket follow-up into a new complaint.
    if (ranked[0] && NOT_OVERRIDDEN_BY_ANGER.has(ranked[0].intent) && this.isSure(ranked[0], this.thresholds.confident)) return false;
    // Words of grievance make it angry too.
    return shouting || mentions.includes(COMPLAINT_TONE);
  }

  /**
   * "aku mau ngadu lah pak pasal tu": the wish words decide, whatever else the words read like,
   * when the classifier sees a complaint at all and the person does not say it is none.
   */
  private wishesToComplain(words: readonly string[], mentions: string[], ranked: Scored[]): boolean {
    const complaint = ranked.find((r) => r.intent === 'complaint');
    return this.holdsEntryOf(words, COMPLAINT_WISH) && !mentions.includes(NOT_A_COMPLAINT) && !this.opensWith(words, DECLINED) && complaint !== undefined && complaint.strength >= this.thresholds.plausibleStrength;
  }

  /**
   * A long story the classifier cannot place as a whole usually ends with its question
   * ("… saya cuma mau tau langkah2nya gimana"): the topic of the last clauses, if sure.
   */
  private async storyQuestion(raw: string, content: readonly string[]): Promise<string | null> {
    if (content.length <= LONG_MESSAGE_WORDS) return null;
    const parts = this.parts(raw);
    for (const tail of [parts.slice(-1), parts.slice(-2)]) {
      const words = tail.flatMap((p) => p.words);
      if (words.length < 2) continue;
      const topic = this.confidentTopic(await this.classifier.classify(classifierText(words)));
      if (topic) return topic;
    }
    return null;
  }

  /** "kis saya sudah aktif, …": words saying the card is active ask nothing about an inactive one. */
  private saysCardActive(words: readonly string[], intent: string | null): boolean {
    const [active, deny] = [this.wordSet(CARD_ACTIVE), this.wordSet(DENIALS)];
    return intent === INACTIVE_CARD && active !== undefined && deny !== undefined && active.holdsUndenied(words, deny) && !this.holdsEntryOf(words, CARD_LAPSE);
  }

  /** Nothing else understood, but words of an urgent medical need, not denied ("tidak dirawat"): the emergency route. */
  private urgent(words: readonly string[]): string | null {
    const [urgent, deny] = [this.wordSet(EMERGENCY_WORDS), this.wordSet(DENIALS)];
    return urgent && deny && urgent.holdsUndenied(words, deny) && this.classifier.knows('emergency') ? 'emergency' : null;
  }

  /** Nothing else understood, but a question about a document ("kk saya masih ada nama almarhum, gmn?"): the requirements. */
  private aboutDocument(message: { asks: boolean; documents: readonly NamedSet[] }, best: Scored | undefined): string | null {
    // "jual token listrik?" names a document but is plainly about something else.
    const elsewhere = best !== undefined && best.intent === 'none' && this.isSure(best, this.thresholds.confident);
    return message.documents.length > 0 && message.asks && !elsewhere && this.classifier.knows(DOCUMENT_INTENT) ? DOCUMENT_INTENT : null;
  }

  /** Sure enough: well ahead of the others, or a strong match only somewhat ahead. */
  private asksWhatTermMeans(words: readonly string[]): boolean {
    return this.classifier.knows(DOCUMENT_INTENT) && namedSets(words, this.vocabularies, TERM_SET).length > 0 && mentionedSets(words, this.vocabularies).includes(ASKS_MEANING);
  }

  private isSure(best: Scored, share: number): boolean {
    const { strongShare, strong, weakest } = this.thresholds;
    if (best.strength < weakest && !(best.score >= this.thresholds.farAhead && best.strength >= weakest / 2)) return false;
    return best.score >= share || (best.score >= strongShare && best.strength >= strong);
  }

  private confidentTopic(ranked: Scored[]): string | null {
    const best = ranked[0];
    return best && this.isSure(best, this.thresholds.confident) && !NOT_A_TOPIC.has(best.intent) ? best.intent : null;
  }

  private likely(ranked: Scored[]): string[] {
    if (!ranked[0] || NOT_A_TOPIC.has(ranked[0].intent)) return [];
    // A share without any strength is noise ("sy mo lapor aja deh" matched nothing, yet one intent had 100 % of nothing).
    const { plausible, plausibleStrength } = this.thresholds;
    return ranked.filter((r) => r.score >= plausible && r.strength >= plausibleStrength && !NOT_A_TOPIC.has(r.intent)).slice(0, MAX_TOPICS).map((r) => r.intent);
  }

  /**
   * The topics of each question in the message, in the order asked: the whole message's topic
   * and those of further questions the classifier is sure of. Statements in between ("sy kerja
   * soalnya") add nothing; a complaint keeps only what a complaint may also ask for.
   */
  private async topicsAsked(raw: string, whole: string | null): Promise<{ topics: string[]; thanked: boolean; calledOff: boolean; notAsked: ReadonlySet<string>; askedBeyond: string[] }> {
    const parts = this.parts(raw);
    if (parts.length < 2) return { topics: whole ? [whole] : [], thanked: false, calledOff: false, notAsked: new Set(), askedBeyond: [] };
    const found: string[] = [];
    const declined = new Set<string>();
    const conditions = new Set<string>();
    let thanked = false;
    let calledOff = false;
    const { request } = this.thresholds;
    const anyQuestion = parts.some((p) => p.question);
    let wished = false;
    /** Topics of clauses marked "?" ("…, kapan sih jadwalnya??"): asked, even beside a complaint's story. */
    const askedOutright = new Set<string>();
    // Topics only a part asking "how" read, after a statement ("kis saya tidak aktif. bagaimana
    // caranya"): that question asks about the statement, not about a topic of its own. After a
    // question it is a question of its own ("syaratnya apa? terus gimana caranya" asks the procedure).
    const echoes = new Set<string>();
    let previousBest: string | null = null;
    let termAsked = false;
    for (const [i, part] of parts.entries()) {
      // "…, trs siak itu apa": a clause asking what a term of the requirements means is the requirements' to say.
      if (this.asksWhatTermMeans(part.words)) {
        if (!found.includes(DOCUMENT_INTENT)) found.push(DOCUMENT_INTENT);
        termAsked = true;
        previousBest = DOCUMENT_INTENT;
        continue;
      }
      const best = (await this.classifier.classify(classifierText(part.words)))[0];
      if (DECLINABLE.has(best.intent) && this.opensWith(part.words, DECLINED)) declined.add(best.intent);
      // "…, bukan alamat dinsos": whatever a clause opening with "bukan" names is not what is asked.
      // "…, BUKAN ROBOT" sets aside the bot, not the person asked for.
      if (i > 0 && this.opensWith(part.words, NOT_THIS) && !this.holdsEntryOf(part.words, ABOUT_THE_BOT) && this.isSure(best, this.thresholds.part)) declined.add(best.intent);
      const condition = this.opensWith(part.words, CONDITION);
      if (condition) conditions.add(best.intent);
      // A grievance clause ("bot ga guna") is not a request: complaints are read from the whole
      // message; nor is a condition ("kalau sudah lolos, …").
      // A statement that opens a message and a question follows sets its topic too ("kis ulun
      // kada aktif, kaya apa maaktifakan"); so does an explicit wish to complain ("mau komplain, …").
      const opening = i === 0 && anyQuestion && !part.question;
      // So does a grievance next to a request a complaint may come with ("petugasnya jutek, sy mau
      // ngomong sm atasannya"), unless it is about the bot itself ("BOT GA GUNA!!! sambungkan ke admin")
      // or gives the reason for the request ("…, soalnya petugas blg layak").
      const grievance = () =>
        whole !== null && whole !== 'complaint' && WITH_COMPLAINT.has(whole) && this.isSure(best, this.thresholds.part) && !this.holdsEntryOf(part.words, ABOUT_THE_BOT) && !this.opensWith(part.words, REASON);
      const wantsToComplain = best.intent === 'complaint' && (this.holdsEntryOf(part.words, COMPLAINT_WISH) || grievance());
      const strength = part.joined ? request.joinedStrength : opening ? request.openingStrength : request.strength;
      const requested =
        !part.long && !condition && (wantsToComplain || (best.intent !== 'complaint' && best.score >= request.score && best.strength >= strength));
      // The wish words decide; the classifier need only lead, if barely ("oh iya saya mau mengadu juga").
      // A further clause's match far ahead of the rest but weak ("…, apa bisa langsung mendaftar di sini?")
      // asks about what was said before, not a topic of its own: it must be as strong as any sure match.
      const sure =
        (wantsToComplain && best.score >= this.thresholds.plausible) ||
        (best && (best.intent !== 'complaint' || this.voicesGrievance(part.words)) && this.isSure(best, this.thresholds.part) && (i === 0 || best.strength >= this.thresholds.weakest) && (part.question || requested) && !NOT_A_TOPIC.has(best.intent) && !WHOLE_MESSAGE_ONLY.has(best.intent));
      wished ||= wantsToComplain;
      // What was said is known from that clause, or (less sure there) the whole message reads as it.
      const said = found.length > 0 || (whole !== null && previousBest === whole);
      const echo = i > 0 && !parts[i - 1].question && said && !HOW_MEANS_APPLYING.has(previousBest ?? '') && this.asksOnlyHow(part.words);
      if (sure && echo) echoes.add(best.intent);
      // "…, kada papa kah": asks whether what was said is all right, no topic of its own ("gpp" is not a fee).
      const asksIfOkay = i > 0 && this.asksOnlyIfOkay(part.words);
      if (sure && !echo && !asksIfOkay && !this.saysCardActive(part.words, best.intent) && !found.includes(best.intent)) found.push(best.intent);
      if (sure && part.marked) askedOutright.add(best.intent);
      thanked ||= best?.intent === 'thanks' && this.isSure(best, this.thresholds.part);
      calledOff ||= i === 0 && best.intent === 'cancel' && this.isSure(best, this.thresholds.part);
      previousBest = best.intent;
    }
    // "kalau sudah lolos, kartunya aktif tanggal berapa": what the condition is about is not the question.
    const conditional = whole !== null && conditions.has(whole) && found.some((t) => t !== whole);
    const echoed = whole !== null && echoes.has(whole) && found.length > 0;
    // Beside a term asked about, the whole message's reading is mostly that term's misreading ("desil tu ap?" as the information page).
    if (whole && !conditional && !echoed && !termAsked && !found.includes(whole)) found.unshift(whole);
    // "ga usah disambungkan ke petugas, kasih nomor kantornya aja": the refused act is not asked.
    const wanted = found.filter((t) => !declined.has(t));
    // A ticket follow-up asks where the complaint stands, not the application ("sudah sampai mana").
    const asked = wanted.includes('complaint_status') ? wanted.filter((t) => t !== 'check') : wanted;
    // A story's complaint keeps only these and what it asks outright; a complaint asked for in a clause of its own keeps the other questions.
    const topics = asked.includes('complaint') && !wished ? asked.filter((t) => WITH_COMPLAINT.has(t) || askedOutright.has(t)) : asked;
    // Topics the message names but does not ask: refused, or only the condition of the question.
    const notAsked = new Set([...declined, ...(conditional ? [whole] : [])]);
    return { topics: topics.slice(0, MAX_TOPICS), thanked, calledOff, notAsked, askedBeyond: topics.slice(MAX_TOPICS) };
  }

  /** Clauses of at least two words (or one marked "?" that names something), cut at sentence ends and joining words; greetings and an opening "kalau bisa" dropped. */
  private parts(raw: string): Part[] {
    const clauses: Part[] = [];
    // In a long story only clauses marked with "?" are further questions; elsewhere a question word
    // is enough. A numbered list ("1) syaratnya apa, 2) berapa lama") is questions, not a story.
    // A long message written without any punctuation marks no question: there its question words ask.
    const long = this.read(raw).words.length > LONG_MESSAGE_WORDS && (raw.match(NUMBERED_ITEM) ?? []).length < 2 && /[?!.,;]/.test(raw);
    for (const match of raw.matchAll(/[^?!;\n&]+(?:[?!;\n&]+|$)/g)) {
      for (const sentence of this.sentencesOf(match[0])) {
        const asked = /\?/.test(sentence);
        const read = this.read(sentence).words;
        const greeted = this.commands.greeting(read);
        const words = this.withoutIfSo(greeted ? greeted.rest : this.commands.withoutAddress(read));
        // Parts joined by "sama", "terus", "wan" are coordinated questions even when short and
        // without a question word ("alamat kantor sama jam bukanya"); comma-separated ones may be statements.
        const joined = words.some((w) => this.joiners.has(w));
        let current: string[] = [];
        const push = () =>
          current.length && clauses.push({ words: current, long, joined, marked: asked, question: asked || (!long && ((joined && current.length <= SHORT_PART_WORDS) || this.commands.isQuestion(current))) });
        for (const word of words) {
          if (this.joiners.has(word)) {
            push();
            current = [];
          } else current.push(word);
        }
        push();
      }
    }
    // One word is a question of its own only when marked as one and naming something ("…? gratis?").
    return clauses.filter((c) => c.words.length >= 2 || (c.marked && this.contentOf(c.words).length === 1));
  }

  /** Cut at ". " and ",", but not after an abbreviation written with a dot ("Jl. Cut Nyak Dien"). */
  private sentencesOf(text: string): string[] {
    const dotted = new Set((this.vocabularies.get(DOTTED) ?? []).flat());
    const pieces = text.split(/(\.\s+|,\s*)/);
    const sentences = [pieces[0]];
    for (let i = 1; i < pieces.length; i += 2) {
      const last = sentences[sentences.length - 1];
      // Compared as read: the word set's entries are ("jl" is "jalan").
      const abbreviated = pieces[i].startsWith('.') && /\p{L}$/u.test(last) && dotted.has(this.read(last).words.at(-1) ?? '');
      if (abbreviated) sentences[sentences.length - 1] = `${last}. ${pieces[i + 1]}`;
      else sentences.push(pieces[i + 1]);
    }
    return sentences;
  }

  /** A word set of flows/nlu/vocabularies.yaml as flows read it (see word-set.ts); undefined when the file has none by that name. */
  wordSet(name: string): WordSet | undefined {
    const entries = this.vocabularies.get(name);
    if (!entries) return undefined;
    // Built once per set: flows ask for a set for every word they check.
    let set = this.wordSets.get(name);
    if (!set) this.wordSets.set(name, (set = new WordSet(name, entries, (text) => this.read(text).words)));
    return set;
  }

  private readonly wordSets = new Map<string, WordSet>();
}
