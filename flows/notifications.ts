/**
 * Berhenti / mulai: the applicant opts out of (or back into) status notifications.
 */
import { end, type Flow } from '../src/conversation/flow-types';

export const notificationsFlow: Flow = {
  id: 'notifications',
  version: 1,
  intents: ['stop_notifications', 'start_notifications'],
  kind: 'answer',
  async start(ctx) {
    const optOut = (ctx.topic ?? ctx.input.intent) === 'stop_notifications';
    await ctx.services.notifications.setOptOut(ctx.chat, optOut);
    ctx.say(optOut ? 'notifications.stopped' : 'notifications.started');
    return end();
  },
  handle: () => end(),
};
