/**
 * Alur dan waktu: the office's steps and service time. Offices with an emergency route
 * (Kutai Kartanegara) first ask whether the need is urgent and answer with that route; someone
 * who says it is urgent ("suami saya dirawat inap", "darurat, di IGD") gets that route at once,
 * and where the standard has no such route they are told so plainly.
 */
import { end, stay, type Flow, type FlowContext, type FlowOutcome } from '../src/conversation/flow-types';
import { numbered, section } from './format';
import { requirementItems } from './requirements';
import { asksAboutChannels, CHANNEL_WORDS, complaintChannelsAnswer } from './information';

type State = { step: 'urgency'; tries: number };

/** The word sets of flows/nlu/vocabularies.yaml this flow reads (what each is for is said there). */
const WORDS = { urgent: 'emergency_words', notUrgent: 'not_urgent', deny: 'deny_words' } as const;

/**
 * Does the message say in words whether the need is urgent? Denied words do not count ("tidak
 * darurat" is not urgent, "tidak sehat" not a "no"); an urgent word wins over a calm one, since
 * missing a patient in hospital costs more than a faster route offered to someone who can wait.
 */
function urgencyInWords(ctx: FlowContext): 'urgent' | 'not_urgent' | null {
  const { words } = ctx.input;
  const deny = ctx.wordSet(WORDS.deny);
  if (ctx.wordSet(WORDS.urgent).holdsUndenied(words, deny)) return 'urgent';
  return ctx.wordSet(WORDS.notUrgent).holdsUndenied(words, deny) ? 'not_urgent' : null;
}

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
  // A patient in hospital now needs what to bring, not the whole procedure: the steps are one word away.
  if (id === 'emergency') return [head, section(ctx.t('procedure.bring_title'), requirementItems(ctx)), ctx.t('answer.more_procedure')].join('\n\n');
  return `${head}\n\n${stepsText(ctx)}`;
}

/** A profile's sentence ("Harus segera menerima …") read inside one of ours. */
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

const hasEmergencyRoute = (ctx: FlowContext) => ctx.profile.procedure.routes.some((r) => r.id === 'emergency');

function emergency(ctx: FlowContext): FlowOutcome<State> {
  if (hasEmergencyRoute(ctx)) ctx.reply(routeText(ctx, 'emergency'));
  else ctx.say('answer.emergency_no_route', { office: ctx.profile.office.shortName });
  // "Segera datang ke loket" at night: say when the counter opens.
  const s = ctx.services.schedule;
  if (!s.isOfficeOpen(ctx.now)) ctx.say('procedure.closed_now', { opening: s.formatDateTime(s.nextOpening(ctx.now)) });
  return end();
}

function regular(ctx: FlowContext): FlowOutcome<State> {
  ctx.reply(routeText(ctx, 'regular'));
  return end();
}

export const procedureFlow: Flow<State> = {
  id: 'procedure',
  version: 1,
  intents: ['procedure', 'emergency'],
  wordSets: [...Object.values(WORDS), ...Object.values(CHANNEL_WORDS)],
  menu: { order: 2, label: 'menu.item_procedure' },
  kind: 'dialogue',
  // A patient in hospital now: the emergency route is given at once, never asked back.
  urgent: ['emergency'],
  start(ctx) {
    // "cara komplain gimana ya", "kalo mau lapor ke mana": the way to complain, not to apply.
    if (ctx.input.choice === null && asksAboutChannels(ctx)) {
      ctx.reply(complaintChannelsAnswer(ctx));
      return end();
    }
    const said = urgencyInWords(ctx);
    if ((ctx.topic ?? ctx.input.intent) === 'emergency' && said !== 'not_urgent') return emergency(ctx);
    // Already said ("tidak darurat kok, alurnya gmn"), or a question about one step ("stlh dpt
    // rekomendasi trs kmn"): the answer at once, not the urgency question.
    if (said === 'not_urgent') return regular(ctx);
    if (ctx.profile.procedure.askUrgency && ctx.profile.procedure.routes.length > 1 && ctx.input.documents.length === 0) {
      ctx.say('procedure.ask_urgency');
      return stay({ step: 'urgency', tries: 0 });
    }
    ctx.reply(`${ctx.t('procedure.header', { programme: ctx.profile.programme.name })}\n\n${stepsText(ctx)}`);
    return end();
  },
  explain(ctx) {
    const route = (id: string) => ctx.profile.procedure.routes.find((r) => r.id === id);
    const [urgent, usual] = [route('emergency'), route('regular')];
    if (!urgent || !usual) return false;
    ctx.say('procedure.explain_urgency', { emergency: urgent.name, when: lowerFirst(urgent.when), regular: usual.name, regularTime: lowerFirst(usual.time) });
    return true;
  },
  // "ibu sy sehat kok, cuma buat jaga2" says no in words, whatever else it reads like.
  answersStep: (ctx, state) => state.step === 'urgency' && urgencyInWords(ctx) !== null,
  handle(ctx, state) {
    const { choice, command, intent } = ctx.input;
    const said = urgencyInWords(ctx);
    // "ibu saya sehat, cuma buat jaga-jaga" and "tidak darurat" answer "no" in words.
    if (choice === 2 || command === 'no' || said === 'not_urgent') return regular(ctx);
    if (choice === 1 || command === 'yes' || said === 'urgent' || intent === 'emergency') return emergency(ctx);
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
