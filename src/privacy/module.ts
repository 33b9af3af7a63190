/**
 * Wiring of the data-subject requests: the use cases over the stores that own each collection,
 * the admin page (mounted by the dashboard), and the restriction the chat must honour for
 * tickets. The stateful stores (sessions with their cache, the outbox, handoffs with their
 * change events, the chat history) are the service's own instances, passed in, so an erasure
 * is seen at once by the engine and the desk.
 */
import { ApplicationRepository } from '../applications/application-repository';
import { NotificationPreferenceStore } from '../applications/notification-preferences';
import type { TicketStore } from '../complaints/ticket-store';
import type { MessageLog } from '../conversation/message-log';
import type { ComplaintService } from '../conversation/services';
import type { SessionStore } from '../conversation/session-store';
import type { TimeFormat } from '../dashboard/time';
import type { ContactNotes } from '../handoff/contact-notes-store';
import type { Handoffs } from '../handoff/handoff-service';
import type { UndeliveredStore } from '../handoff/undelivered-store';
import type { ApiAuthOptions } from '../http/api-auth';
import type { ScheduledJob } from '../jobs';
import type { ModuleDeps } from '../module';
import { createPrivacyService, type PrivacyDeps, type PrivacyService } from './privacy-service';
import { privacyRoutes } from './privacy-routes';
import { restrictedApiGate, restrictedPagesGate, type RecordKind, type RestrictionLookup } from './restricted-routes';
import { hideRestrictedTickets } from './restriction';
import { TicketRetention } from './ticket-retention';
import { RequestRegister } from './request-store';
import type { RetentionDays } from './retention';

export interface PrivacyStores {
  sessions: SessionStore;
  messageLog: MessageLog;
  handoffs: Handoffs;
  tickets: TicketStore;
  notes: ContactNotes;
  undelivered: UndeliveredStore;
  /** The files chats sent (src/attachments): in the copy, erased with the history. */
  files?: PrivacyDeps['files'];
  /** Told after tickets were restricted or lifted (the engine's cached follow-ups). */
  ticketsChanged?: () => void;
}

export interface PrivacyModule {
  service: PrivacyService;
  retention: RetentionDays;
  /** The admin page's routes, for the dashboard to mount under its gate. */
  pages(time: TimeFormat): ReturnType<typeof privacyRoutes>;
  /** The complaint port the flows get: a restricted ticket's status reads like a missing one. */
  forChats<S extends ComplaintService>(complaints: S): S;
  /** For the dashboard's ticket and application routers: restricted records for admins only, under a banner. */
  restrictedGate(kind: RecordKind, time: TimeFormat): ReturnType<typeof restrictedPagesGate>;
  /** For /api/v1, before the feature routers: restricted records for admins only. */
  apiGate(auth: ApiAuthOptions): ReturnType<typeof restrictedApiGate>;
  /** Finished tickets lose their personal data after RETENTION_TICKET_DAYS, on RETENTION_CRON. */
  jobs: ScheduledJob[];
}

export function createPrivacyModule(deps: ModuleDeps, stores: PrivacyStores): PrivacyModule {
  const { env, connection, profile, cipher, audit, clock } = deps;
  const retention: RetentionDays = {
    outbox: env.RETENTION_OUTBOX_DAYS, audit: env.RETENTION_AUDIT_DAYS, handoffs: env.RETENTION_HANDOFF_DAYS, alerts: env.RETENTION_ALERT_DAYS, tickets: env.RETENTION_TICKET_DAYS,
    chat: env.RETENTION_CHAT_DAYS, sessions: env.RETENTION_SESSION_DAYS,
  };
  const applications = new ApplicationRepository(connection, profile.id);
  const restrictions: RestrictionLookup = {
    ticket: async (number) => (await stores.tickets.byNumber(number))?.restrictedAt ?? null,
    application: async (id) => (await applications.findById(id))?.restrictedAt ?? null,
  };
  const service = createPrivacyService({
    cipher, audit, clock,
    chats: deps.chats,
    applications,
    tickets: stores.tickets,
    sessions: stores.sessions,
    messages: stores.messageLog,
    outbox: deps.outbox,
    handoffs: stores.handoffs,
    notes: stores.notes,
    undelivered: stores.undelivered,
    files: stores.files,
    preferences: new NotificationPreferenceStore(connection, cipher, clock),
    ticketsChanged: stores.ticketsChanged,
    register: new RequestRegister(connection),
  });
  return {
    service,
    retention,
    pages: (time) => privacyRoutes({ service, cipher, profile, catalogue: deps.catalogue, retention, time }),
    forChats: (complaints) => hideRestrictedTickets(complaints, stores.tickets),
    restrictedGate: (kind, time) => restrictedPagesGate(kind, restrictions, audit, time),
    apiGate: (auth) => restrictedApiGate(restrictions, auth),
    jobs: [new TicketRetention({ tickets: stores.tickets, days: env.RETENTION_TICKET_DAYS, clock, logger: deps.logger }).job(env.RETENTION_CRON, profile.office.timeZone)],
  };
}
