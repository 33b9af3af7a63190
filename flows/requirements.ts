/**
 * Persyaratan: the office's requirement list, item by item as published, with conditions.
 */
import { end, type Flow, type FlowContext } from '../src/conversation/flow-types';
import { lettered } from './format';

/** The requirements as published: items, their sub-items and when they apply. */
export function requirementItems(ctx: FlowContext): string {
  return ctx.profile.requirements
    .map((item, i) => {
      const lines = [`${i + 1}. ${item.text}`];
      if (item.details.length) lines.push(lettered(item.details));
      if (item.condition) lines.push(`   _${ctx.t('requirements.condition', { condition: item.condition })}_`);
      return lines.join('\n');
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
  start(ctx) {
    ctx.reply(requirementsText(ctx));
    return end();
  },
  handle: () => end(),
};
