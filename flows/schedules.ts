/**
 * Jadwal: dates computed from the office's schedule rules in its time zone (next regular
 * processing day, next activation day, this month's reconciliation) and, for an applicant
 * whose number is on an application, their home-visit date.
 */
import { end, type Flow, type FlowContext } from '../src/conversation/flow-types';

/**
 * A monthly date as a person needs it: "hari ini" when it is today (with the one after), and
 * a plain warning when it falls on a weekend or holiday (the standards do not say whether the
 * office moves it).
 */
function monthlyDate(ctx: FlowContext, next: (from: Date) => Date | null, date: Date): string {
  const s = ctx.services.schedule;
  const said = (d: Date) => (s.isWorkingDay(d) ? s.formatDate(d) : ctx.t('schedule.off_day', { date: s.formatDate(d) }));
  if (!s.sameDay(date, ctx.now)) return said(date);
  const after = next(new Date(date.getTime() + 24 * 3_600_000));
  return ctx.t('schedule.today', { date: said(date), next: after ? said(after) : '-' });
}

/** The office's dated rules (processing, activation, reconciliation), next dates first. */
function scheduleDates(ctx: FlowContext): string[] {
  const { schedule: rules } = ctx.profile;
  const s = ctx.services.schedule;
  const lines: string[] = [];
  const processing = s.nextProcessingDate(ctx.now);
  if (processing) lines.push(ctx.t('schedule.processing', { date: monthlyDate(ctx, (d) => s.nextProcessingDate(d), processing), day: rules.processingDay ?? '' }));
  const activation = s.nextActivationDate(ctx.now);
  if (activation) lines.push(ctx.t('schedule.activation', { date: monthlyDate(ctx, (d) => s.nextActivationDate(d), activation), day: rules.activationDay ?? '' }));
  const reconciliation = s.reconciliationDate(ctx.now);
  if (reconciliation) lines.push(ctx.t('schedule.reconciliation', { date: s.formatDate(reconciliation) }));
  return lines;
}

export const schedulesFlow: Flow = {
  id: 'schedules',
  version: 1,
  intents: ['schedule'],
  menu: { order: 4, label: 'menu.item_schedule' },
  kind: 'answer',
  async start(ctx) {
    const dates = scheduleDates(ctx);
    const { quotaNote, homeVisit } = ctx.profile.schedule;
    const visit = await ctx.services.applications.upcomingVisitText(ctx.chat, ctx.now);
    const parts = [ctx.t('schedule.header')];
    if (visit) parts.push(visit);
    if (dates.length) parts.push(dates.join('\n\n'));
    // A note on the quota is no date: without dates the person is told there are none.
    if (!visit && homeVisit) parts.push(ctx.t('schedule.visit_unknown'));
    else if (!visit && dates.length === 0) parts.push(ctx.t('schedule.none_known'));
    if (quotaNote) parts.push(`_${quotaNote}_`);
    ctx.reply(parts.join('\n\n'));
    return end();
  },
  handle: () => end(),
};
