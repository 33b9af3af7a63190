/**
 * The router: decides what a message means for this session — a global command (menu, batal,
 * petugas), an answer to the active flow, a menu choice, a keyword, a greeting — and runs it.
 * It returns the new session; the engine saves it only if nothing threw.
 */
import { FLOWS, flowForChoice, menuText, requestHuman } from '../../flows';
import { complaintFollowUpWanted } from '../../flows/complaint-status';
import type { Flow, FlowContext, FlowId, FlowOutcome, FlowState } from './flow-types';
import type { Session } from './session-store';
import type { Intent } from './text/intents';
import type { IntentMatcher } from './text/intents';

const TOPIC_FLOWS: Partial<Record<Intent, FlowId>> = {
  requirements: 'requirements',
  procedure: 'procedure',
  check: 'eligibility',
  schedule: 'schedules',
  complaint: 'complaint',
  complaint_status: 'complaint-status',
  information: 'information',
  handoff: 'handoff',
  stop_notifications: 'notifications',
  start_notifications: 'notifications',
};

/** Steps where the person writes freely: keywords inside their words are not commands. */
const FREE_TEXT: Partial<Record<FlowId, (state: FlowState) => boolean>> = {
  complaint: (s) => s.step === 'body' || s.step === 'name',
  eligibility: (s) => s.step === 'registration',
  'complaint-status': (s) => s.step === 'comment',
};

const MAX_MISSES = 3;

export interface RouterDeps {
  intents: IntentMatcher;
  idleMinutes: number;
}

export class Router {
  constructor(private readonly deps: RouterDeps) {}

  async route(ctx: FlowContext, session: Session): Promise<Session> {
    let s: Session = { ...session, lastActivityAt: ctx.now };
    const { input, message } = ctx;
    const { intents } = this.deps;

    const expired = session.lastActivityAt.getTime() < ctx.now.getTime() - this.deps.idleMinutes * 60_000;
    if (s.flow && expired) {
      const flow = FLOWS[s.flow.id];
      if (flow?.version === s.flow.version) await flow.onExpire?.(ctx, s.flow.state);
      ctx.say('engine.session_expired', { minutes: this.deps.idleMinutes });
      s = { ...s, flow: null, offer: null, misses: 0 };
      if (input.intent === null && input.choice === null) {
        ctx.reply(menuText(ctx));
        return s;
      }
    }
    if (s.flow && FLOWS[s.flow.id]?.version !== s.flow.version) {
      ctx.say('engine.flow_changed');
      ctx.reply(menuText(ctx));
      return { ...s, flow: null, misses: 0 };
    }

    const active = s.flow ? FLOWS[s.flow.id] : undefined;
    // A complaint waiting on this person (an answer the office asked for, or the rating after
    // "selesai") takes their next message outside a flow; only exact commands get past it.
    const followUp = !s.flow && (await complaintFollowUpWanted(ctx));
    const freeText = followUp || Boolean(s.flow && FREE_TEXT[s.flow.id]?.(s.flow.state));
    const command = (intent: Intent) => (freeText ? intents.isExactly(input, intent) : input.intent === intent);

    if (message.type !== 'text' && !followUp && !(active && s.flow && active.acceptsAttachment?.(s.flow.state))) {
      ctx.say('engine.media_not_supported');
      return s;
    }
    if (input.choice === 0 || command('menu')) {
      ctx.reply(menuText(ctx));
      return { ...s, flow: null, offer: null, misses: 0 };
    }
    if (command('cancel')) {
      ctx.say(s.flow ? 'engine.cancelled' : 'engine.nothing_to_cancel');
      ctx.reply(menuText(ctx));
      return { ...s, flow: null, offer: null, misses: 0 };
    }
    if (s.offer === 'handoff' && (input.intent === 'yes' || input.intent === 'no')) {
      if (input.intent === 'yes') {
        await requestHuman(ctx, 'misunderstood');
        return { ...s, flow: null, offer: null, misses: 0 };
      }
      ctx.say('engine.offer_declined');
      ctx.reply(menuText(ctx));
      return { ...s, offer: null, misses: 0 };
    }
    s = { ...s, offer: null };
    if (command('handoff')) return this.start(ctx, s, 'handoff');
    if (followUp) return this.start(ctx, s, 'complaint-status');

    if (active && s.flow) {
      const topic = input.intent ? TOPIC_FLOWS[input.intent] : undefined;
      if (!freeText && topic && topic !== s.flow.id) return this.start(ctx, s, topic);
      return this.apply(ctx, s, active, await active.handle(ctx, s.flow.state));
    }

    const greeting = intents.greeting(input);
    if (greeting) {
      ctx.say(greeting === 'salam' ? 'engine.greeting_salam' : 'engine.greeting', { office: ctx.profile.office.shortName });
      ctx.reply(menuText(ctx));
      return { ...s, misses: 0 };
    }
    // A bare NIK at the menu means "check my application".
    const nikOnly = !input.intent && ctx.services.identity.findNik(input.raw).kind !== 'none' ? 'eligibility' : undefined;
    const chosen = input.choice !== null ? flowForChoice(input.choice) : input.intent ? TOPIC_FLOWS[input.intent] : nikOnly;
    if (chosen) return this.start(ctx, s, chosen);
    if (input.intent === 'thanks') {
      ctx.say('engine.thanks');
      return { ...s, misses: 0 };
    }
    return this.miss(ctx, s);
  }

  private miss(ctx: FlowContext, s: Session): Session {
    const misses = s.misses + 1;
    if (misses >= MAX_MISSES) {
      ctx.say('engine.offer_human');
      return { ...s, misses: 0, offer: 'handoff' };
    }
    ctx.say('engine.not_understood');
    ctx.reply(menuText(ctx));
    return { ...s, misses };
  }

  private async start(ctx: FlowContext, s: Session, id: FlowId): Promise<Session> {
    const flow = FLOWS[id];
    if (!flow) return this.miss(ctx, s);
    return this.apply(ctx, { ...s, misses: 0 }, flow, await flow.start(ctx));
  }

  private async apply(ctx: FlowContext, s: Session, flow: Flow<FlowState>, outcome: FlowOutcome<FlowState>): Promise<Session> {
    switch (outcome.next) {
      case 'stay':
        return { ...s, flow: { id: flow.id, version: flow.version, state: outcome.state } };
      case 'end':
        return { ...s, flow: null };
      case 'goto':
        return this.start(ctx, { ...s, flow: null }, outcome.flow);
    }
  }
}
