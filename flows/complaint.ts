/**
 * Pengaduan: collects topic, the complaint (several messages, photos allowed), name,
 * optional NIK and the wish for confidentiality, shows a summary to confirm or edit, and files
 * the ticket with its response deadline. Nothing is filed that the person did not ask for: a
 * complaint read only from the tone of a message is offered first. Nothing is filed or thrown
 * away silently: the body ends on any natural closing ("sudah itu aja") or on a message that is
 * plainly the next answer (a name); a question to the bot inside the body is answered beside it
 * and kept in the text, while a complaint phrased as a question stays its text; a draft outlives
 * the session timeout and a trip to the menu (the router offers it back). A complaint typed at the
 * topic step is kept as the body, and a line told past the body check joins it. A "Tidak, …" to
 * the offer declines whatever words follow; "saya tidak sedang membuat pengaduan" withdraws one
 * begun. A grievance about money demanded is told the standard's fee first. The same complaint
 * confirmed twice is said to be the earlier ticket. Plain words answer the steps: "nama sy
 * yohanes, …" names, "rahasiain aja" hides, "kirim aja" sends.
 */
import { aside, attachmentReplyKey, end, fileCounts, keptFileId, reroute, stay, type Flow, type FlowContext, type FlowOutcome } from '../src/conversation/flow-types';
import { COMPLAINT_TOPICS, type ComplaintDraft, type ComplaintTopic } from '../src/conversation/services';
import { responseTimeMessage } from '../src/agency/response-time';

type Step = 'offer' | 'topic' | 'body' | 'body_check' | 'name' | 'nik' | 'confidential' | 'confirm' | 'edit';
type State = { step: Step; draft: ComplaintDraft; editing: boolean; pending?: string };

const MAX_BODY_PARTS = 20;
/** A message inside the body that the classifier reads as another question this surely is asked about. */
const QUESTION_SCORE = 0.85;
const QUESTION_MAX_WORDS = 10;
/** A question plainly marked as one ("Apakah … ?", or sure of its topic and ending in "?") may be this long: people write formally too. */
const MARKED_QUESTION_MAX_WORDS = 25;
/** A first message this long is the complaint itself, whatever its punctuation. */
const STORY_WORDS = 12;
/** A shorter first message without "?" is the complaint itself when it names this many things ("soal *pelayanan* di *loket*"). */
const MIN_STORY_SUBJECT = 2;
/** What may follow a question inside the body and still leave it a question: a reason, not more story. */
const REASON_MAX_WORDS = 8;
/** A line this short that says it is no complaint ("sy nanya alasannya apa! blm mau ngadu") withdraws one already begun. */
const NOT_A_COMPLAINT_MAX_WORDS = 8;
/** A question word further in asks only in a sentence this short ("syaratnya apa aja?"); a longer one tells a story first. */
const SHORT_QUESTION_WORDS = 6;

/** "bukan loket", "bukan soal petugas": this short a line opening with "bukan" sets the guessed topic aside. */
const TOPIC_DENIAL_MAX_WORDS = 4;

/** Topic inference order: the most specific first. */
const INFERRED_TOPICS: ComplaintTopic[] = ['petugas', 'kepesertaan', 'bansos_lain', 'loket'];

/** The word sets of flows/nlu/vocabularies.yaml this flow reads (what each is for is said there). */
const WORDS = {
  asking: 'question_openers',
  askingWithMark: 'question_openers_with_mark',
  grieving: 'grievance_openers',
  leadIns: 'question_lead_ins',
  questionWord: 'question_words_in_sentence',
  tags: 'question_tags',
  affirm: 'affirm_words',
  deny: 'deny_words',
  send: 'send_words',
  change: 'change_words',
  discard: 'discard_words',
  secret: 'secret_words',
  wish: 'complaint_wish',
  tone: 'complaint_tone',
  disowning: 'not_a_complaint',
  filingVerbs: 'filing_verbs',
  complaintNouns: 'complaint_nouns',
  moneyAsked: 'money_asked',
  notThis: 'not_this',
} as const;
const wordSet = (ctx: FlowContext, name: keyof typeof WORDS) => ctx.wordSet(WORDS[name]);

/** Is the word at `i` denied by one of the two before it ("jangan dikirim", "tidak usah dirahasiakan")? */
const deniedAt = (ctx: FlowContext, said: readonly string[], i: number) => said.slice(Math.max(0, i - 2), i).some((w) => wordSet(ctx, 'deny').has(w));

const topicLabel = (ctx: FlowContext, topic: string) => ctx.t(`complaint.topic_${topic}`);

const topicChoices = (ctx: FlowContext) => COMPLAINT_TOPICS.map((t, i) => `*${i + 1}.* ${topicLabel(ctx, t)}`).join('\n');

function askTopic(ctx: FlowContext): void {
  ctx.reply(`${ctx.t('complaint.intro')}\n\n${ctx.t('complaint.ask_topic')}\n${topicChoices(ctx)}`);
}

/** "ada oknum minta uang 150rb, apakah dibenarkan?": the standard's fee answers the question the grievance asks. */
function tellFeeIfMoneyAsked(ctx: FlowContext): boolean {
  if (!wordSet(ctx, 'moneyAsked').holds(ctx.input.words)) return false;
  ctx.say('complaint.money_asked', { fee: ctx.profile.programme.fee });
  return true;
}

/** "maksudnya?" at a step: what it asks and why, and how to answer it (its choices again). */
function explainStep(ctx: FlowContext, step: Step): void {
  if (step === 'topic') ctx.reply(`${ctx.t('complaint.explain_topic', { other: COMPLAINT_TOPICS.indexOf('lainnya') + 1 })}\n${topicChoices(ctx)}`);
  else if (step === 'nik') ctx.reply(`${ctx.t('complaint.why_nik')}\n${ctx.t('complaint.ask_nik')}`);
  else if (step === 'edit') ctx.reply(`${ctx.t('complaint.explain_edit')}\n${ctx.t('complaint.ask_edit')}`);
  else ctx.say(`complaint.explain_${step}`);
}

function inferTopic(ctx: FlowContext, asked = false): ComplaintTopic {
  // Asked for the topic, the topic's own name answers it ("petugas"); in a story it names no conduct.
  const names = (t: ComplaintTopic) => ctx.input.mentions.includes(`complaint_topic_${t}`) || (asked && ctx.input.mentions.includes(`topic_name_${t}`));
  return INFERRED_TOPICS.find(names) ?? 'lainnya';
}

function summary(ctx: FlowContext, d: ComplaintDraft): string {
  return ctx.t('complaint.summary', {
    topic: topicLabel(ctx, d.topic),
    body: d.body.join('\n'),
    attachments: d.attachments,
    name: d.name ?? ctx.t('complaint.no_name'),
    nik: d.nikMasked ?? '-',
    confidential: ctx.t(d.confidential ? 'common.yes' : 'common.no'),
  });
}

const PROMPTS: Partial<Record<Step, string>> = {
  body: 'complaint.ask_body',
  name: 'complaint.ask_name',
  nik: 'complaint.ask_nik',
  confidential: 'complaint.ask_confidential',
};

function ask(ctx: FlowContext, state: State): FlowOutcome<State> {
  if (state.step === 'confirm') ctx.reply(summary(ctx, state.draft));
  else if (state.step === 'topic') askTopic(ctx);
  else if (state.step === 'edit') ctx.say('complaint.ask_edit');
  else if (state.step === 'body' && state.draft.body.length) ctx.say('complaint.body_continue');
  else ctx.say(PROMPTS[state.step === 'body_check' ? 'body' : state.step]!);
  return stay(state.step === 'body_check' ? { ...state, step: 'body', pending: undefined } : state);
}

function next(ctx: FlowContext, state: State, after: Step): FlowOutcome<State> {
  // While editing one field, go straight back to the summary.
  const order: Step[] = ['topic', 'body', 'name', 'nik', 'confidential', 'confirm'];
  const step = state.editing ? 'confirm' : order[order.indexOf(after) + 1];
  return ask(ctx, { ...state, step, editing: false, pending: undefined });
}

/** Free text is kept with any NIK masked, and never longer than one WhatsApp message. */
const kept = (ctx: FlowContext, text: string) => ctx.services.identity.mask(text.trim()).slice(0, 4000);

/** "Siti Aminah", "Budi": one to four capitalised words and nothing else. */
const looksLikeName = (raw: string) => /^\p{Lu}[\p{L}'.]*(?:\s+\p{Lu}[\p{L}'.]*){0,3}$/u.test(raw.trim());

function addToBody(ctx: FlowContext, state: State, text: string, unplacedQuestion = false): FlowOutcome<State> {
  const { draft } = state;
  if (draft.body.length >= MAX_BODY_PARTS) {
    ctx.say('complaint.body_full');
    return next(ctx, state, 'body');
  }
  if (unplacedQuestion) ctx.say('complaint.body_question_kept');
  else ctx.say(draft.body.length === 0 ? 'complaint.body_first_received' : 'complaint.body_more_received');
  return stay({ ...state, step: 'body', draft: { ...draft, body: [...draft.body, kept(ctx, text)] } });
}

/** Asked while the complaint is written: "how long until it is answered?" means this complaint. */
const RESPONSE_TIME_TOPICS = new Set(['duration', 'complaint_status']);

/**
 * A question typed into the body is answered at once and the complaint goes on; the line is
 * kept in the body too, since a question is often part of the grievance ("emang bener kalau ga
 * bayar ga diproses?") and the person sees the whole text before sending.
 */
function askedInBody(ctx: FlowContext, state: State, text: string): FlowOutcome<State> {
  const { draft } = state;
  const withLine = { ...state, step: 'body' as const, draft: { ...draft, body: [...draft.body, kept(ctx, text)].slice(0, MAX_BODY_PARTS) } };
  if (ctx.input.topics.every((t) => RESPONSE_TIME_TOPICS.has(t))) {
    ctx.say(responseTimeMessage(ctx.profile, 'complaint.body_response_time'), { days: ctx.profile.complaints.responseDays.value });
    return stay(withLine);
  }
  return aside(withLine, 'complaint.body_question_answered');
}

function endBody(ctx: FlowContext, state: State): FlowOutcome<State> {
  if (state.draft.body.length === 0) {
    ctx.say('complaint.body_empty');
    return stay({ ...state, step: 'body' });
  }
  return next(ctx, state, 'body');
}

const countWords = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/** The first sentence of a message (up to "?", a sentence end or a new line) and how many words follow it. */
function firstSentence(raw: string): { sentence: string; after: number } {
  const text = raw.trim();
  const end = /\?+|[.!]+(?=\s|$)|\n/.exec(text);
  const cut = end ? end.index + end[0].length : text.length;
  return { sentence: text.slice(0, cut).trim(), after: countWords(text.slice(cut)) };
}

type BodyLine = 'story' | 'grievance' | 'question' | 'unplaced_question';

/**
 * Inside the body: more of the complaint, or a question to the bot? A question opens the message
 * with a question word ("trus gmn biar aktif lg? gw butuh bgt buat kontrol minggu dpn", "emang
 * bayar ya sebenernya?"), is short, and at most a reason follows it. A grievance phrased as a
 * question ("kenapa kartu saya dinonaktifkan?", angry words) and a story with a question mark in
 * it are the complaint. A question the understanding cannot place is `unplaced_question`.
 */
function readBodyLine(ctx: FlowContext): BodyLine {
  const { raw, topics } = ctx.input;
  const first = ctx.input.words.find((w) => !wordSet(ctx, 'leadIns').has(w));
  const { sentence, after } = firstSentence(raw);
  // The first sentence in standard words, read as the message was ("brp" is "berapa").
  const said = wordSet(ctx, 'questionWord').read(sentence);
  // Not the classifier's "complaint": inside the body nearly everything reads a little like one.
  // The question's own sentence decides; a grievance after it is its reason ("… brp hari dijawab? jgn sampe gk ada kabar").
  if (wordSet(ctx, 'grieving').has(first) || wordSet(ctx, 'tone').holds(said) || sentence.includes('!')) return 'grievance';
  const marked = sentence.endsWith('?');
  const short = countWords(sentence) <= SHORT_QUESTION_WORDS;
  // A tag asks only after some words of its own ("…, ya?"; a lone "ya?" is no question).
  const tagged = said.length > 1 && wordSet(ctx, 'tags').has(said.at(-1));
  // Only a topic the understanding is sure of is answered beside the body; a likely one is kept for the officer.
  const placed = topics.some((t) => t !== 'complaint' && t !== 'handoff');
  // Not opening the sentence, a question word still asks when the understanding is sure what about:
  // unmarked only as the whole message ("itu syaratnya apa aja sih biar ga ditolak lagi"), marked with
  // "?" also with a reason after it ("… brp hari dijawab? jgn sampe kyk dulu"). A story that reports a
  // question ("kemarin sy tanya ke loket brp lama? katanya tunggu aja") may be answered too: the line
  // stays in the complaint either way.
  const inPassing = (after === 0 || marked) && (wordSet(ctx, 'questionWord').holds(said) || tagged) && placed;
  const asks = wordSet(ctx, 'asking').has(first) || (marked && (wordSet(ctx, 'askingWithMark').has(first) || (short && wordSet(ctx, 'questionWord').holds(said)) || tagged)) || inPassing;
  const plainlyAsked = marked && (wordSet(ctx, 'asking').has(first) || inPassing);
  if (!asks || countWords(sentence) > (plainlyAsked ? MARKED_QUESTION_MAX_WORDS : QUESTION_MAX_WORDS) || after > REASON_MAX_WORDS) return 'story';
  // A request for a person is asked about (the body check), never guessed from a question.
  if (topics.includes('handoff')) return 'story';
  return placed ? 'question' : 'unplaced_question';
}

/**
 * "nama sy yohanes, mak sy bernadeta" → "Yohanes": the name after "nama saya" or "saya", up to a
 * comma or a joining word. Regional pronouns count only after "nama": "Ambo Dalle" is a name.
 */
const NAME_INTRO = /^\s*(?:nama(?:\s+lengkap(?:nya)?)?(?:\s*(?:saya|sy|aku|ku|gw|gue|gua|ane|ulun|ambo|kamek|kulo))?|saya|sy|aku)(?:\s*:\s*|\s+)(?:(?:adalah|ialah|yaitu)\s+)?(.+)$/iu;
const NAME_ENDS = /\s+(?:dan|dgn|dengan|sama|serta|terus|trus|trs|lalu|tapi|tetapi|namun|dari|yg|yang|mau|ingin|pengen|umur|usia|alamat|tinggal|nik|warga|no|nomor|hp|wa|asal|mak|ibu|bapak|ayah|suami|istri|anak|adik|kakak)\b.*$/iu;
/** Words that begin a sentence, never a name ("saya tidak mau kasih nama"). */
const NOT_A_NAME = /^(?:tidak|gak|ga|nggak|enggak|mau|ingin|sudah|udah|belum|blm|lagi|sedang|minta|mohon|tolong|bisa|ada|punya|warga|orang|dari|yang)$/iu;

function nameInSentence(raw: string): string | null {
  const said = NAME_INTRO.exec(raw)?.[1];
  return said ? nameAt(said) : null;
}

/** The name `said` opens with, up to a comma or a joining word; null when it is none. */
function nameAt(said: string): string | null {
  const name = said.split(/[,;.!?()\n]/)[0].replace(NAME_ENDS, '').trim();
  const parts = name.split(/\s+/);
  if (!name || parts.length > 5 || NOT_A_NAME.test(parts[0]) || !parts.every((p) => /^\p{L}[\p{L}'.-]*$/u.test(p))) return null;
  // Typed all in small letters: written as a name is ("yohanes" → "Yohanes").
  return name === name.toLowerCase() ? parts.map((p) => p[0].toUpperCase() + p.slice(1)).join(' ') : name;
}

/** "nama"/"namanya"/"ngarannya" anywhere, then up to five words: a name given after the name step. */
const NAME_LATER = /\b(?:nama|namanya|ngaran|ngarannya)(?:\s+(?:saya|sy|aku|ulun|ambo|kamek|lengkap|lengkapnya))?(?:\s*:\s*|\s+)(?:(?:adalah|ialah)\s+)?(?=([\p{L}][\p{L}'.-]*(?:\s+[\p{L}][\p{L}'.-]*){0,4}))/giu;
/** Words that follow "nama" without being one ("pakai nama *aja* lah"). */
const NOT_A_NAME_LATER = /^(?:aja|saja|lah|dong|deh|ya|juga|kok|sih|tidak|gak|ga|mau|ingin|sudah|udah|belum|dirahasiakan|rahasia|disamarkan|ditulis|dicatat|salah|keliru|diganti|diubah|harusnya|seharusnya)$/iu;

/**
 * "eh kd jadi, pakai nama aja lah ngarannya Rahmadi bin Saleh" at a later step: the name the
 * person changed their mind to give, else null.
 */
function nameGivenLater(raw: string): string | null {
  for (const match of raw.matchAll(NAME_LATER)) {
    const name = NOT_A_NAME_LATER.test(match[1].split(/\s+/)[0]) ? null : nameAt(match[1]);
    if (name) return name;
  }
  return null;
}

function takeName(ctx: FlowContext, state: State, name: string): FlowOutcome<State> {
  return next(ctx, { ...state, draft: { ...state.draft, name: name.trim().slice(0, 100) } }, 'name');
}

/** `asked`: the message answers the topic question (at the start it tells the story unasked). */
function onTopic(ctx: FlowContext, state: State, asked = true): FlowOutcome<State> {
  const { choice, words, intent } = ctx.input;
  if (choice !== null) {
    if (choice < 1 || choice > COMPLAINT_TOPICS.length) {
      ctx.say('complaint.topic_invalid', { max: COMPLAINT_TOPICS.length });
      return stay(state);
    }
    return next(ctx, { ...state, draft: { ...state.draft, topic: COMPLAINT_TOPICS[choice - 1] } }, 'topic');
  }
  const topic = inferTopic(ctx, asked);
  // The topic's own words answer the question asked ("petugas" is topic 3, not a request for one).
  const namesTopic = topic !== 'lainnya' && words.length <= 2;
  // A short question about something else: the person changed their mind. Asking after a complaint
  // filed before ("ambo nio ngecek pengaduan ambo nan bulan lalu") is never this one's text.
  if (intent === 'complaint_status' && state.draft.body.length === 0 && !state.editing) return reroute({ keep: false });
  // Nor is asking for a person ("ambo ingin batanyo langsuang jo petugas se lah"): "petugas" alone names topic 3.
  const wantsPerson = ctx.input.topics.includes('handoff') || ctx.input.candidates.includes('handoff');
  if (!namesTopic && wantsPerson && state.draft.body.length === 0 && !state.editing) return reroute({ keep: false });
  if (!namesTopic && intent && intent !== 'complaint' && words.length <= 6 && !state.editing) return reroute();
  // One or two words name a topic ("petugas", "kartu kis"); more are the complaint itself. While
  // the topic is being changed, words only choose the topic.
  if (words.length <= 2 || state.editing) {
    if (topic === 'lainnya') {
      ctx.say('complaint.topic_invalid', { max: COMPLAINT_TOPICS.length });
      return stay(state);
    }
    return next(ctx, { ...state, draft: { ...state.draft, topic } }, 'topic');
  }
  const draft = { ...state.draft, topic, body: [...state.draft.body, kept(ctx, ctx.input.raw)] };
  ctx.say('complaint.body_taken_with_topic', { topic: topicLabel(ctx, topic) });
  return stay({ ...state, step: state.editing ? 'confirm' : 'body', draft, editing: false });
}

function onBody(ctx: FlowContext, state: State): FlowOutcome<State> {
  const { draft } = state;
  const { command, raw, words, ranked } = ctx.input;
  if (ctx.message.type !== 'text') {
    // A file counts only when it was kept for the officers; otherwise the person is told why, and its caption still counts.
    const keptFile = fileCounts(ctx.message, ctx.attachment);
    const fileId = keptFileId(ctx.attachment);
    const withFile = { ...draft, attachments: draft.attachments + (keptFile ? 1 : 0), attachmentIds: [...(draft.attachmentIds ?? []), ...(fileId ? [fileId] : [])], body: raw.trim() ? [...draft.body, kept(ctx, raw)] : draft.body };
    ctx.say(keptFile ? 'complaint.attachment_received' : attachmentReplyKey(ctx.attachment!, 'staff'));
    return stay({ ...state, draft: withFile });
  }
  if (command === 'done') return endBody(ctx, state);
  // "bukan loket" about the guessed topic: set aside, and the topic asked (the text so far is kept).
  const namesTopic = ctx.input.mentions.some((m) => m.startsWith('complaint_topic_'));
  if (words.length <= TOPIC_DENIAL_MAX_WORDS && namesTopic && wordSet(ctx, 'notThis').opens(words)) {
    askTopic(ctx);
    return stay({ ...state, step: 'topic' });
  }
  const { beforeClosing } = ctx.input;
  if (beforeClosing) {
    return endBody(ctx, { ...state, draft: { ...draft, body: [...draft.body, kept(ctx, raw)] } });
  }
  // A capitalised word that is also a command or a question ("Tolong", "Makasih") is not a name.
  if (draft.body.length > 0 && looksLikeName(raw) && !state.editing && command === null && ctx.input.intent === null) {
    const closed = { ...state, step: 'name' as const };
    ctx.say('complaint.body_closed_by_name');
    return takeName(ctx, closed, raw);
  }
  const line = readBodyLine(ctx);
  if (line === 'question') return askedInBody(ctx, state, raw);
  // One the bot cannot place is kept in the complaint, and the person is told an officer answers it.
  if (line === 'unplaced_question') return addToBody(ctx, state, raw, true);
  const best = ranked[0];
  const question = line === 'story' && best && best.score >= QUESTION_SCORE && best.intent !== 'complaint' && best.intent !== 'none' && words.length <= QUESTION_MAX_WORDS;
  if (draft.body.length > 0 && question) {
    ctx.say('complaint.body_check');
    return stay({ ...state, step: 'body_check', pending: kept(ctx, raw) });
  }
  return addToBody(ctx, state, raw);
}

function onBodyCheck(ctx: FlowContext, state: State): FlowOutcome<State> {
  const { choice, command } = ctx.input;
  if (choice === 1 || command === 'yes') return addToBody(ctx, { ...state, pending: undefined }, state.pending ?? '');
  if (choice === 2 || command === 'no' || command === 'done') return endBody(ctx, { ...state, step: 'body', pending: undefined });
  // Neither answer but a question of its own: answered, and the complaint is kept for later.
  if (ctx.input.topics.some((t) => t !== 'complaint')) return reroute();
  // Neither: the person goes on telling ("wingi jam 10 nang loket…", "ora dijelaske kurang opo"):
  // both lines are the complaint's, never dropped for an unanswered question.
  const withPending = { ...state, step: 'body' as const, pending: undefined, draft: { ...state.draft, body: [...state.draft.body, state.pending ?? ''].filter(Boolean) } };
  return addToBody(ctx, withPending, ctx.input.raw);
}

/** At the confidentiality step: true to hide the identity, false not to, null when the answer is unclear. */
function confidentialWish(ctx: FlowContext): boolean | null {
  const { command, choice } = ctx.input;
  const said = ctx.input.words;
  if (choice === 1 || choice === 2) return choice === 1;
  // "iya rahasiain aja takut dipersulit", "tidak usah dirahasiakan", "jangan dirahasiakan".
  const secret = said.findIndex((w) => wordSet(ctx, 'secret').hasForm(w));
  if (secret >= 0) return !deniedAt(ctx, said, secret);
  if (command === 'yes' || command === 'no') return command === 'yes';
  if (wordSet(ctx, 'deny').has(said[0])) return false;
  return wordSet(ctx, 'affirm').has(said[0]) ? true : null;
}

/**
 * Says in so many words that this is no complaint ("saya tidak sedang membuat pengaduan"): a
 * disowning phrase that names complaining itself, wherever it stands. "cuma nanya" does not: a
 * story may tell it ("saya cuma nanya baik2 malah dibentak").
 */
function disownsComplaining(ctx: FlowContext): boolean {
  const naming = (entry: readonly string[]) => entry.some((w) => wordSet(ctx, 'filingVerbs').has(w) || wordSet(ctx, 'complaintNouns').has(w));
  return wordSet(ctx, 'disowning').entriesIn(ctx.input.words).some(naming);
}

/** The person asked to complain: the menu entry, the keyword, or words of filing ("mau lapor", "pengaduan", "adukan"). */
function askedToFile(ctx: FlowContext): boolean {
  const { choice, keyword, words } = ctx.input;
  return choice !== null || keyword === 'complaint' || (['wish', 'filingVerbs', 'complaintNouns'] as const).some((set) => wordSet(ctx, set).holds(words));
}

function onOffer(ctx: FlowContext, state: State): FlowOutcome<State> {
  const { command, choice } = ctx.input;
  // "2" is the offer's own "Tidak", never a menu choice that files.
  if (command === 'no' || choice === 2) {
    ctx.say('complaint.offer_declined');
    return end();
  }
  // "Tidak, saya belum ingin membuat pengaduan resmi, saya hanya ingin memastikan …": a no, whatever
  // words of complaining follow; the rest of the message is answered.
  if (choice === null && wordSet(ctx, 'deny').has(ctx.input.words[0])) {
    ctx.say('complaint.offer_declined');
    return ctx.input.topics.some((t) => !complaintFlow.intents.includes(t)) ? reroute({ keep: false }) : end();
  }
  if (command === 'yes' || choice === 1 || (choice === null && askedToFile(ctx))) {
    ctx.say('complaint.body_taken_with_topic', { topic: topicLabel(ctx, state.draft.topic) });
    return stay({ ...state, step: 'body' });
  }
  // Neither: the message is understood as itself, and nothing is filed.
  return reroute({ keep: false });
}

async function submit(ctx: FlowContext, draft: ComplaintDraft): Promise<FlowOutcome<State>> {
  const ticket = await ctx.services.complaints.file({ chat: ctx.chat, messageId: ctx.message.messageId, draft, now: ctx.now });
  // Sent twice ("kirim" again, or the same story retold): the earlier ticket, said to be that one.
  if (ticket.earlier) {
    ctx.say('complaint.filed_earlier', { number: ticket.number, due: ctx.services.schedule.formatDateTime(ticket.dueAt) });
    return end();
  }
  ctx.say(ticket.provisional ? 'complaint.filed_provisional' : responseTimeMessage(ctx.profile, 'complaint.filed'), {
    number: ticket.number,
    due: ctx.services.schedule.formatDateTime(ticket.dueAt),
  });
  return end();
}

export const complaintFlow: Flow<State> = {
  id: 'complaint',
  version: 2,
  intents: ['complaint'],
  wordSets: Object.values(WORDS),
  menu: { order: 5, label: 'menu.item_complaint' },
  kind: 'dialogue',
  // The NIK step too: "nik saya 6402…" answers it, though it reads like a status check.
  freeText: (state) => ['topic', 'body', 'body_check', 'name', 'nik'].includes(state.step),
  // At the summary, words about sending, changing or discarding it answer it ("jangan dikirim dulu"
  // also reads like stopping notifications).
  // Asked whether to file one, "blm mau ngadu" and "bukan pengaduan" answer it, though they read like a ticket question.
  answersStep: (ctx, state) =>
    (state.step === 'confirm' && ctx.input.words.some((w) => (['send', 'change', 'discard'] as const).some((set) => wordSet(ctx, set).hasForm(w)))) ||
    (state.step === 'offer' && ctx.input.mentions.includes('not_a_complaint')) ||
    // "iya rahasiain aja takut dipersulit" also reads as a worry about personal data: it answers the confidentiality question.
    (state.step === 'confidential' && ctx.input.words.some((w) => wordSet(ctx, 'secret').has(w))),
  explain(ctx, state) {
    explainStep(ctx, state.step);
    return true;
  },
  // A chat waiting for staff is told the fee at once: a fraud warning must not wait for office hours.
  whileWaiting: tellFeeIfMoneyAsked,
  acceptsAttachment: (state) => state.step === 'body',
  // "sudah itu aja" after a question took the person out of the body: the body is done.
  continuesWith: (ctx, state) => state.step === 'body' && state.draft.body.length > 0 && (ctx.input.command === 'done' || ctx.input.beforeClosing !== null),
  start(ctx) {
    const draft: ComplaintDraft = { topic: 'lainnya', body: [], name: null, nikSealed: null, nikMasked: null, attachments: 0, confidential: false };
    const state: State = { step: 'topic', draft, editing: false };
    // "mau lapor, petugas di loket minta uang 50rb": the complaint came with the request. A short
    // question is not a complaint's text ("kelas 3 itu maksudnya apa?"): the topic is asked first;
    // a story with a question in it ("… disuruh bayar 3 juta. ini gmn dinsos??? sy mau lapor") is.
    // Handed over by another flow (the status flow's "blm punya tiket, mau bikin aduan baru"): the
    // message was written to that flow, not the complaint, so the topic is asked.
    const handedOver = ctx.topic === null && ctx.input.choice === null;
    const { words, raw } = ctx.input;
    tellFeeIfMoneyAsked(ctx);
    // A wish alone, however many words it takes ("aku mau ngadu lah pak pasal tu"), tells no story.
    const subject = ctx.input.content.filter((w) => !wordSet(ctx, 'filingVerbs').has(w) && !wordSet(ctx, 'complaintNouns').has(w));
    const story = words.length > STORY_WORDS || (words.length > 6 && !raw.includes('?') && subject.length >= MIN_STORY_SUBJECT);
    const asked = askedToFile(ctx);
    if (story && asked && !handedOver && ctx.input.topics.length <= 1) return onTopic(ctx, state, false);
    // Read as a complaint from its tone alone ("kenapa lama sekali prosesnya", "petugasnya kasar",
    // "SAYA MAU TANYA KENAPA BERKAS SAYA DITOLAK TERUS!! … apa alasannya??"): asked first, since a
    // form nobody asked for traps the person. The text is kept and becomes the complaint's first
    // text when the answer is yes.
    if (!handedOver && !asked) {
      ctx.say('complaint.offer');
      return stay({ ...state, step: 'offer', draft: { ...draft, topic: inferTopic(ctx), body: [kept(ctx, raw)] } });
    }
    askTopic(ctx);
    return stay(state);
  },
  async handle(ctx, state) {
    const { draft } = state;
    const text = ctx.input.raw.trim();
    const { command, choice, mentions } = ctx.input;
    // "bukan mau ngadu, sy mau daftar": the complaint was the bot's guess; drop it, answer the rest.
    // Inside a story already begun only a short line or one that opens with it says so ("saya cuma
    // nanya baik2 malah dibentak" tells the complaint).
    const { words } = ctx.input;
    const begun = state.draft.body.length > (state.step === 'offer' ? 1 : 0);
    const disowned =
      mentions.includes('not_a_complaint') && (!begun || words.length <= NOT_A_COMPLAINT_MAX_WORDS || wordSet(ctx, 'disowning').opens(words) || disownsComplaining(ctx));
    if (disowned && ['offer', 'topic', 'body', 'body_check'].includes(state.step) && !state.editing) {
      ctx.say('complaint.not_a_complaint');
      // What else it asks is answered; the words about complaining ask nothing ("bukan pengaduan woi").
      if (ctx.input.topics.every((t) => t === 'complaint' || t === 'complaint_status')) {
        ctx.say('complaint.ask_question_instead');
        return end();
      }
      return reroute({ keep: false });
    }
    const skipped = command === 'skip' || command === 'no' || mentions.includes('skip_field');
    // A name given after all, at a later step ("… pakai nama aja lah ngarannya Rahmadi"): taken, and the step asked again.
    const lateName = ['nik', 'confidential', 'confirm'].includes(state.step) ? nameGivenLater(text) : null;
    if (lateName) {
      ctx.say('complaint.name_taken', { name: lateName });
      return ask(ctx, { ...state, draft: { ...draft, name: kept(ctx, lateName) } });
    }
    switch (state.step) {
      case 'offer':
        return onOffer(ctx, state);
      case 'topic':
        return onTopic(ctx, state);
      case 'body':
        return onBody(ctx, state);
      case 'body_check':
        return onBodyCheck(ctx, state);
      case 'name': {
        const declined = skipped || mentions.includes('declined');
        const named = declined ? null : nameInSentence(text);
        if (named) {
          ctx.say('complaint.name_taken', { name: named });
          return takeName(ctx, state, kept(ctx, named));
        }
        // "ok", "lanjut", "ya": an answer to something, not a name.
        if (!declined && (text.length < 2 || command === 'yes')) return ask(ctx, state);
        // "jadi syaratnya apa" is a question, not a name: answered, and the name asked again; nor is
        // a likely request for a person ("ambo nio jo petugas"), which is asked about.
        const asksElse = ctx.input.topics.some((t) => t !== 'complaint') || ctx.input.candidates.includes('handoff');
        if (!declined && !looksLikeName(text) && asksElse) return aside(state, 'complaint.ask_name_again');
        if (declined) {
          ctx.say('complaint.name_declined');
          return next(ctx, { ...state, draft: { ...draft, name: null } }, 'name');
        }
        return takeName(ctx, state, kept(ctx, text));
      }
      case 'nik': {
        if (skipped && !/\d{6}/.test(text)) return next(ctx, { ...state, draft: { ...draft, nikSealed: null, nikMasked: null } }, 'nik');
        const found = ctx.services.identity.findNik(text);
        // "perlu ke nik kamek? buat ape": why it is asked, not a status check.
        if (found.kind === 'none' && ctx.input.asks && ctx.input.words.includes('nik')) {
          explainStep(ctx, 'nik');
          return stay(state);
        }
        // No NIK in it but a question of its own: answered, and the NIK asked again.
        if (found.kind === 'none' && ctx.input.topics.some((t) => t !== 'complaint')) return aside(state, 'complaint.ask_nik_again');
        if (found.kind !== 'valid') {
          ctx.reply(`${found.kind === 'invalid' ? `${found.message}\n` : ''}${ctx.t('complaint.ask_nik')}`);
          return stay(state);
        }
        const sealed = ctx.services.identity.seal(found.nik);
        return next(ctx, { ...state, draft: { ...draft, nikSealed: sealed, nikMasked: found.masked } }, 'nik');
      }
      case 'confidential': {
        const wish = confidentialWish(ctx);
        if (wish === null) return ask(ctx, state);
        return next(ctx, { ...state, draft: { ...draft, confidential: wish } }, 'confidential');
      }
      case 'confirm': {
        const said = ctx.input.words;
        // "kirimlah", "ubahlah": the word with its suffix is the word.
        const change = choice === 2 || said.some((w) => wordSet(ctx, 'change').hasForm(w));
        const discard = choice === 3 || command === 'no' || said.some((w) => wordSet(ctx, 'discard').hasForm(w));
        // "kirim aja", "ok kirim", "iya kirim" send it; "iya tapi namanya salah" changes it; "jangan dikirim dulu" does neither.
        const sendWord = said.findIndex((w) => wordSet(ctx, 'send').hasForm(w));
        const worded = sendWord >= 0 ? !deniedAt(ctx, said, sendWord) : wordSet(ctx, 'affirm').has(said[0]) && !said.some((w) => wordSet(ctx, 'deny').has(w));
        if (choice === 1 || command === 'yes' || command === 'done' || (!change && !discard && worded)) return submit(ctx, draft);
        if (change) {
          ctx.say('complaint.ask_edit');
          return stay({ ...state, step: 'edit' });
        }
        if (discard) {
          ctx.say('complaint.discarded');
          return end();
        }
        ctx.say('complaint.confirm_invalid');
        return stay(state);
      }
      case 'edit': {
        const fields: Record<number, Step> = { 1: 'topic', 2: 'body', 3: 'name', 4: 'nik', 5: 'confidential' };
        const field = choice ? fields[choice] : undefined;
        if (!field) return ask(ctx, state);
        if (field === 'body') ctx.say('complaint.ask_body_again');
        // Editing the body adds to it until "selesai" again, then returns to the summary: what was
        // written stays ("tambahan: …" must not wipe the story told before).
        return field === 'body' ? stay({ step: field, draft, editing: true }) : ask(ctx, { step: field, draft, editing: true });
      }
    }
  },
  /** Anything written is kept across a timeout and offered back; an empty start is simply dropped. */
  onExpire: (_ctx, state) => (state.step !== 'offer' && (state.draft.body.length > 0 || state.step !== 'topic') ? 'keep' : 'drop'),
  resume(ctx, state) {
    ctx.say('complaint.resumed');
    return ask(ctx, state);
  },
};
