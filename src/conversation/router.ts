/**
 * The router: decides what a message means for this session and runs it. Context decides, not
 * keywords: inside a step that takes free text only exact commands (menu, batal) interrupt;
 * a pending question (hand to staff? which topic? continue the unsent complaint?) takes its
 * answer first; a question beside a flow's step is answered and the step goes on, and one about
 * the step itself ("maksudnya?") is explained by the step; what a flow
 * would keep is never dropped on the way out (menu, another topic) but offered back; outside a
 * flow each question asked gets its answer, a greeting is returned once, a wish to ask ("mau
 * tanya") is invited to ask, and when the bot is unsure it asks with the likeliest topics before
 * it offers a person. A photo, voice note or document is answered with what became of it (kept
 * for staff or not, and that the bot cannot read it), after the answer to its caption's question.
 * It returns the new session; the engine saves it only if nothing threw.
 */
import { complaintFollowUpWanted } from '../../flows/complaint-status';
import { requestHuman } from '../../flows/handoff';
import { menuItems, menuText } from '../../flows/menu';
import type { Flow, FlowContext, FlowOutcome, FlowState } from './flow-types';
import type { Offer, Session } from './session-store';
import { ASK_WISH, ASKS_MEANING } from '../understanding';
import { attachmentReplyKey } from './attachment-note';

/** What a message that also asks what a step means may want instead ("gk ngerti kode apaan. sy mau lapor aja"). */
const REQUESTS_BEYOND_A_STEP = new Set(['complaint', 'handoff']);
/** The word set (flows/nlu/vocabularies.yaml) of words that take back a cancelled draft. */
const TAKING_BACK = 'taking_back';
/** Misunderstood messages in a row before a person is offered. */
const MAX_MISSES = 3;
/** Words that name something (Meaning.content) a question needs to be a real one, not "apa?" or "hah gmn". */
const REAL_QUESTION_WORDS = 2;

export interface RouterDeps {
  flows: readonly Flow<FlowState>[];
  idleMinutes: number;
}

type Active = NonNullable<Session['flow']>;

export class Router {
  private readonly byId: Map<string, Flow<FlowState>>;
  private readonly byIntent: Map<string, Flow<FlowState>>;

  constructor(private readonly deps: RouterDeps) {
    this.byId = new Map(deps.flows.map((f) => [f.id, f]));
    this.byIntent = new Map(deps.flows.flatMap((f) => f.intents.map((i) => [i, f] as const)));
  }

  /** Do these topics all have an immediate answer, with no step that asks back (for a chat waiting for staff)? */
  answersAtOnce(topics: readonly string[], input?: FlowContext['input']): boolean {
    return topics.length > 0 && topics.every((t) => t !== 'handoff' && (this.byIntent.get(t)?.kind === 'answer' || this.answersUnasked([t], input)));
  }

  /**
   * Does the message name an intent a flow answers at once, asked or not: an urgent one (see
   * `Flow.urgent`), or one the message carries all the flow needs for (see `Flow.answersAtOnce`)?
   */
  answersUnasked(topics: readonly string[], input?: FlowContext['input']): boolean {
    return topics.some((t) => {
      const flow = this.byIntent.get(t);
      return Boolean(flow?.urgent?.includes(t) || (input && flow?.answersAtOnce?.(input)));
    });
  }

  /** Says what the message's topics must not leave waiting for staff (see `Flow.whileWaiting`); whether anything was said. */
  sayWhileWaiting(ctx: FlowContext): boolean {
    const flows = new Set(ctx.input.topics.map((t) => this.byIntent.get(t)).filter((f) => f !== undefined));
    return [...flows].map((flow) => flow.whileWaiting?.(ctx) ?? false).includes(true);
  }

  async route(ctx: FlowContext, session: Session): Promise<Session> {
    let s: Session = { ...session, lastActivityAt: ctx.now };
    const { input, message } = ctx;

    const idleTooLong = this.expired(ctx, session);
    // A question left unanswered that long no longer stands: "1" days later is a menu choice again.
    if (idleTooLong && s.offer && s.offer.kind !== 'resume') s = { ...s, offer: null };
    if (s.flow && idleTooLong) {
      s = this.expire(ctx, s, s.flow);
      // "tidak" meant for the old step must not answer "Lanjutkan?" before it was read.
      if (s.offer?.kind === 'resume' && ctx.input.command) return s;
    }
    if (s.flow && this.byId.get(s.flow.id)?.version !== s.flow.version) {
      ctx.say('engine.flow_changed');
      return this.menu(ctx, s);
    }
    const active = s.flow ? this.byId.get(s.flow.id) : undefined;
    // A complaint waiting on this person (an answer the office asked for, or the rating after
    // "selesai") takes their next message outside a flow; only exact commands get past it.
    const followUp = !s.flow && (await complaintFollowUpWanted(ctx));
    const freeText = followUp || Boolean(active && s.flow && active.freeText?.(s.flow.state));

    if (message.type !== 'text' && !followUp && !(active && s.flow && active.acceptsAttachment?.(s.flow.state))) {
      // Nothing taken in (a sticker, a location, a contact card): the old "text only" answer.
      if (!ctx.attachment) {
        ctx.say('engine.media_not_supported');
        return s;
      }
      // A file: its caption is answered when it asks something, as text would be, then the
      // person is told the bot cannot read the file, whether it was kept for staff, and offered a person.
      const next = captionAsks(ctx) ? await this.route({ ...ctx, message: { ...message, type: 'text' } }, s) : s;
      ctx.say(attachmentReplyKey(ctx.attachment, 'bot'));
      return next;
    }
    if (input.choice === 0 || input.command === 'menu' || (!freeText && input.intent === 'menu')) {
      // "makasih, balik ke menu ya"
      if (input.thanked) ctx.say('engine.thanks_beside');
      // Back to the menu from inside a flow: what the flow would keep (a half-written complaint) is kept for later.
      return this.menu(ctx, active && s.flow ? this.leave(ctx, s, active, s.flow) : s);
    }
    // "batal" always cancels; a sentence read as cancelling only means something inside a flow.
    // A sentence read as cancelling that skips a field ("ga usah nik") is the flow's to answer.
    const guessedCancel = s.flow && !freeText && input.intent === 'cancel' && input.words.length <= 4 && !input.mentions.includes('skip_field');
    if (input.command === 'cancel' || guessedCancel) {
      // A draft the flow would keep is gone only once the next message does not take it back:
      // "batal" typed by mistake (or read from "endik usah …") must not lose a complaint told at length.
      const undoable = active && s.flow && s.offer?.kind !== 'resume' && active.onExpire?.(ctx, s.flow.state) === 'keep' ? s.flow : null;
      ctx.say(undoable ? 'engine.cancelled_undoable' : s.flow ? 'engine.cancelled' : 'engine.nothing_to_cancel');
      const left = this.menu(ctx, s);
      return undoable ? { ...left, offer: { kind: 'undo', flow: undoable } } : left;
    }
    // A kept draft is offered back only outside a flow: inside one, "ya" answers that flow.
    if (s.offer && !(s.offer.kind === 'resume' && s.flow)) {
      const answered = await this.answerOffer(ctx, s, s.offer);
      if (answered) return answered;
      if (s.offer.kind !== 'resume') s = { ...s, offer: null };
    }
    if (followUp) return this.start(ctx, s, this.byId.get('complaint-status')!, null);

    if (active && s.flow) {
      // "maksudnya?" asks about the step itself: explained, and the step still waits for its answer. At a
      // step with choices a question what it means ("maksudnya dirahasiakan gmn tuh?") is one too, never a choice.
      // One that also asks for something else ("gk ngerti sy kode apaan. sy mau lapor aja") is that request.
      // Only a request for a person or a complaint is something else: "…, kena kada diproses kah" asks about the choice.
      const elsewhere = input.topics.some((t) => !active.intents.includes(t) && REQUESTS_BEYOND_A_STEP.has(t));
      const asksMeaning = input.command === 'explain' || (!freeText && !elsewhere && input.asks && input.choice === null && input.mentions.includes(ASKS_MEANING));
      if (asksMeaning && active.explain?.(ctx, s.flow.state)) return { ...s, misses: 0 };
      // A confident question about something else leaves a step; answers the step asks for never do.
      const other = !freeText && input.choice === null && input.command === null && input.intent ? this.byIntent.get(input.intent) : undefined;
      if (other && other !== active && !active.answersStep?.(ctx, s.flow.state)) return this.answer(ctx, this.leave(ctx, s, active, s.flow), input.topics);
      const outcome = await active.handle(ctx, s.flow.state);
      if (outcome.next === 'reroute') {
        const left = outcome.keep === false ? { ...s, flow: null } : this.leave(ctx, s, active, s.flow);
        // Outside the flow the message may answer what is on offer ("lanjut" for a kept draft).
        const answered = s.offer?.kind === 'resume' && left.offer === s.offer ? await this.answerOffer(ctx, left, s.offer) : null;
        return answered ?? this.idle(ctx, left);
      }
      return this.apply(ctx, s, active, outcome);
    }
    return this.idle(ctx, s);
  }

  /** A message outside any flow. */
  private async idle(ctx: FlowContext, s: Session): Promise<Session> {
    const { input } = ctx;
    if (input.choice !== null) {
      const item = menuItems(this.deps.flows).find((i) => i.choice === input.choice);
      return item ? this.start(ctx, s, item.flow, null) : this.miss(ctx, s);
    }
    if (input.greeting) {
      ctx.say(input.greeting === 'salam' ? 'engine.greeting_salam' : 'engine.greeting', { office: ctx.profile.office.shortName });
      if (input.topics.length === 0 && input.candidates.length === 0) {
        if (input.mentions.includes(ASK_WISH)) return this.inviteToAsk(ctx, s);
        ctx.reply(menuText(ctx, this.deps.flows));
        return { ...s, misses: 0 };
      }
    }
    if (input.topics.length) {
      if (input.thanked) ctx.say('engine.thanks_beside');
      return this.answer(ctx, s, input.topics);
    }
    if (input.intent === 'thanks') {
      ctx.say('engine.thanks');
      return { ...s, misses: 0 };
    }
    // "ga jadi deh", "ndak jadi batanyo lai, alah jaleh": nothing to cancel, and nothing misunderstood
    // (a question read as cancelling, "jadi petugas tetap chat kan?", is no "never mind").
    if (input.intent === 'cancel' && !input.asks) {
      ctx.say('engine.never_mind');
      return { ...s, misses: 0 };
    }
    // A bare NIK at the menu means "check my application".
    if (ctx.services.identity.findNik(input.raw).kind !== 'none') return this.start(ctx, s, this.byId.get('eligibility')!, null);
    // "mau tanya", "saya ingin menanyakan perihal pengusulan …": invited to ask, not told they were misunderstood;
    // "halo kak, mau nanya dong" reads a little like a wish for a person, and is still a wish to ask.
    const asksToAsk = input.mentions.includes(ASK_WISH);
    if (input.candidates.length && !(asksToAsk && input.candidates.every((c) => c === 'handoff'))) return this.suggest(ctx, s, input.candidates);
    if (asksToAsk) return this.inviteToAsk(ctx, s);
    return this.miss(ctx, s);
  }

  private inviteToAsk(ctx: FlowContext, s: Session): Session {
    ctx.say('engine.ask_away');
    ctx.reply(menuText(ctx, this.deps.flows));
    return { ...s, misses: 0 };
  }

  /** Answers every topic asked: the immediate answers first, then at most one flow that asks back. */
  private async answer(ctx: FlowContext, s: Session, topics: string[]): Promise<Session> {
    // A clear request for a person alone is handed over; next to other questions it is asked about.
    if (topics.length === 1 && topics[0] === 'handoff') return this.start(ctx, s, this.byIntent.get('handoff')!, 'handoff');
    const wantsHuman = topics.includes('handoff');
    const planned = topics.filter((t) => t !== 'handoff').map((topic) => ({ topic, flow: this.byIntent.get(topic)! })).filter((p) => p.flow);
    if (planned.length === 0 && !wantsHuman) return this.miss(ctx, s);
    const answers = planned.filter((p) => p.flow.kind === 'answer');
    // Two topics of one dialogue ("alur" and "darurat") start it once, for its more specific intent.
    const byFlow = new Map<Flow<FlowState>, { topic: string; flow: Flow<FlowState> }>();
    for (const p of planned.filter((p) => p.flow.kind === 'dialogue')) {
      const seen = byFlow.get(p.flow);
      if (!seen || p.flow.intents.indexOf(p.topic) > p.flow.intents.indexOf(seen.topic)) byFlow.set(p.flow, p);
    }
    const dialogues = [...byFlow.values()];
    let next: Session = { ...s, misses: 0 };
    for (const { flow, topic } of answers) next = await this.start(ctx, next, flow, topic);
    if (dialogues[0]) next = await this.start(ctx, next, dialogues[0].flow, dialogues[0].topic);
    // A later topic whose dialogue the first one handed over to ("blm dapat nomor tiket, mau ngadu ulang") is being answered now.
    for (const later of dialogues.slice(1)) if (next.flow?.id !== later.flow.id) ctx.say('engine.ask_later', { topic: ctx.t(`topic.${later.topic}`) });
    // Four questions and more: the first three are answered, the rest pointed to rather than dropped unsaid.
    for (const topic of ctx.input.askedBeyond) ctx.say('engine.ask_later', { topic: ctx.t(`topic.${topic}`) });
    if (wantsHuman) {
      // A kept draft stays on offer ("ketik *lanjut*"): the request for a person is then pointed
      // to, not asked about, so "lanjut" keeps meaning the draft and never hands the chat over.
      // So is it while a dialogue just started asks its own question ("Ingin menyampaikannya sebagai
      // pengaduan? 1/2"): one question at a time, or a "ya" could answer either.
      if (next.offer?.kind === 'resume' || next.flow) {
        ctx.say('engine.handoff_hint');
        return next;
      }
      ctx.say('engine.confirm_handoff');
      return { ...next, offer: { kind: 'handoff' } };
    }
    return next;
  }

  /** Answers to a question the bot asked; null when the message is not an answer to it. */
  private async answerOffer(ctx: FlowContext, s: Session, offer: Offer): Promise<Session | null> {
    const { command, choice } = ctx.input;
    const cleared = { ...s, offer: null, misses: 0 };
    switch (offer.kind) {
      case 'handoff':
        if (command === 'yes') {
          await requestHuman(ctx, 'misunderstood');
          return { ...cleared, flow: null };
        }
        if (command === 'no') {
          ctx.say('engine.offer_declined');
          ctx.reply(menuText(ctx, this.deps.flows));
          return cleared;
        }
        return null;
      case 'topics': {
        const picked = choice !== null ? offer.intents[choice - 1] : command === 'yes' && offer.intents.length === 1 ? offer.intents[0] : undefined;
        if (picked) return this.answer(ctx, cleared, [picked]);
        if (command === 'no') return this.menu(ctx, cleared);
        return null;
      }
      case 'undo': {
        // "lanjut", "ya", the flow's own topic again ("sy mau lanjutkan pengaduan yg tadi") or words
        // that take it back ("loh kok batal, pengaduan saya tadi mana"): the draft is restored.
        const flow = this.byId.get(offer.flow.id);
        const again = command === 'yes' || ctx.input.mentions.includes(TAKING_BACK) || ctx.input.topics.some((t) => flow?.intents.includes(t));
        if (!again || flow?.version !== offer.flow.version || !flow.resume) return null;
        return this.apply(ctx, cleared, flow, flow.resume(ctx, offer.flow.state));
      }
      case 'resume': {
        const flow = this.byId.get(offer.flow.id);
        if (flow?.version === offer.flow.version && flow.continuesWith?.(ctx, offer.flow.state)) {
          ctx.say('engine.resume_taken');
          return this.apply(ctx, cleared, flow, await flow.handle(ctx, offer.flow.state));
        }
        if (command === 'yes' && flow?.version === offer.flow.version && flow.resume) {
          return this.apply(ctx, cleared, flow, flow.resume(ctx, offer.flow.state));
        }
        if (command === 'no') {
          ctx.say('engine.resume_dropped');
          return cleared;
        }
        return null;
      }
    }
  }

  private expired(ctx: FlowContext, session: Session): boolean {
    return session.lastActivityAt.getTime() < ctx.now.getTime() - this.deps.idleMinutes * 60_000;
  }

  /** The session timed out inside a flow: kept for later when the flow says so, else dropped. */
  private expire(ctx: FlowContext, s: Session, stale: Active): Session {
    const flow = this.byId.get(stale.id);
    const kept = flow?.version === stale.version && flow.onExpire?.(ctx, stale.state) === 'keep';
    if (kept) {
      ctx.say('engine.resume_offer', { minutes: this.deps.idleMinutes });
      return { ...s, flow: null, offer: { kind: 'resume', flow: stale }, misses: 0 };
    }
    if (ctx.input.topics.length === 0 && ctx.input.choice === null) ctx.say('engine.session_expired', { minutes: this.deps.idleMinutes });
    return { ...s, flow: null, offer: null, misses: 0 };
  }

  /** The person turned to something else mid-flow: what the flow would keep is kept for later. */
  private leave(ctx: FlowContext, s: Session, flow: Flow<FlowState>, current: Active): Session {
    return { ...this.keepForLater(ctx, s, flow, current), flow: null };
  }

  /** What the flow would keep is put on offer ("ketik *lanjut*"). */
  private keepForLater(ctx: FlowContext, s: Session, flow: Flow<FlowState>, current: Active): Session {
    if (flow.onExpire?.(ctx, current.state) !== 'keep') return s;
    ctx.say('engine.resume_later');
    return { ...s, offer: { kind: 'resume', flow: current } };
  }

  /** The main menu; a kept draft stays on offer (it is only ever dropped when the person says so). */
  private menu(ctx: FlowContext, s: Session): Session {
    ctx.reply(menuText(ctx, this.deps.flows));
    return { ...s, flow: null, offer: s.offer?.kind === 'resume' ? s.offer : null, misses: 0 };
  }

  private suggest(ctx: FlowContext, s: Session, intents: string[]): Session {
    const misses = s.misses + 1;
    if (s.offer?.kind === 'resume') return this.missBesideDraft(ctx, s);
    if (misses >= MAX_MISSES) return this.offerHuman(ctx, s);
    const options = intents.map((intent, i) => `*${i + 1}.* ${ctx.t(`topic.${intent}`)}`).join('\n');
    ctx.reply(`${ctx.t(intents.length === 1 ? 'engine.suggest_one' : 'engine.suggest')}\n${options}`);
    return { ...s, misses, offer: { kind: 'topics', intents } };
  }

  private miss(ctx: FlowContext, s: Session): Session {
    const misses = s.misses + 1;
    if (s.offer?.kind === 'resume') return this.missBesideDraft(ctx, s);
    if (misses >= MAX_MISSES) return this.offerHuman(ctx, s);
    // A real question the bot has no answer for ("kalo kerja ke malaysia bpjs nya dicabut gk?")
    // is offered to a person at once: the menu again would be a dead end.
    if (ctx.input.asks && ctx.input.content.length >= REAL_QUESTION_WORDS) {
      ctx.say('engine.question_for_staff');
      return { ...s, misses: 0, offer: { kind: 'handoff' } };
    }
    ctx.say('engine.not_understood');
    if (misses === 1) ctx.reply(menuText(ctx, this.deps.flows));
    return { ...s, misses };
  }

  /**
   * Not understood while a kept draft is on offer: a question back ("which topic?", "a person?")
   * would replace that offer and lose the draft, so the person is pointed to it and to the menu.
   */
  private missBesideDraft(ctx: FlowContext, s: Session): Session {
    // A likely request for a person ("ambo nio jo petugas") is pointed to the word that asks for one:
    // "ya" keeps meaning the kept draft.
    ctx.say(ctx.input.candidates.includes('handoff') ? 'engine.handoff_hint_draft_kept' : 'engine.not_understood_draft_kept');
    return { ...s, misses: 0 };
  }

  private offerHuman(ctx: FlowContext, s: Session): Session {
    ctx.say('engine.offer_human');
    return { ...s, misses: 0, offer: { kind: 'handoff' } };
  }

  /** A question beside a flow's step: answered now and the flow goes on, or, when the answer asks back, kept for later. */
  private async aside(ctx: FlowContext, s: Session, flow: Flow<FlowState>, outcome: { state: FlowState; reminder: string }): Promise<Session> {
    const kept: Active = { id: flow.id, version: flow.version, state: outcome.state };
    // Its own intents are the flow's to answer, not a question beside it (a complaint typed into a complaint).
    const topics = ctx.input.topics.filter((t) => !flow.intents.includes(t));
    // Nothing sure to answer, or a request for a person (asked about first): read as if the flow had been left.
    if (topics.length === 0 || topics.includes('handoff')) return this.idle(ctx, this.leave(ctx, s, flow, kept));
    const answered = await this.answer(ctx, { ...s, flow: null }, topics);
    // The answer asks back (a status check wants a NIK): that dialogue goes on, this flow is kept for later.
    if (answered.flow) return this.keepForLater(ctx, answered, flow, kept);
    ctx.say(outcome.reminder);
    return { ...answered, flow: kept };
  }

  private async start(ctx: FlowContext, s: Session, flow: Flow<FlowState>, topic: string | null): Promise<Session> {
    const scoped: FlowContext = { ...ctx, topic };
    return this.apply(scoped, { ...s, misses: 0 }, flow, await flow.start(scoped));
  }

  private async apply(ctx: FlowContext, s: Session, flow: Flow<FlowState>, outcome: FlowOutcome<FlowState>): Promise<Session> {
    switch (outcome.next) {
      case 'stay':
        return { ...s, flow: { id: flow.id, version: flow.version, state: outcome.state } };
      case 'end':
        return { ...s, flow: null };
      case 'reroute':
        return this.idle(ctx, { ...s, flow: null });
      case 'aside':
        return this.aside(ctx, s, flow, outcome);
      case 'goto':
        return this.start(ctx, { ...s, flow: null }, this.byId.get(outcome.flow)!, null);
    }
  }
}

/**
 * A file's caption that asks something, is a command or names a topic is answered; an empty
 * caption, or a document's own file name standing in for one, is not.
 */
function captionAsks(ctx: FlowContext): boolean {
  const { input, message } = ctx;
  const caption = message.text.trim();
  if (!caption || caption === message.media?.filename) return false;
  return input.asks || input.command !== null || input.topics.length > 0;
}
