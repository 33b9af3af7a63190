/**
 * Bicara dengan petugas: puts the chat in the staff queue and says when to expect an answer
 * (the queue during office hours, the next opening time outside them).
 */
import { end, type Flow, type FlowContext } from '../src/conversation/flow-types';

export async function requestHuman(ctx: FlowContext, reason: 'asked' | 'misunderstood'): Promise<void> {
  const { waiting, expectedMinutes } = await ctx.services.handoff.request({ chat: ctx.chat, reason, now: ctx.now });
  const s = ctx.services.schedule;
  if (s.isOfficeOpen(ctx.now)) {
    ctx.say(waiting > 0 ? 'handoff.queued_open' : 'handoff.queued_open_first', { waiting });
    if (waiting > 0 && expectedMinutes) ctx.say('handoff.expected_wait', { minutes: expectedMinutes });
  } else {
    ctx.say('handoff.queued_closed', { opening: s.formatDateTime(s.nextOpening(ctx.now)) });
  }
}

export const handoffFlow: Flow = {
  id: 'handoff',
  version: 1,
  intents: ['handoff'],
  menu: { order: 7, label: 'menu.item_handoff' },
  kind: 'answer',
  async start(ctx) {
    await requestHuman(ctx, 'asked');
    return end();
  },
  handle: () => end(),
};
