/**
 * Main menu: the numbered list of what the bot can do, in the order the flows declare.
 */
import type { Flow, FlowContext, FlowState } from '../src/conversation/flow-types';

export function menuItems(flows: readonly Flow<FlowState>[]): { choice: number; flow: Flow<FlowState>; label: string }[] {
  return flows
    .filter((f) => f.menu)
    .sort((a, b) => a.menu!.order - b.menu!.order)
    .map((flow, i) => ({ choice: i + 1, flow, label: flow.menu!.label }));
}

export function menuText(ctx: FlowContext, flows: readonly Flow<FlowState>[]): string {
  const items = menuItems(flows).map((item) => `*${item.choice}.* ${ctx.t(item.label)}`).join('\n');
  return `${ctx.t('menu.header', { office: ctx.profile.office.shortName })}\n\n${items}\n\n${ctx.t('menu.footer')}`;
}
