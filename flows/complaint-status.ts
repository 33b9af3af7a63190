/**
 * Status aduan: the stage of a ticket and any response, shown only to the number that filed
 * it. The same flow takes what a ticket waits on from the person: their answer while the
 * office waits on them (the clock resumes), and the 1–4 rating after `selesai` with an
 * optional comment; and it answers "kapan dibalas ini" with the deadline of their ticket still
 * waiting for its response. The router starts it for those (see complaintFollowUpWanted).
 * Nobody is kept asking for a ticket number they do not have: who has none is pointed to a new
 * complaint, and who wants to file one is taken there.
 */
import { end, fileCounts, goto, keptFileId, stay, type Flow, type FlowContext, type FlowOutcome } from '../src/conversation/flow-types';
import { ticketNumberIn } from '../src/complaints/ticket-number';
import { asksAboutChannels, CHANNEL_WORDS, complaintChannelsAnswer } from './information';
import { responseTimeMessage } from '../src/agency/response-time';
import { AWAITING_ANSWER_WORD_SETS, whenAnsweredAsWritten } from '../src/understanding/awaiting-answer';

type State = { step: 'number' | 'comment'; tries: number; number: string | null };
const TICKET_NUMBER = ticketNumberIn('i');

const ASKS_WHEN_MAX_WORDS = 8;

/** The word sets of flows/nlu/vocabularies.yaml this flow reads (what each is for is said there). */
const WORDS = {
  filingVerbs: 'filing_verbs',
  complaintNouns: 'complaint_nouns',
  newComplaint: 'new_complaint_words',
  already: 'already_complained',
  noNumber: 'no_ticket_number',
} as const;
/** Does the message hold an entry of this word set? */
const says = (ctx: FlowContext, name: keyof typeof WORDS) => ctx.wordSet(WORDS[name]).holds(ctx.input.words);

const isRating = (choice: number | null): choice is number => choice !== null && choice >= 1 && choice <= 4;
const asksForStatus = (ctx: FlowContext) => ctx.input.intent === 'complaint_status' || TICKET_NUMBER.test(ctx.input.raw);

/** "kapan dibalas ini", "kapan paling lambat dijawab?": when the complaint will be answered (not an application, a card). */
function asksWhenAnswered(ctx: FlowContext): boolean {
  if (ctx.input.words.length > ASKS_WHEN_MAX_WORDS) return false;
  const asked = whenAnsweredAsWritten(ctx.input.words, ctx.wordSet);
  return asked !== null && !asked.otherSubject;
}

/** This chat's newest ticket still waiting for the office's response. */
async function awaitedTicket(ctx: FlowContext): Promise<string | null> {
  const own = await ctx.services.complaints.listOwn(ctx.chat);
  return own.find((t) => t.awaitingResponse)?.number ?? null;
}

/** "sy mau lapor aja", "mau bikin aduan baru": a wish to file a complaint, not to follow one already made. */
function wantsNewComplaint(ctx: FlowContext): boolean {
  const filing = says(ctx, 'filingVerbs') || (says(ctx, 'complaintNouns') && says(ctx, 'newComplaint'));
  return filing && !says(ctx, 'already') && !TICKET_NUMBER.test(ctx.input.raw);
}

/** "blm punya tiket", "gk ngerti sy kode apaan": no ticket number to give. */
const hasNoNumber = (ctx: FlowContext) => ctx.input.mentions.includes('receipt_lost') || says(ctx, 'noNumber');

/**
 * For the router: should this message, outside any flow, go to a ticket of the person? One
 * waiting on them (an answer the office asked for, a rating), or a question about when theirs
 * will be answered ("kapan dibalas ini" right after filing) while one still waits.
 */
export async function complaintFollowUpWanted(ctx: FlowContext): Promise<boolean> {
  const pending = await ctx.services.complaints.pendingFollowUp?.({ chat: ctx.chat, now: ctx.now });
  if (pending && (pending.kind === 'reply' || isRating(ctx.input.choice))) return true;
  return asksWhenAnswered(ctx) && (await awaitedTicket(ctx)) !== null;
}

/** The response time of complaints. */
function responseTime(ctx: FlowContext): FlowOutcome<State> {
  ctx.say(responseTimeMessage(ctx.profile, 'complaint_status.response_time'), { days: ctx.profile.complaints.responseDays.value });
  return end();
}

function fileNew(ctx: FlowContext): FlowOutcome<State> {
  ctx.say('complaint_status.start_new');
  return goto('complaint');
}

async function show(ctx: FlowContext, number: string): Promise<FlowOutcome<State>> {
  const text = await ctx.services.complaints.statusText({ chat: ctx.chat, number: number.toUpperCase(), now: ctx.now });
  if (text) ctx.reply(text);
  else ctx.say('complaint_status.not_found', { number: number.toUpperCase() });
  return end();
}

/** The person's answer to the office's question; null when no ticket waits on it after all. */
async function takeReply(ctx: FlowContext): Promise<FlowOutcome<State> | null> {
  const attachments = fileCounts(ctx.message, ctx.attachment) ? 1 : 0;
  const fileId = keptFileId(ctx.attachment);
  const result = await ctx.services.complaints.recordReply?.({ chat: ctx.chat, text: ctx.input.raw.trim(), attachments, fileIds: fileId ? [fileId] : [], now: ctx.now });
  if (!result) return null;
  if (result.dueAt) ctx.say('complaint_status.reply_received', { number: result.number, due: ctx.services.schedule.formatDateTime(result.dueAt) });
  else ctx.say('complaint_status.reply_received_answered', { number: result.number });
  return end();
}

async function takeRating(ctx: FlowContext, number: string, rating: number): Promise<FlowOutcome<State> | null> {
  const recorded = await ctx.services.complaints.recordRating?.({ chat: ctx.chat, rating, now: ctx.now });
  if (!recorded) return null;
  ctx.say('complaint_status.rating_thanks');
  return stay({ step: 'comment', tries: 0, number });
}

async function askOrShowOwn(ctx: FlowContext): Promise<FlowOutcome<State>> {
  const number = TICKET_NUMBER.exec(ctx.input.raw)?.[0];
  if (number) return show(ctx, number);
  const own = await ctx.services.complaints.listOwn(ctx.chat);
  if (own.length === 1) return show(ctx, own[0].number);
  if (own.length > 1) {
    ctx.reply(`${ctx.t('complaint_status.choose')}\n${own.map((t) => `• ${t.number}`).join('\n')}`);
  } else if (hasNoNumber(ctx)) {
    ctx.say('complaint_status.no_number');
    return end();
  } else {
    // None sent from this number: said, so "pengaduan saya tadi mana" is not simply asked for a number it never got.
    ctx.say('complaint_status.none_here', { code: ctx.profile.office.code });
  }
  return stay({ step: 'number', tries: 0, number: null });
}

export const complaintStatusFlow: Flow<State> = {
  id: 'complaint-status',
  version: 2,
  intents: ['complaint_status'],
  wordSets: [...Object.values(WORDS), ...AWAITING_ANSWER_WORD_SETS, ...CHANNEL_WORDS],
  menu: { order: 6, label: 'menu.item_complaint_status' },
  kind: 'dialogue',
  // With its number the status is shown at once ("status aduan ADU-SKW-2612-0001", even while waiting for staff).
  answersAtOnce: (input) => TICKET_NUMBER.test(input.raw),
  freeText: (state) => state.step === 'comment',
  explain(ctx, state) {
    if (state.step !== 'number') return false;
    ctx.say('complaint_status.explain_number', { code: ctx.profile.office.code });
    return true;
  },
  async start(ctx) {
    // "saluran pengaduan apa aja": where complaints go, not a ticket to look up.
    if (asksAboutChannels(ctx)) {
      ctx.reply(complaintChannelsAnswer(ctx));
      return end();
    }
    if (!asksForStatus(ctx)) {
      const pending = await ctx.services.complaints.pendingFollowUp?.({ chat: ctx.chat, now: ctx.now });
      const taken =
        pending?.kind === 'reply' ? await takeReply(ctx) : pending?.kind === 'rating' && isRating(ctx.input.choice) ? await takeRating(ctx, pending.number, ctx.input.choice) : null;
      if (taken) return taken;
    }
    if (asksWhenAnswered(ctx) && !TICKET_NUMBER.test(ctx.input.raw)) {
      const awaited = await awaitedTicket(ctx);
      if (awaited) return show(ctx, awaited);
    }
    // "brp hr aduan dibales biasanya": how long complaints take in general, from someone with no ticket waiting.
    if (asksWhenAnswered(ctx) && !TICKET_NUMBER.test(ctx.input.raw) && !says(ctx, 'already')) return responseTime(ctx);
    if (wantsNewComplaint(ctx)) return fileNew(ctx);
    return askOrShowOwn(ctx);
  },
  async handle(ctx, state) {
    if (state.step === 'comment') {
      const comment = ctx.input.raw.trim();
      const { command } = ctx.input;
      if (!comment || command === 'skip' || command === 'no' || command === 'done') {
        ctx.say('complaint_status.comment_skipped');
        return end();
      }
      await ctx.services.complaints.recordRatingComment?.({ chat: ctx.chat, number: state.number!, comment: comment.slice(0, 2000), now: ctx.now });
      ctx.say('complaint_status.comment_thanks');
      return end();
    }
    const number = TICKET_NUMBER.exec(ctx.input.raw)?.[0];
    if (number) return show(ctx, number);
    // "lanjut", "ya", "menu": an answer to something else on offer (a kept draft), not a ticket number.
    if (ctx.input.command && ctx.input.choice === null) return { next: 'reroute', keep: false };
    if (wantsNewComplaint(ctx)) return fileNew(ctx);
    // Who has no number is never asked for it again.
    if (hasNoNumber(ctx)) {
      ctx.say('complaint_status.no_number');
      return end();
    }
    if (state.tries >= 1) {
      ctx.say('complaint_status.give_up');
      return end();
    }
    ctx.say('complaint_status.ask_number_again', { code: ctx.profile.office.code });
    return stay({ ...state, tries: state.tries + 1 });
  },
};
