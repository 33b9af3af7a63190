/**
 * Alur dan waktu: the office's steps and service time. Offices with an emergency route
 * (Kutai Kartanegara) first ask whether the need is urgent and answer with that route; someone
 * who says it is urgent ("suami saya dirawat inap", "darurat, di IGD") gets that route at once,
 * and where the standard has no such route they are told so plainly.
 */
import { end, stay, type Flow, type FlowContext, type FlowOutcome } from '../src/conversation/flow-types';
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

const hasEmergencyRoute = (ctx: FlowContext) => ctx.profile.procedure.routes.some((r) => r.id === 'emergency');

function emergency(ctx: FlowContext): FlowOutcome<State> {
  if (hasEmergencyRoute(ctx)) ctx.reply(routeText(ctx, 'emergency'));
  else ctx.say('answer.emergency_no_route', { office: ctx.profile.office.shortName });
  // "Segera datang ke loket" at night: say when the counter opens.
  const s = ctx.services.schedule;
  if (!s.isOfficeOpen(ctx.now)) ctx.say('procedure.closed_now', { opening: s.formatDateTime(s.nextOpening(ctx.now)) });
  return end();
}

export const procedureFlow: Flow<State> = {
  id: 'procedure',
  version: 1,
  intents: ['procedure', 'emergency'],
  menu: { order: 2, label: 'menu.item_procedure' },
  kind: 'dialogue',
  // A patient in hospital now: the emergency route is given at once, never asked back.
  urgent: ['emergency'],
  start(ctx) {
    if ((ctx.topic ?? ctx.input.intent) === 'emergency') return emergency(ctx);
    if (ctx.profile.procedure.askUrgency && ctx.profile.procedure.routes.length > 1) {
      ctx.say('procedure.ask_urgency');
      return stay({ step: 'urgency', tries: 0 });
    }
    ctx.reply(`${ctx.t('procedure.header', { programme: ctx.profile.programme.name })}\n\n${stepsText(ctx)}`);
    return end();
  },
  // "ibu sy sehat kok, cuma buat jaga2" says no in words, whatever else it reads like.
  answersStep: (ctx, state) => state.step === 'urgency' && ctx.input.mentions.includes('not_urgent'),
  handle(ctx, state) {
    const { choice, command, intent, mentions } = ctx.input;
    if (choice === 1 || command === 'yes' || intent === 'emergency') return emergency(ctx);
    // "ibu saya sehat, cuma buat jaga-jaga" answers "no" in words.
    if (choice === 2 || command === 'no' || mentions.includes('not_urgent')) {
      ctx.reply(routeText(ctx, 'regular'));
      return end();
    }
    // A NIK or another question is not an answer to "is it urgent?": it is understood as itself.
    if (ctx.services.identity.findNik(ctx.input.raw).kind !== 'none') return { next: 'goto', flow: 'eligibility' };
    if (ctx.input.topics.some((t) => t !== 'procedure')) return { next: 'reroute', keep: false };
    if (state.tries >= 1) {
      ctx.reply(stepsText(ctx));
      return end();
    }
    ctx.say('procedure.ask_urgency_again');
    return stay({ step: 'urgency', tries: state.tries + 1 });
  },
};
