/**
 * Short answers: one or two lines for a direct question (fee, hours, address, contacts, how
 * long, the form), built from the office profile, and honest answers to what people often ask
 * and the standard leaves open (who qualifies, an inactive card, applying through a relative,
 * a moved domicile, the quota, other social aid, where the card is used, applying again after
 * a negative result, whether personal data is safe). Each says plainly where the standard is
 * silent and offers a person; the full information page is one word away.
 */
import { end, type Flow, type FlowContext } from '../src/conversation/flow-types';
import { CHANNEL_WORDS, complaintChannelsText, contactsText, DAY_NAMES, hoursText, responseTimeAsked } from './information';
import { itemsAskedAbout, requirementItems } from './requirements';

type Compose = (ctx: FlowContext) => string;

const bullets = (items: string[]) => items.map((i) => `• ${i}`).join('\n');
const office = (ctx: FlowContext) => ({ office: ctx.profile.office.shortName, programme: ctx.profile.programme.name });

/** The standard's own note when it has one; else the catalogue's honest "not stated". */
function quotaText(ctx: FlowContext): string {
  const note = ctx.profile.schedule.quotaNote;
  return note ? ctx.t('answer.quota', { note }) : ctx.t('answer.quota_not_stated', office(ctx));
}

function inactiveCardText(ctx: FlowContext): string {
  const reasons = ctx.profile.programme.deactivation;
  const own = reasons.length ? `${ctx.t('answer.inactive_reasons', office(ctx))}\n${bullets(reasons)}\n\n` : '';
  return `${own}${ctx.t('answer.inactive_card', office(ctx))}`;
}

/** The standard's own requirements are its rule for who may apply (work status, 900 W, domicile). */
function criteriaText(ctx: FlowContext): string {
  // Asked together with the requirements ("bisa daftar ga? syaratnya apa?"), the list comes once, there;
  // asked about one condition ("listrik 1300 watt, bisa ka?"), the items that state it.
  const member = ctx.wordSet(ALREADY_MEMBER).holds(ctx.input.words) ? `${ctx.t('answer.already_member', office(ctx))}\n\n` : '';
  const asked = itemsAskedAbout(ctx);
  if (asked) return `${member}${ctx.t('requirements.item_header')}\n\n${asked}\n\n${ctx.t('answer.criteria')}`;
  const items = ctx.input.topics.includes('requirements') ? ctx.t('answer.criteria_list_below') : requirementItems(ctx);
  return `${member}${ctx.t('answer.criteria_header', office(ctx))}\n${items}\n\n${ctx.t('answer.criteria')}`;
}

/** The word set of someone already insured another way (BPJS Mandiri, arrears): see answer.already_member. */
const ALREADY_MEMBER = 'already_member';

/** Requirements about where the applicant lives ("Berdomisili di Banjarmasin"): the standard's own word on residence. */
const RESIDENCE = /domisili|bagi penduduk/i;

/** Moving house: what the standard says about residence and deactivation, and plainly that it says no more. */
function movedText(ctx: FlowContext): string {
  const moving = ctx.profile.programme.deactivation.filter((r) => /pindah/i.test(r));
  const residence = ctx.profile.requirements.filter((r) => RESIDENCE.test(r.text)).map((r) => r.text);
  const parts = [ctx.t('answer.moved', office(ctx))];
  if (residence.length) parts.push(ctx.t('answer.moved_residence', { items: residence.join('; ') }));
  if (moving.length) parts.push(ctx.t('answer.moved_deactivation', { reason: moving.join('; ') }));
  return parts.join('\n\n');
}

/** The word set (flows/nlu/vocabularies.yaml) of words that join two days into a range ("senin sampai jumat"). */
const DAY_RANGE = 'day_range_words';

/** "Sabtu buka?": the day asked about, answered plainly before the week's hours. */
function dayAsked(ctx: FlowContext): string | null {
  const dayOf = (word: string | undefined) => Object.entries(DAY_NAMES).find(([, name]) => word === name.toLowerCase());
  const { words } = ctx.input;
  const joins = (word: string | undefined) => ctx.wordSet(DAY_RANGE).has(word);
  // The first day named on its own: "senin-jumat", "senin sampai jumat" is a range ("sy kerja senin-jumat"), no day asked.
  const inRange = (i: number) => Boolean(dayOf(words[i + 1]) || dayOf(words[i - 1]) || (joins(words[i + 1]) && dayOf(words[i + 2])) || (joins(words[i - 1]) && dayOf(words[i - 2])));
  const at = words.findIndex((w, i) => dayOf(w) && !inRange(i));
  const entry = at >= 0 ? dayOf(words[at]) : undefined;
  if (!entry) return null;
  const { weekly, source } = ctx.profile.office.hours;
  const span = weekly[entry[0] as keyof typeof weekly];
  // Hours the standard does not state are the usual government hours: said as such, not as the office's rule.
  const which = source === 'default' ? '_default' : '';
  return span
    ? ctx.t(`answer.day_open${which}`, { day: entry[1], open: span.open.replace(':', '.'), close: span.close.replace(':', '.') })
    : ctx.t(`answer.day_closed${which}`, { day: entry[1] });
}

/**
 * The office's contacts, and every complaint channel its standard publishes (often the only
 * numbers it gives): all of them, though a number may repeat a contact, since a list that leaves
 * some out reads as if those were not for complaints.
 */
function contactText(ctx: FlowContext): string {
  const { channels } = ctx.profile.complaints;
  const complaints = channels.length ? `\n\n${ctx.t('answer.contact_complaints')}\n${complaintChannelsText(ctx)}` : '';
  // Asked for a number to call, a list without one must say so, or it reads as if one was left out.
  const o = ctx.profile.office;
  const noNumber = !o.phone && !o.whatsapp && !channels.some((c) => /\d{6}/.test((c.value ?? '').replace(/\D/g, '')));
  const when = responseTimeAsked(ctx);
  return `${ctx.t('answer.contact_header', office(ctx))}\n${contactsText(ctx)}${complaints}${noNumber ? `\n\n${ctx.t('answer.contact_no_number', office(ctx))}` : ''}${when ? `\n\n${when}` : ''}`;
}

/** The service time as published, with the standard's own word on when membership actually starts (quota, activation day). */
function durationText(ctx: FlowContext): string {
  // "berapa lama batas waktu tanggapan atas pengaduan?": how long a complaint takes, not the application.
  const complaintTime = responseTimeAsked(ctx);
  if (complaintTime) return complaintTime;
  const { quotaNote } = ctx.profile.schedule;
  const caveat = quotaNote ? `\n_ℹ️ ${quotaNote}_` : '';
  return `${ctx.t('answer.duration_header', office(ctx))}\n${bullets(ctx.profile.programme.serviceTime)}${caveat}`;
}

/** The office's address; asked for another office's ("kantor bpjs yg mana, alamatnya dmn"), the bot says it does not have it. */
function addressText(ctx: FlowContext): string {
  const own = ctx.t('answer.address', { name: ctx.profile.office.name, address: ctx.profile.office.address });
  return ctx.input.mentions.includes('other_office') ? `${ctx.t('answer.address_other_office')}\n\n${own}` : own;
}

function officeOpenNow(ctx: FlowContext): string {
  const s = ctx.services.schedule;
  return s.isOfficeOpen(ctx.now) ? ctx.t('answer.open_now') : ctx.t('answer.closed_now', { opening: s.formatDateTime(s.nextOpening(ctx.now)) });
}

/** The word set of a hospital's own bill ("biaya rs", "tagihan rumah sakit"): not the office's fee. */
const HOSPITAL_BILL = 'hospital_bill';

/**
 * The office's fee; asked about a hospital bill ("biaya rs dr semalam ikut ditanggung gk?"), the
 * fee alone would read as "the hospital is free": the standard does not cover that, BPJS does.
 */
function feeText(ctx: FlowContext): string {
  const fee = ctx.t('answer.fee', { fee: ctx.profile.programme.fee, ...office(ctx) });
  if (!ctx.wordSet(HOSPITAL_BILL).holds(ctx.input.words)) return fee;
  const bill = ctx.t('answer.hospital_bill', { fee: ctx.profile.programme.fee, ...office(ctx) });
  // Kukar registers people already in hospital: the bill question has that route for an answer too.
  const emergency = ctx.profile.procedure.routes.some((r) => r.id === 'emergency');
  return emergency ? `${bill}\n${ctx.t('answer.hospital_bill_emergency', office(ctx))}` : bill;
}

const ANSWERS: Record<string, Compose> = {
  fee: feeText,
  hours: (ctx) => [dayAsked(ctx), `${ctx.t('answer.hours_header', office(ctx))}\n${hoursText(ctx)}`, officeOpenNow(ctx)].filter(Boolean).join('\n'),
  address: addressText,
  contact: contactText,
  duration: durationText,
  form: (ctx) => ctx.t('answer.form', office(ctx)),
  criteria: criteriaText,
  inactive_card: inactiveCardText,
  proxy: (ctx) => ctx.t('answer.proxy', office(ctx)),
  moved: movedText,
  quota: quotaText,
  other_aid: (ctx) => ctx.t('answer.other_aid', office(ctx)),
  // "berobat pake umum dulu, biaya rumah sakitnya bs diganti?": a question about the bill, not where the card is used.
  card_use: (ctx) => (ctx.wordSet(HOSPITAL_BILL).holds(ctx.input.words) ? feeText(ctx) : ctx.t('answer.card_use', office(ctx))),
  reapply: (ctx) => ctx.t('answer.reapply', office(ctx)),
  privacy: (ctx) => ctx.t('answer.privacy', office(ctx)),
};

export const answersFlow: Flow = {
  id: 'answers',
  version: 1,
  intents: Object.keys(ANSWERS),
  wordSets: [DAY_RANGE, HOSPITAL_BILL, ALREADY_MEMBER, ...CHANNEL_WORDS],
  kind: 'answer',
  start(ctx) {
    const compose = ANSWERS[ctx.topic ?? ctx.input.intent ?? ''];
    if (compose) ctx.reply(`${compose(ctx)}\n\n_${ctx.t(`answer.more_${ctx.topic === 'duration' ? 'procedure' : 'information'}`)}_`);
    return end();
  },
  handle: () => end(),
};
