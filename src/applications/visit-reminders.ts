/**
 * The day-before home-visit reminder: every morning (office time zone) each visit due
 * tomorrow gets one reminder. The flag is claimed atomically before queueing, so a second
 * run, a second instance or a restart never sends it twice.
 */
import type { Logger } from 'pino';
import type { AgencyProfile } from '../agency/profile-schema';
import type { Clock } from '../calendar/clock';
import { addDaysIso, atLocalTime, localIsoDate } from '../calendar/local-date';
import type { ScheduledJob } from '../jobs/scheduler';
import type { ApplicationRepository } from './application-repository';
import type { Notifier } from './notifier';
import { AWAITING_VISIT } from './transitions';

export const VISIT_REMINDER_JOB = 'application-visit-reminders';

export function visitReminderJob(deps: { profile: AgencyProfile; repository: ApplicationRepository; notifier: Notifier; clock: Clock; logger: Logger }): ScheduledJob {
  const tz = deps.profile.office.timeZone;
  return {
    name: VISIT_REMINDER_JOB,
    schedule: '0 7 * * *',
    timeZone: tz,
    async run() {
      const now = deps.clock.now();
      const tomorrow = addDaysIso(localIsoDate(now, tz), 1, tz);
      const due = await deps.repository.visitsOn(tomorrow, AWAITING_VISIT);
      const chats = new Set<string>();
      for (const app of due) {
        if (!(await deps.repository.claimReminder(app.id, tomorrow, now))) continue;
        try {
          const startsAt = atLocalTime(app.visit!.date, app.visit!.timeWindow.split('-')[0], tz);
          (await deps.notifier.visitReminder(app, startsAt)).forEach((key) => chats.add(key));
        } catch (err) {
          // Not queued: give the claim back so the next run tries again.
          await deps.repository.releaseReminder(app.id, tomorrow);
          throw err;
        }
      }
      await deps.notifier.drain([...chats]);
      deps.logger.info({ job: VISIT_REMINDER_JOB, visits: due.length }, 'visit reminders queued');
    },
  };
}
