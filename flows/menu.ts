/**
 * Main menu: the numbered list of what the bot can do, and which flow each number opens.
 */
import type { FlowContext, FlowId } from '../src/conversation/flow-types';

export const MENU_ITEMS: { choice: number; flow: FlowId; label: string }[] = [
  { choice: 1, flow: 'requirements', label: 'menu.item_requirements' },
  { choice: 2, flow: 'procedure', label: 'menu.item_procedure' },
  { choice: 3, flow: 'eligibility', label: 'menu.item_check' },
  { choice: 4, flow: 'schedules', label: 'menu.item_schedule' },
  { choice: 5, flow: 'complaint', label: 'menu.item_complaint' },
  { choice: 6, flow: 'complaint-status', label: 'menu.item_complaint_status' },
  { choice: 7, flow: 'handoff', label: 'menu.item_handoff' },
  { choice: 8, flow: 'information', label: 'menu.item_information' },
];

export function menuText(ctx: FlowContext): string {
  const items = MENU_ITEMS.map((item) => `*${item.choice}.* ${ctx.t(item.label)}`).join('\n');
  return `${ctx.t('menu.header', { office: ctx.profile.office.shortName })}\n\n${items}\n\n${ctx.t('menu.footer')}`;
}

export function showMenu(ctx: FlowContext): void {
  ctx.reply(menuText(ctx));
}

export function flowForChoice(choice: number): FlowId | null {
  return MENU_ITEMS.find((item) => item.choice === choice)?.flow ?? null;
}
