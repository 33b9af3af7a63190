/**
 * Complaints: tickets with the response deadline, the flows' complaint port, the officers'
 * API, and the SLA monitor job. The composition root passes ModuleDeps; who receives alerts on
 * WhatsApp comes in through the AlertRecipients port (empty until the staff users are wired).
 */
import type { FeatureModule, ModuleDeps } from '../module';
import type { ComplaintService } from '../conversation/services';
import { AlertDispatcher } from './alert-dispatch';
import { AlertBoard, staticAlertRecipients, type AlertRecipients } from './alerts';
import { noAssignees, type Assignees } from './assignees';
import { createComplainantService } from './complainant-service';
import { ComplaintDesk } from './complaint-desk';
import { LeaseStore } from './lease';
import { Messenger } from './messenger';
import { complaintRoutes } from './routes';
import { SlaMonitor } from './sla-monitor';
import type { TicketFileStore } from './ticket-files';
import { TicketStore } from './ticket-store';

export interface ComplaintsModule extends FeatureModule {
  service: Required<ComplaintService>;
  desk: ComplaintDesk;
  store: TicketStore;
  monitor: SlaMonitor;
  /** Dashboard alerts; listen to 'alert' for live updates. */
  alerts: AlertBoard;
  /** Swap in the staff users' recipients once they exist (takes effect on the next alert). */
  setAlertRecipients(recipients: AlertRecipients): void;
  /** A separate monitor instance (tests: two instances racing; the job uses `monitor`). */
  createMonitor(options?: { instanceId?: string; recipients?: AlertRecipients; leaseMs?: number }): SlaMonitor;
}

export interface ComplaintsOptions {
  recipients?: AlertRecipients;
  /** Who tickets may be assigned to (the staff directory); nobody when absent. */
  assignees?: Assignees;
  /** The chats' kept files (src/attachments): the API lists a ticket's own and serves them. */
  files?: TicketFileStore;
}

export function createComplaintsModule(deps: ModuleDeps, options: ComplaintsOptions = {}): ComplaintsModule {
  const { connection, profile, calendar, holidays, catalogue, cipher, audit, clock, logger, env } = deps;
  let recipients = options.recipients ?? staticAlertRecipients();
  const store = new TicketStore(connection);
  const board = new AlertBoard(connection);
  const leases = new LeaseStore(connection);
  const messenger = new Messenger({ outbox: deps.outbox, logger });
  const dispatcher = new AlertDispatcher({ board, messenger, chats: deps.chats });
  const desk = new ComplaintDesk({ store, profile, calendar, holidays, catalogue, cipher, audit, clock, messenger, alerts: dispatcher, recipients: () => recipients, assignees: options.assignees ?? noAssignees });
  const service = createComplainantService({ desk, store, cipher, catalogue, profile });

  const createMonitor: ComplaintsModule['createMonitor'] = (o = {}) =>
    new SlaMonitor({
      store, leases, alerts: dispatcher, calendar, profile, catalogue, audit, clock, logger,
      recipients: () => o.recipients ?? recipients,
      instanceId: o.instanceId,
      leaseMs: o.leaseMs,
    });
  const monitor = createMonitor();

  return {
    service,
    desk,
    store,
    monitor,
    alerts: board,
    setAlertRecipients(next) {
      recipients = next;
    },
    createMonitor,
    routers: [
      {
        path: '/api/v1',
        router: complaintRoutes({ desk, store, board, calendar, cipher, audit, auth: deps.auth, clock, tz: profile.office.timeZone, chats: deps.chats, files: options.files }),
      },
    ],
    jobs: [
      {
        name: 'complaints-sla-monitor',
        schedule: env.SLA_CRON,
        timeZone: profile.office.timeZone,
        run: async () => void (await monitor.runOnce()),
      },
    ],
  };
}
