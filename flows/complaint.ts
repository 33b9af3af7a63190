/**
 * Pengaduan: collects topic, the complaint (several messages, photos allowed), name,
 * optional NIK and the wish for confidentiality, shows a summary to confirm or edit, and files
 * the ticket with its response deadline.
 */
import { end, stay, type Flow, type FlowContext, type FlowOutcome } from '../src/conversation/flow-types';
import { COMPLAINT_TOPICS, type ComplaintDraft } from '../src/conversation/services';

type Step = 'topic' | 'body' | 'name' | 'nik' | 'confidential' | 'confirm' | 'edit';
type State = { step: Step; draft: ComplaintDraft; editing: boolean };

const DONE_WORDS = new Set(['selesai', 'sudah', 'udah', 'cukup', 'itu saja', 'itu aja', 'sudah itu saja', 'done']);
const SKIP_WORDS = new Set(['lewati', 'skip', 'tidak', 'tdk', 'gak', 'ga', 'nggak', 'tidak mau', 'tidak usah', 'ga usah', 'gak usah', 'rahasia']);
const MAX_BODY_PARTS = 20;

const topicLabel = (ctx: FlowContext, topic: string) => ctx.t(`complaint.topic_${topic}`);

function askTopic(ctx: FlowContext): void {
  const items = COMPLAINT_TOPICS.map((t, i) => `*${i + 1}.* ${topicLabel(ctx, t)}`).join('\n');
  ctx.reply(`${ctx.t('complaint.intro')}\n\n${ctx.t('complaint.ask_topic')}\n${items}`);
}

function summary(ctx: FlowContext, d: ComplaintDraft): string {
  return ctx.t('complaint.summary', {
    topic: topicLabel(ctx, d.topic),
    body: d.body.join('\n'),
    attachments: d.attachments,
    name: d.name ?? ctx.t('complaint.no_name'),
    nik: d.nikMasked ?? '-',
    confidential: ctx.t(d.confidential ? 'common.yes' : 'common.no'),
  });
}

function next(ctx: FlowContext, state: State, after: Step): FlowOutcome<State> {
  // While editing one field, go straight back to the summary.
  const order: Step[] = ['topic', 'body', 'name', 'nik', 'confidential', 'confirm'];
  const step = state.editing ? 'confirm' : order[order.indexOf(after) + 1];
  const prompts: Partial<Record<Step, string>> = {
    body: 'complaint.ask_body',
    name: 'complaint.ask_name',
    nik: 'complaint.ask_nik',
    confidential: 'complaint.ask_confidential',
  };
  if (step === 'confirm') ctx.reply(summary(ctx, state.draft));
  else ctx.say(prompts[step]!);
  return stay({ ...state, step, editing: false });
}

const normalized = (ctx: FlowContext) => ctx.input.words.join(' ');

async function submit(ctx: FlowContext, draft: ComplaintDraft): Promise<FlowOutcome<State>> {
  const ticket = await ctx.services.complaints.file({ chat: ctx.chat, draft, now: ctx.now });
  ctx.say(ticket.provisional ? 'complaint.filed_provisional' : 'complaint.filed', {
    number: ticket.number,
    due: ctx.services.schedule.formatDateTime(ticket.dueAt),
  });
  return end();
}

export const complaintFlow: Flow<State> = {
  id: 'complaint',
  version: 1,
  acceptsAttachment: (state) => state.step === 'body',
  start(ctx) {
    askTopic(ctx);
    const draft: ComplaintDraft = { topic: 'lainnya', body: [], name: null, nikSealed: null, nikMasked: null, attachments: 0, confidential: false };
    return stay({ step: 'topic', draft, editing: false });
  },
  async handle(ctx, state) {
    const { draft } = state;
    const text = ctx.input.raw.trim();
    switch (state.step) {
      case 'topic': {
        const choice = ctx.input.choice;
        if (!choice || choice < 1 || choice > COMPLAINT_TOPICS.length) {
          ctx.say('complaint.topic_invalid', { max: COMPLAINT_TOPICS.length });
          return stay(state);
        }
        return next(ctx, { ...state, draft: { ...draft, topic: COMPLAINT_TOPICS[choice - 1] } }, 'topic');
      }
      case 'body': {
        if (ctx.message.type !== 'text') {
          const withFile = { ...draft, attachments: draft.attachments + 1, body: text ? [...draft.body, text] : draft.body };
          ctx.say('complaint.attachment_received');
          return stay({ ...state, draft: withFile });
        }
        if (DONE_WORDS.has(normalized(ctx))) {
          if (draft.body.length === 0) {
            ctx.say('complaint.body_empty');
            return stay(state);
          }
          return next(ctx, state, 'body');
        }
        if (draft.body.length >= MAX_BODY_PARTS) {
          ctx.say('complaint.body_full');
          return next(ctx, state, 'body');
        }
        ctx.say(draft.body.length === 0 ? 'complaint.body_first_received' : 'complaint.body_more_received');
        return stay({ ...state, draft: { ...draft, body: [...draft.body, text.slice(0, 4000)] } });
      }
      case 'name': {
        const declined = SKIP_WORDS.has(normalized(ctx));
        if (!declined && text.length < 2) {
          ctx.say('complaint.ask_name');
          return stay(state);
        }
        if (declined) ctx.say('complaint.name_declined');
        return next(ctx, { ...state, draft: { ...draft, name: declined ? null : text.slice(0, 100) } }, 'name');
      }
      case 'nik': {
        if (SKIP_WORDS.has(normalized(ctx))) return next(ctx, { ...state, draft: { ...draft, nikSealed: null, nikMasked: null } }, 'nik');
        const found = ctx.services.identity.findNik(text);
        if (found.kind !== 'valid') {
          ctx.reply(`${found.kind === 'invalid' ? `${found.message}\n` : ''}${ctx.t('complaint.ask_nik')}`);
          return stay(state);
        }
        const sealed = ctx.services.identity.seal(found.nik);
        return next(ctx, { ...state, draft: { ...draft, nikSealed: sealed, nikMasked: found.masked } }, 'nik');
      }
      case 'confidential': {
        const yes = ctx.input.intent === 'yes' || ctx.input.choice === 1 || normalized(ctx) === 'rahasia';
        const no = ctx.input.intent === 'no' || ctx.input.choice === 2;
        if (!yes && !no) {
          ctx.say('complaint.ask_confidential');
          return stay(state);
        }
        return next(ctx, { ...state, draft: { ...draft, confidential: yes } }, 'confidential');
      }
      case 'confirm': {
        if (ctx.input.choice === 1 || ctx.input.intent === 'yes' || normalized(ctx) === 'kirim') return submit(ctx, draft);
        if (ctx.input.choice === 2 || normalized(ctx) === 'ubah') {
          ctx.say('complaint.ask_edit');
          return stay({ ...state, step: 'edit' });
        }
        if (ctx.input.choice === 3 || ctx.input.intent === 'no') {
          ctx.say('complaint.discarded');
          return end();
        }
        ctx.say('complaint.confirm_invalid');
        return stay(state);
      }
      case 'edit': {
        const fields: Record<number, Step> = { 1: 'topic', 2: 'body', 3: 'name', 4: 'nik', 5: 'confidential' };
        const field = ctx.input.choice ? fields[ctx.input.choice] : undefined;
        if (!field) {
          ctx.say('complaint.ask_edit');
          return stay(state);
        }
        if (field === 'topic') {
          askTopic(ctx);
          return stay({ ...state, step: 'topic', editing: true });
        }
        const prompts: Record<string, string> = { body: 'complaint.ask_body_again', name: 'complaint.ask_name', nik: 'complaint.ask_nik', confidential: 'complaint.ask_confidential' };
        ctx.say(prompts[field]);
        const cleared = field === 'body' ? { ...draft, body: [] } : draft;
        // Editing the body collects messages until "selesai" again, then returns to the summary.
        return stay({ step: field, draft: cleared, editing: true });
      }
    }
  },
  onExpire(ctx, state) {
    if (state.draft.body.length > 0 || state.step !== 'topic') ctx.say('complaint.expired_not_sent');
  },
};
