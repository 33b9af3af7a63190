/**
 * Alur dan waktu: the office's steps and service time. Offices with an emergency route
 * (Kutai Kartanegara) first ask whether the need is urgent and answer with that route.
 */
import { end, stay, type Flow, type FlowContext } from '../src/conversation/flow-types';
import { numbered, section } from './format';

type State = { step: 'urgency'; tries: number };

function stepsText(ctx: FlowContext): string {
  const { procedure, programme } = ctx.profile;
  const parts = [
    section(ctx.t('procedure.steps_title'), numbered(procedure.steps)),
    section(ctx.t('procedure.time_title'), programme.serviceTime.map((t) => `• ${t}`).join('\n')),
  ];
  if (procedure.notes.length) parts.push(procedure.notes.map((n) => `ℹ️ ${n}`).join('\n'));
  return parts.join('\n\n');
}

function routeText(ctx: FlowContext, id: 'regular' | 'emergency'): string {
  const route = ctx.profile.procedure.routes.find((r) => r.id === id);
  if (!route) return stepsText(ctx);
  const head = ctx.t(id === 'emergency' ? 'procedure.route_emergency' : 'procedure.route_regular', {
    name: route.name,
    when: route.when,
    time: route.time,
  });
  return `${head}\n\n${stepsText(ctx)}`;
}

export const procedureFlow: Flow<State> = {
  id: 'procedure',
  version: 1,
  start(ctx) {
    if (ctx.profile.procedure.askUrgency && ctx.profile.procedure.routes.length > 1) {
      ctx.say('procedure.ask_urgency');
      return stay({ step: 'urgency', tries: 0 });
    }
    ctx.reply(`${ctx.t('procedure.header', { programme: ctx.profile.programme.name })}\n\n${stepsText(ctx)}`);
    return end();
  },
  handle(ctx, state) {
    const { choice, intent } = ctx.input;
    if (choice === 1 || intent === 'yes') {
      ctx.reply(routeText(ctx, 'emergency'));
      return end();
    }
    if (choice === 2 || intent === 'no') {
      ctx.reply(routeText(ctx, 'regular'));
      return end();
    }
    if (state.tries >= 1) {
      ctx.reply(stepsText(ctx));
      return end();
    }
    ctx.say('procedure.ask_urgency_again');
    return stay({ step: 'urgency', tries: state.tries + 1 });
  },
};
