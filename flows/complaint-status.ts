/**
 * Status aduan: the stage of a ticket and any response, shown only to the number that filed
 * it. The same flow takes what a ticket waits on from the person: their answer while the
 * office waits on them (the clock resumes), and the 1–4 rating after `selesai` with an
 * optional comment. The router starts it for those (see complaintFollowUpWanted).
 */
import { end, stay, type Flow, type FlowContext, type FlowOutcome } from '../src/conversation/flow-types';

type State = { step: 'number' | 'comment'; tries: number; number: string | null };
const TICKET_NUMBER = /\bADU-[A-Z]{2,5}-\d{4}-\d{4,}\b/i;

const isRating = (choice: number | null): choice is number => choice !== null && choice >= 1 && choice <= 4;
const asksForStatus = (ctx: FlowContext) => ctx.input.intent === 'complaint_status' || TICKET_NUMBER.test(ctx.input.raw);

/** For the router: should this message, outside any flow, go to a ticket waiting on the person? */
export async function complaintFollowUpWanted(ctx: FlowContext): Promise<boolean> {
  const pending = await ctx.services.complaints.pendingFollowUp?.({ chat: ctx.chat, now: ctx.now });
  if (!pending) return false;
  return pending.kind === 'reply' || isRating(ctx.input.choice);
}

async function show(ctx: FlowContext, number: string): Promise<FlowOutcome<State>> {
  const text = await ctx.services.complaints.statusText({ chat: ctx.chat, number: number.toUpperCase(), now: ctx.now });
  if (text) ctx.reply(text);
  else ctx.say('complaint_status.not_found', { number: number.toUpperCase() });
  return end();
}

/** The person's answer to the office's question; null when no ticket waits on it after all. */
async function takeReply(ctx: FlowContext): Promise<FlowOutcome<State> | null> {
  const attachments = ctx.message.type === 'text' ? 0 : 1;
  const result = await ctx.services.complaints.recordReply?.({ chat: ctx.chat, text: ctx.input.raw.trim(), attachments, now: ctx.now });
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
  } else {
    ctx.say('complaint_status.ask_number', { code: ctx.profile.office.code });
  }
  return stay({ step: 'number', tries: 0, number: null });
}

export const complaintStatusFlow: Flow<State> = {
  id: 'complaint-status',
  version: 2,
  intents: ['complaint_status'],
  menu: { order: 6, label: 'menu.item_complaint_status' },
  kind: 'dialogue',
  freeText: (state) => state.step === 'comment',
  async start(ctx) {
    if (!asksForStatus(ctx)) {
      const pending = await ctx.services.complaints.pendingFollowUp?.({ chat: ctx.chat, now: ctx.now });
      const taken =
        pending?.kind === 'reply' ? await takeReply(ctx) : pending?.kind === 'rating' && isRating(ctx.input.choice) ? await takeRating(ctx, pending.number, ctx.input.choice) : null;
      if (taken) return taken;
    }
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
    if (state.tries >= 1) {
      ctx.say('complaint_status.give_up');
      return end();
    }
    ctx.say('complaint_status.ask_number', { code: ctx.profile.office.code });
    return stay({ ...state, tries: state.tries + 1 });
  },
};
