/**
 * Persyaratan: the office's requirement list, item by item as published, with conditions. A
 * question about one item ("listriknya harus atas nama sendiri?", "sktm dapat dimana") gets that
 * item as published, with the whole list one word away, instead of the whole list again.
 */
import { end, type Flow, type FlowContext } from '../src/conversation/flow-types';
import { holdsPhrase, sameWord, tokens } from '../src/understanding/chat-text';
import { ASKS_MEANING, type NamedSet } from '../src/understanding/understand';
import { lettered } from './format';

type Requirement = FlowContext['profile']['requirements'][number];

function itemText(ctx: FlowContext, item: Requirement, i: number): string {
  const lines = [`${i + 1}. ${item.text}`];
  if (item.details.length) lines.push(lettered(item.details));
  if (item.condition) lines.push(`   _${ctx.t('requirements.condition', { condition: item.condition })}_`);
  return lines.join('\n');
}

/** "1300 watt", "1.300 VA", "900w": the figure the message names in the item's unit, as written, else null. */
function figureNamed(ctx: FlowContext, limit: NonNullable<Requirement['limit']>): { value: number; written: string } | null {
  const units = limit.words.join('|');
  const found = new RegExp(String.raw`(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(?:${units})\b`, 'i').exec(ctx.input.raw);
  return found ? { value: Number(found[1].replace(/[.,]/g, '')), written: found[0] } : null;
}

/** Whether a figure the message names is above an item's published ceiling, said plainly; null when it names none. */
function limitVerdict(ctx: FlowContext, item: Requirement): string | null {
  const figure = item.limit ? figureNamed(ctx, item.limit) : null;
  if (!item.limit || !figure) return null;
  const vars = { said: figure.written, max: item.limit.max.toLocaleString('id-ID'), unit: item.limit.unit };
  return ctx.t(figure.value > item.limit.max ? 'requirements.limit_over' : 'requirements.limit_within', vars);
}

/** The requirements as published: items, their sub-items and when they apply. */
export function requirementItems(ctx: FlowContext): string {
  return ctx.profile.requirements.map((item, i) => itemText(ctx, item, i)).join('\n');
}

/** People name documents by their initials: "Surat Keterangan Tidak Mampu" is also "sktm". */
function withAcronyms(words: string[]): string[] {
  const acronyms: string[] = [];
  for (let from = 0; from < words.length; from++) {
    // From three words up: two-letter initials collide with everyday words.
    for (let length = 3; length <= 5 && from + length <= words.length; length++) {
      acronyms.push(words.slice(from, from + length).map((w) => w[0]).join(''));
    }
  }
  return [...words, ...acronyms];
}

/** Details people ask about a document (vocabularies.yaml `detail_*`), each with its label `requirements.detail_<name>`. */
const DETAILS = ['legalised', 'colour', 'copies', 'old_form'] as const;
const detailSet = (detail: (typeof DETAILS)[number]) => `detail_${detail}`;

/** Details the message asks about that no requirement mentions ("fotokopi ktp harus dilegalisir ga"): the standard does not ask for them. */
function unstatedDetails(ctx: FlowContext): string[] {
  const items = ctx.profile.requirements.map((item) => tokens([item.text, ...item.details, item.condition ?? ''].join(' ')));
  return DETAILS.filter((d) => {
    const set = ctx.wordSet(detailSet(d));
    return set.holds(ctx.input.words) && !items.some((item) => set.holds(item));
  }).map((d) => ctx.t(`requirements.detail_${d}`));
}

/**
 * The terms a message asks the meaning of ("siak tu apa", "maksudnya padan capil"): named, and
 * asked what they mean, or named in a question that names nothing else ("SKTM apa?").
 * A question about a term's document ("sktm dapat dimana") asks where, not what it is.
 */
function termsAsked(ctx: FlowContext): string[] {
  const { terms, mentions, content, asks } = ctx.input;
  const termWords = terms.flatMap((term) => term.phrases.flat());
  const onlyTerms = asks && content.every((w) => termWords.some((t) => sameWord(w, t)));
  return mentions.includes(ASKS_MEANING) || onlyTerms ? terms.map((term) => term.id) : [];
}

/** At most this many items are an answer about items; more is the list. */
const MAX_ASKED_ITEMS = 2;

/** What a question about single requirements asks: items by their place in the list, and documents the list does not hold. */
interface AskedAbout {
  items: number[];
  unlisted: NamedSet[];
}

/**
 * The items a message asks about. A document it names ("surat dokter", "kk") picks the items
 * whose text names it too, or is one the list does not ask for. Any other word picks the item
 * that alone holds it ("walinagari", "900"); words every item shares name none of them.
 */
function askedAbout(ctx: FlowContext): AskedAbout {
  const none = { items: [], unlisted: [] };
  // Next to other questions the message's words belong to those too ("…, terus cek status saya");
  // a message that asks for the list ("syarat daftar di singkawang apa aja") gets the list.
  if (ctx.input.topics.length > 1 || ctx.input.mentions.includes('requirements_list')) return none;
  // The office's and programme's own names are in items but name none of them.
  const { office, programme } = ctx.profile;
  const names = new Set(tokens([office.name, office.shortName, programme.name].join(' ')));
  const words = ctx.profile.requirements.map((item) => withAcronyms(tokens([item.text, ...item.details, item.condition ?? ''].join(' '))));
  const itemsNaming = (doc: NamedSet) => words.flatMap((item, i) => (doc.phrases.some((phrase) => holdsPhrase(item, phrase)) ? [i] : []));
  const documents = ctx.input.documents.map((doc) => ({ doc, items: itemsNaming(doc) }));
  // A document's own words ("foto", "rumah" of "foto rumah") pick no other item.
  const documentWords = new Set(ctx.input.documents.flatMap((doc) => doc.phrases.flat()));
  const holders = (word: string) => words.flatMap((item, i) => (item.some((w) => sameWord(word, w)) ? [i] : []));
  const named = ctx.input.content.filter((w) => !names.has(w) && ![...documentWords].some((d) => sameWord(w, d)));
  const asked = new Set([...documents.flatMap((d) => d.items), ...named.map(holders).filter((h) => h.length === 1).map((h) => h[0])]);
  const unlisted = documents.filter((d) => d.items.length === 0).map((d) => d.doc);
  if (asked.size > MAX_ASKED_ITEMS) return none;
  return { items: [...asked].sort((a, b) => a - b), unlisted };
}

/** The items one question is about ("listrik 1300 watt, bisa ka?" picks the item with the 900 W limit), numbered as published; null when none or too many. */
export function itemsAskedAbout(ctx: FlowContext): string | null {
  const { items } = askedAbout(ctx);
  return items.length ? itemsText(ctx, items) : null;
}

/** Items by their place in the list, as published, each with what a figure the message names means for its ceiling. */
function itemsText(ctx: FlowContext, items: number[]): string {
  return items
    .map((i) => {
      const item = ctx.profile.requirements[i];
      const verdict = limitVerdict(ctx, item);
      return verdict ? `${itemText(ctx, item, i)}\n\n${verdict}` : itemText(ctx, item, i);
    })
    .join('\n');
}

export function requirementsText(ctx: FlowContext): string {
  return [ctx.t('requirements.header', { programme: ctx.profile.programme.name }), requirementItems(ctx), ctx.t('requirements.footer')].join('\n\n');
}

export const requirementsFlow: Flow = {
  id: 'requirements',
  version: 1,
  intents: ['requirements'],
  menu: { order: 1, label: 'menu.item_requirements' },
  kind: 'answer',
  wordSets: DETAILS.map(detailSet),
  start(ctx) {
    const { items, unlisted } = askedAbout(ctx);
    const unstated = unstatedDetails(ctx);
    const terms = termsAsked(ctx);
    if (items.length || unlisted.length || unstated.length || terms.length) {
      const programme = ctx.profile.programme.name;
      const parts = [
        ...(terms.length ? [terms.map((id) => ctx.t(`term.${id}`)).join('\n'), ctx.t('term.note')] : []),
        ...unstated.map((detail) => ctx.t('requirements.detail_unstated', { detail })),
        ...unlisted.map((doc) => ctx.t('requirements.not_listed', { document: ctx.t(`document.${doc.id}`), programme })),
      ];
      if (items.length) parts.push(ctx.t('requirements.item_header'), itemsText(ctx, items));
      ctx.reply([...parts, ctx.t('requirements.item_footer')].join('\n\n'));
    } else ctx.reply(requirementsText(ctx));
    return end();
  },
  handle: () => end(),
};
