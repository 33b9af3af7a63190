/**
 * Status aduan: the stage of a ticket and any response, shown only to the number that filed it.
 */
import { end, stay, type Flow, type FlowContext, type FlowOutcome } from '../src/conversation/flow-types';

type State = { step: 'number'; tries: number };
const TICKET_NUMBER = /\bADU-[A-Z]{2,5}-\d{4}-\d{4,}\b/i;

async function show(ctx: FlowContext, number: string): Promise<FlowOutcome<State>> {
  const text = await ctx.services.complaints.statusText({ chat: ctx.chat, number: number.toUpperCase(), now: ctx.now });
  if (text) ctx.reply(text);
  else ctx.say('complaint_status.not_found', { number: number.toUpperCase() });
  return end();
}

export const complaintStatusFlow: Flow<State> = {
  id: 'complaint-status',
  version: 1,
  async start(ctx) {
    const number = TICKET_NUMBER.exec(ctx.input.raw)?.[0];
    if (number) return show(ctx, number);
    const own = await ctx.services.complaints.listOwn(ctx.chat);
    if (own.length === 1) return show(ctx, own[0].number);
    if (own.length > 1) {
      ctx.reply(`${ctx.t('complaint_status.choose')}\n${own.map((t) => `• ${t.number}`).join('\n')}`);
    } else {
      ctx.say('complaint_status.ask_number');
    }
    return stay({ step: 'number', tries: 0 });
  },
  async handle(ctx, state) {
    const number = TICKET_NUMBER.exec(ctx.input.raw)?.[0];
    if (number) return show(ctx, number);
    if (state.tries >= 1) {
      ctx.say('complaint_status.give_up');
      return end();
    }
    ctx.say('complaint_status.ask_number');
    return stay({ step: 'number', tries: state.tries + 1 });
  },
};
