/**
 * Persyaratan: the office's requirement list, item by item as published, with conditions. A
 * question about one item ("listriknya harus atas nama sendiri?", "sktm dapat dimana") gets that
 * item as published, with the whole list one word away, instead of the whole list again.
 */
import { end, type Flow, type FlowContext } from '../src/conversation/flow-types';
import { sameWord, tokens } from '../src/understanding/chat-text';
import { lettered } from './format';

type Requirement = FlowContext['profile']['requirements'][number];

function itemText(ctx: FlowContext, item: Requirement, i: number): string {
  const lines = [`${i + 1}. ${item.text}`];
  if (item.details.length) lines.push(lettered(item.details));
  if (item.condition) lines.push(`   _${ctx.t('requirements.condition', { condition: item.condition })}_`);
  return lines.join('\n');
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

/** At most this many items are an answer about items; more is the list. */
const MAX_ASKED_ITEMS = 2;

/**
 * The items the message names: those holding a word of the message that no other item holds
 * ("listrik", "sktm"). Words every item shares ("fotocopy", "KTP") name none of them.
 */
function askedItems(ctx: FlowContext): number[] {
  // Next to other questions the message's words belong to those too ("…, terus cek status saya");
  // a message that asks for the list ("syarat daftar di singkawang apa aja") gets the list.
  if (ctx.input.topics.length > 1 || ctx.input.mentions.includes('requirements_list')) return [];
  // The office's and programme's own names are in items but name none of them.
  const { office, programme } = ctx.profile;
  const names = new Set(tokens([office.name, office.shortName, programme.name].join(' ')));
  const words = ctx.profile.requirements.map((item) => withAcronyms(tokens([item.text, ...item.details, item.condition ?? ''].join(' '))));
  const holders = (word: string) => words.flatMap((item, i) => (item.some((w) => sameWord(word, w)) ? [i] : []));
  const named = ctx.input.content.filter((w) => !names.has(w));
  const asked = new Set(named.map(holders).filter((h) => h.length === 1).map((h) => h[0]));
  return asked.size > 0 && asked.size <= MAX_ASKED_ITEMS ? [...asked].sort((a, b) => a - b) : [];
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
  start(ctx) {
    const asked = askedItems(ctx);
    if (asked.length) {
      const items = asked.map((i) => itemText(ctx, ctx.profile.requirements[i], i)).join('\n');
      ctx.reply([ctx.t('requirements.item_header'), items, ctx.t('requirements.item_footer')].join('\n\n'));
    } else ctx.reply(requirementsText(ctx));
    return end();
  },
  handle: () => end(),
};
