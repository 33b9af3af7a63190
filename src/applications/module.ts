/**
 * Applications: records, the eligibility-result check in the conversation (cek hasil), the
 * staff API with CSV import/export, status notifications and the visit reminder job.
 * Wiring only; the story of each part is in its own file.
 */
import type { FeatureModule, ModuleDeps } from '../module';
import type { ApplicationService, NotificationPreferences } from '../conversation/services';
import { AlertDispatcher } from '../complaints/alert-dispatch';
import { AlertBoard, staticAlertRecipients, type AlertRecipients } from '../complaints/alerts';
import { Messenger } from '../complaints/messenger';
import { ApplicationRepository } from './application-repository';
import { nikPausedAlert } from './check-alerts';
import { CheckLimits, checkLimitsPurgeJob, DEFAULT_CHECK_LIMITS } from './check-limits';
import { createCheckService } from './check-service';
import { createCsvImport } from './csv-import';
import { NotificationPreferenceStore } from './notification-preferences';
import { createNotifier } from './notifier';
import { createRecordsService } from './records-service';
import { applicationRoutes } from './routes';
import { createStatusText } from './status-text';
import { visitReminderJob } from './visit-reminders';

export interface ApplicationsModule extends FeatureModule {
  service: ApplicationService;
  notifications: NotificationPreferences;
  /** The staff use cases, shared by the JSON API and the dashboard pages. */
  records: ReturnType<typeof createRecordsService>;
  importCsv: ReturnType<typeof createCsvImport>;
}

export interface ApplicationsOptions {
  /** Who is alerted when a NIK is paused after repeated wrong verification codes. */
  recipients?: AlertRecipients;
}

export function createApplicationsModule(deps: ModuleDeps, options: ApplicationsOptions = {}): ApplicationsModule {
  const { connection, profile, cipher, audit, clock, logger } = deps;
  const repository = new ApplicationRepository(connection, profile.id);
  const preferences = new NotificationPreferenceStore(connection, cipher, clock);
  const text = createStatusText({ profile, catalogue: deps.catalogue, schedule: deps.schedule, cipher });
  const notifier = createNotifier({ chats: deps.chats, outbox: deps.outbox, cipher, preferences, text, logger });
  const limits = new CheckLimits(connection, { ...DEFAULT_CHECK_LIMITS, timeZone: profile.office.timeZone });
  const recipients = options.recipients ?? staticAlertRecipients();
  const alerts = new AlertDispatcher({ board: new AlertBoard(connection), messenger: new Messenger({ outbox: deps.outbox, logger }), chats: deps.chats });
  const onNikPaused = nikPausedAlert({ alerts, recipients: () => recipients, schedule: deps.schedule });
  const records = createRecordsService({ profile, repository, cipher, audit, notifier, clock });
  const importCsv = createCsvImport({ profile, repository, cipher, audit, notifier, clock });

  return {
    routers: [{ path: '/api/v1', router: applicationRoutes({ auth: deps.auth, profile, records, importCsv, repository, cipher, audit }) }],
    jobs: [visitReminderJob({ profile, repository, notifier, clock, logger }), checkLimitsPurgeJob(limits, clock, profile.office.timeZone)],
    service: createCheckService({ profile, repository, cipher, limits, text, audit, onNikPaused }),
    notifications: preferences,
    records,
    importCsv,
  };
}
