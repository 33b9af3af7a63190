/**
 * Informasi layanan: fee, product, office address, hours and contacts, all from the office
 * profile; the legal basis and the complaint channels (including SP4N-LAPOR!) when asked for.
 */
import { end, type Flow, type FlowContext } from '../src/conversation/flow-types';
import { ticketNumberIn } from '../src/complaints/ticket-number';
import { numbered, section } from './format';
import { responseTimeMessage } from '../src/agency/response-time';
import { AWAITING_ANSWER_WORD_SETS, whenAnsweredAsWritten } from '../src/understanding/awaiting-answer';

export const DAY_NAMES: Record<string, string> = {
  mon: 'Senin', tue: 'Selasa', wed: 'Rabu', thu: 'Kamis', fri: 'Jumat', sat: 'Sabtu', sun: 'Minggu',
};

/** The week's hours, consecutive days with the same hours on one line ("Senin–Kamis: 07.30–16.00 WITA"). */
export function hoursText(ctx: FlowContext): string {
  const { hours, timeZone } = ctx.profile.office;
  const zone = { 'Asia/Jakarta': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' }[timeZone];
  const days = Object.keys(DAY_NAMES);
  const runs: { first: string; last: string; time: string }[] = [];
  for (const [day, span] of Object.entries(hours.weekly)) {
    const time = `${span!.open.replace(':', '.')}–${span!.close.replace(':', '.')}`;
    const run = runs.at(-1);
    if (run && run.time === time && days.indexOf(day) === days.indexOf(run.last) + 1) run.last = day;
    else runs.push({ first: day, last: day, time });
  }
  const lines = runs.map((r) => `• ${DAY_NAMES[r.first]}${r.last === r.first ? '' : `–${DAY_NAMES[r.last]}`}: ${r.time} ${zone}`);
  if (hours.source === 'default') lines.push(`_${ctx.t('information.hours_default')}_`);
  return lines.join('\n');
}

export function complaintChannelsText(ctx: FlowContext): string {
  return ctx.profile.complaints.channels.map((c) => `• ${c.label}${c.value ? `: ${c.value}` : ''}`).join('\n');
}

/** The word set of flows/nlu/vocabularies.yaml of the ways to complain ("saluran pengaduan", "lapor", "mengadu kemana"). */
const CHANNELS = 'complaint_channels';

/** Word sets the complaint-channel answers read (responseTimeAsked's through src/understanding/awaiting-answer), for a flow's `wordSets`. */
export const CHANNEL_WORDS = [CHANNELS, ...AWAITING_ANSWER_WORD_SETS] as const;

/**
 * "…, dan berapa lama biasanya pengaduan ditanggapi?" next to a question about where complaints
 * go: the response time, as the office states it (or as this service's target), in one line.
 */
export function responseTimeAsked(ctx: FlowContext): string | null {
  if (!whenAnsweredAsWritten(ctx.input.words, ctx.wordSet)?.complaint) return null;
  return ctx.t(responseTimeMessage(ctx.profile, 'answer.complaint_response_time'), { days: ctx.profile.complaints.responseDays.value });
}

/**
 * "saluran pengaduan apa aja", "sy bisa jg lapor lewat lapor.go.id kan?": a question about where
 * complaints go, read by the flows it is mistaken for (status, procedure), not a ticket follow-up.
 * The complaint flow does not ask it: a wish to complain there is a wish to file.
 */
export function asksAboutChannels(ctx: FlowContext): boolean {
  return ctx.input.asks && ctx.wordSet(CHANNELS).holds(ctx.input.words) && !ticketNumberIn('i').test(ctx.input.raw);
}

/** Where complaints go and who handles them, as the standard says, and that one can be filed here. */
export function complaintChannelsAnswer(ctx: FlowContext): string {
  const steps = ctx.profile.complaints.handlingSteps;
  const handling = steps.length ? `\n\n${ctx.t('information.complaint_handling')}\n${steps.map((s) => `• ${s}`).join('\n')}` : '';
  const when = responseTimeAsked(ctx);
  return `${ctx.t('answer.contact_complaints')}\n${complaintChannelsText(ctx)}${handling}${when ? `\n\n${when}` : ''}\n\n${ctx.t('information.complaint_here')}`;
}

export function contactsText(ctx: FlowContext): string {
  const o = ctx.profile.office;
  const rows: [string, string | undefined][] = [
    ['information.address', o.address],
    ['information.phone', o.phone],
    ['information.whatsapp', o.whatsapp],
    ['information.email', o.email],
    ['information.website', o.website],
    ['information.instagram', o.instagram],
  ];
  return rows.filter(([, v]) => v).map(([k, v]) => `• ${ctx.t(k)}: ${v}`).join('\n');
}

/** The word set of a question how two programmes differ ("apa bedanya JKSS sama PBI"). */
const DIFFERENCE = 'asks_difference';

export const informationFlow: Flow = {
  id: 'information',
  version: 1,
  intents: ['information'],
  menu: { order: 8, label: 'menu.item_information' },
  kind: 'answer',
  wordSets: [DIFFERENCE],
  start(ctx) {
    const p = ctx.profile.programme;
    // "apa bedanya PBI APBD dengan APBN?": what this office serves, and plainly that the standard compares nothing.
    if (ctx.wordSet(DIFFERENCE).holds(ctx.input.words)) {
      ctx.reply(ctx.t('information.difference', { office: ctx.profile.office.shortName, programme: p.name, products: p.products.map((x) => `• ${x}`).join('\n') }));
      return end();
    }
    const parts = [
      ctx.t('information.header', { office: ctx.profile.office.name }),
      section(ctx.t('information.programme'), `${p.name}${p.decree ? `\n${ctx.t('information.decree', { decree: p.decree })}` : ''}`),
      section(ctx.t('information.fee'), p.fee),
      section(ctx.t('information.product'), p.products.map((x) => `• ${x}`).join('\n')),
    ];
    parts.push(section(ctx.t('information.hours'), hoursText(ctx)));
    parts.push(section(ctx.t('information.contacts'), contactsText(ctx)));
    // The laws and the complaint channels are there for who asks for them, not in every answer.
    if (ctx.input.mentions.includes('legal_basis')) {
      parts.push(section(ctx.t('information.legal_basis'), p.legalBasis.length ? numbered(p.legalBasis) : ctx.t('information.legal_basis_not_stated')));
    }
    if (ctx.input.mentions.includes('complaint_channels')) parts.push(section(ctx.t('information.complaint_channels'), complaintChannelsText(ctx)));
    parts.push(ctx.t('information.more'));
    ctx.reply(parts.join('\n\n'));
    return end();
  },
  handle: () => end(),
};
