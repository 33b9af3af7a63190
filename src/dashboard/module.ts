/**
 * The staff dashboard: server-rendered pages under /dashboard (sign-in, inbox, tickets,
 * applications, reports, users, WhatsApp link, data-subject requests, one's own password),
 * their live-update stream, and the handoff JSON API under /api/v1/handoffs. Every page passes
 * the sign-in gate and its section's role check on the server; every form carries the
 * session's CSRF token.
 */
import type { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { Router, type RequestHandler } from 'express';
import type { AgencyProfile } from '../agency/profile-schema';
import type { AttachmentStore } from '../attachments';
import { FileViewAudit } from '../staff/view-audit';
import type { PiiCipher } from '../applications/pii-crypto';
import type { OfficeCalendar } from '../calendar/working-days';
import type { ComplaintDesk } from '../complaints/complaint-desk';
import type { TicketStore } from '../complaints/ticket-store';
import type { PhoneChats } from '../channels/port';
import type { Clock } from '../calendar/clock';
import type { Catalogue } from '../conversation/catalogue';
import type { MessageLog } from '../conversation/message-log';
import type { Outbox } from '../conversation/outbox';
import type { CannedReplyStore } from '../handoff/canned-reply-store';
import type { ContactNotes } from '../handoff/contact-notes-store';
import { handoffApiRoutes } from '../handoff/handoff-routes';
import type { UndeliveredStore } from '../handoff/undelivered-store';
import type { Handoffs } from '../handoff/handoff-service';
import type { ApiAuthOptions } from '../http/api-auth';
import type { PrivacyModule } from '../privacy';
import type { AuditLog } from '../staff/audit-log';
import type { StaffModule } from '../staff/module';
import { accountRoutes } from './account/password-routes';
import { cannedRoutes } from './admin/canned-routes';
import { userRoutes } from './admin/users-routes';
import type { ApplicationPagesPort } from './applications/application-port';
import { applicationRoutes } from './applications/application-routes';
import { whatsappRoutes, type WhatsappLink } from './admin/whatsapp-page';
import { CLIENT_SCRIPT } from './assets/client-script';
import { dashboardErrors, dashboardNotFound } from './error-page';
import { section, signedInOnly } from './guard';
import { shownHistory } from './inbox/confidential-history';
import { namesFor, type ContactDeps } from './inbox/contact';
import type { TargetSources } from './reports/activity-targets';
import { deskRoutes } from './inbox/desk-routes';
import { inboxRoutes } from './inbox/inbox-routes';
import { LiveEvents } from './live-events';
import { loginRoutes } from './login/login-routes';
import { canOpen, homeFor } from './nav';
import { channelTrouble } from './channel-health';
import { InboxSignals } from './inbox/inbox-signals';
import { ActivityStore } from './reports/activity-store';
import { activityRoutes } from './reports/activity-routes';
import { monthlyRoutes } from './reports/monthly-routes';
import { reportRoutes } from './reports/reports-routes';
import { ticketReportSource } from './tickets/ticket-report-source';
import { dueWithinAWorkingDay } from './tickets/due-soon';
import { ticketRoutes } from './tickets/ticket-routes';
import type { TimeFormat } from './time';

const TICKET_NUMBER = /\bADU-[A-Z]{2,5}-\d{4}-\d{4,}\b/;

export interface DashboardDeps {
  /** Which chat reaches a phone number (the channel port). */
  chats: PhoneChats;
  profile: AgencyProfile;
  calendar: OfficeCalendar;
  cipher: PiiCipher;
  catalogue: Catalogue;
  clock: Clock;
  audit: AuditLog;
  auth: ApiAuthOptions;
  staff: StaffModule;
  handoffs: Handoffs;
  messageLog: MessageLog;
  outbox: Outbox;
  /** The desk's own records: staff notes on contacts, failed chats and resends, canned replies. */
  desk: { notes: ContactNotes; undelivered: UndeliveredStore; canned: CannedReplyStore };
  /** The files people sent, shown in the inbox chat and on their complaint's ticket (src/attachments). */
  attachments?: Pick<AttachmentStore, 'forChat' | 'open' | 'byIds'>;
  /** The WhatsApp transport when enabled (read on each request: it may start after the routes). */
  whatsapp?: () => WhatsappLink | null | undefined;
  /** The complaints module's desk and store; without them the ticket pages are not mounted. */
  tickets?: { desk: ComplaintDesk; store: TicketStore; events?: EventEmitter } | null;
  /** The applications module's use cases; without them the application pages are not mounted. */
  applications?: ApplicationPagesPort | null;
  /** Data-subject requests (src/privacy); without it the admin page is not mounted. */
  privacy?: Pick<PrivacyModule, 'pages' | 'restrictedGate'> | null;
}

export interface Dashboard {
  routers: { path: string; router: Router }[];
  live: LiveEvents;
}

export function createDashboard(deps: DashboardDeps): Dashboard {
  const { profile, staff, handoffs } = deps;
  const officeName = profile.office.shortName;
  const now = () => deps.clock.now();
  const time: TimeFormat = { tz: profile.office.timeZone, now };
  // One memory of file views for the inbox and the ticket pages (src/staff/view-audit.ts).
  const fileViews = new FileViewAudit(deps.audit, deps.clock);
  const live = new LiveEvents(staff.http);
  // Events name a chat by its opaque ref, as the page's regions do (data-live-chat), never by its number.
  live.forward(handoffs, 'changed', 'handoff', (e) => ({ chat: handoffs.refOf(e.chatKey), status: e.status }));
  live.forward(handoffs, 'message', 'message', (e) => ({ chat: handoffs.refOf(e.chatKey) }));
  live.forward(deps.outbox, 'sent', 'message', (e) => ({ chat: handoffs.refOf(e.chatKey) }));

  const css = fs.readFileSync(path.join(__dirname, 'assets', 'dashboard.css'), 'utf8');
  const router = Router();
  router.get('/assets/dashboard.css', (_req, res) => void res.type('css').set('Cache-Control', 'no-cache').send(css));
  // Chart.js from the installed package (offices may be offline: never a CDN), read once.
  const chartJs = fs.readFileSync(path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
  router.get('/assets/chart.umd.min.js', (_req, res) => void res.type('js').set('Cache-Control', 'public, max-age=86400').send(chartJs));
  router.get('/assets/dashboard.js', (_req, res) => void res.type('js').set('Cache-Control', 'no-cache').send(CLIENT_SCRIPT));
  // Pages show NIKs, names and chats: never kept by the browser, so Back after sign-out shows nothing.
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(loginRoutes({ staff, officeName, timeZone: profile.office.timeZone, now }));

  const signals = new InboxSignals(handoffs, deps.messageLog);
  signals.watch(handoffs, ['changed', 'message']);
  // Only a person's reply answers a chat; the bot's many messages leave the count as it is.
  signals.watch(deps.outbox, ['sent'], (e) => e?.source === 'staff');
  /** What every page's top bar shows beside the menu: the inbox count and the WhatsApp link's trouble. */
  const deskState: RequestHandler = async (req, _res, next) => {
    const ctx = req.dash!.ctx;
    if (canOpen(ctx.actor, 'inbox')) ctx.inboxWaiting = await signals.chatsWaitingForAnswer();
    ctx.channelTrouble = channelTrouble(deps.whatsapp?.()?.state().status);
    next();
  };
  const withDeskState = (inner: RequestHandler): RequestHandler => (req, res, next) =>
    inner(req, res, (err?: unknown) => (err ? next(err) : void Promise.resolve(deskState(req, res, next)).catch(next)));
  const gate = withDeskState(signedInOnly(staff.http, officeName, now));
  // The failed-messages page reads the outbox's failed entries itself (Outbox.failedSince).
  const contact: ContactDeps = {
    cipher: deps.cipher, notes: deps.desk.notes, outbox: deps.outbox, undelivered: deps.desk.undelivered,
    applications: deps.applications?.records ?? null, tickets: deps.tickets?.store ?? null,
  };
  router.get('/', gate, (req, res) => {
    const home = homeFor(req.dash!.who.actor);
    if (!home) return res.status(403).type('html').send('Akun Anda belum memiliki peran. Hubungi admin.');
    res.redirect(303, home);
  });
  router.get('/events', gate, (req, res) => live.stream(req, res));
  router.use('/inbox', gate, section('inbox'), deskRoutes({ handoffs, outbox: deps.outbox, notes: deps.desk.notes, undelivered: deps.desk.undelivered, applications: contact.applications, users: staff.users, audit: deps.audit, time }));
  router.use('/inbox', gate, section('inbox'), inboxRoutes({ handoffs, signals, messageLog: deps.messageLog, users: staff.users, audit: deps.audit, catalogue: deps.catalogue, canned: deps.desk.canned, time, officeShortName: officeName, contact, attachments: deps.attachments, fileViews }));
  // A record restricted at the person's request opens for admins only (src/privacy).
  const restricted = (kind: 'ticket' | 'application'): RequestHandler => deps.privacy?.restrictedGate(kind, time) ?? ((_req, _res, next) => next());
  const { tickets } = deps;
  if (tickets) {
    router.use('/tickets', gate, section('tickets'), restricted('ticket'), ticketRoutes({ ...tickets, dueSoon: dueWithinAWorkingDay(deps.calendar, profile.office), cipher: deps.cipher, audit: deps.audit, directory: staff.directory, catalogue: deps.catalogue, chats: deps.chats, time, attachments: deps.attachments, handoffs, fileViews }));
    if (tickets.events) live.forward(tickets.events, 'alert', 'ticket', (a) => ({ ticketNumber: a?.ticketNumber ?? null }));
    // The complaints module announces no new ticket, but every ticket filed on WhatsApp is
    // answered with its number: that message leaving is the signal to refresh the ticket list.
    live.forward(deps.outbox, 'sent', 'ticket', (e) => {
      const number = TICKET_NUMBER.exec(typeof e?.text === 'string' ? e.text : '');
      return number ? { ticketNumber: number[0] } : null;
    });
  }
  if (deps.applications) {
    const uploadGate = withDeskState(signedInOnly(staff.http, officeName, now, { deferCsrf: true }));
    const applicationsGate: RequestHandler = (req, res, next) => (req.method === 'POST' && req.path === '/import' ? uploadGate : gate)(req, res, next);
    router.use('/applications', applicationsGate, section('applications'), restricted('application'), applicationRoutes({ ...deps.applications, profile, users: staff.users, time }));
  }
  const ticketReports = tickets ? ticketReportSource({ store: tickets.store, calendar: deps.calendar, tz: time.tz }) : null;
  const activity = new ActivityStore(deps.audit);
  const activityTargets: TargetSources = {
    audit: deps.audit,
    users: staff.users,
    handoffsBetween: (a, b) => handoffs.requestedBetween(a, b),
    phoneNames: (phones) => namesFor(contact, phones),
    applicationLabels: deps.applications ? (ids) => deps.applications!.records.labels(ids) : undefined,
  };
  router.use('/reports/activity', gate, section('reports'), activityRoutes({ activity, targets: activityTargets, time }));
  router.use('/reports', gate, section('reports'), monthlyRoutes({ activity, tickets: ticketReports, handoffsBetween: (a, b) => handoffs.requestedBetween(a, b), officeName: profile.office.name, time }));
  router.use('/reports', gate, section('reports'), reportRoutes({ handoffs, tickets: ticketReports, time }));
  router.use('/admin/users', gate, section('users'), userRoutes({ users: staff.users, sessions: staff.sessions, audit: deps.audit, time, auth: staff.auth, targets: activityTargets }));
  router.use('/admin/canned', gate, section('canned'), cannedRoutes({ store: deps.desk.canned, catalogue: deps.catalogue, audit: deps.audit, time }));
  router.use('/admin/whatsapp', gate, section('whatsapp'), whatsappRoutes({ link: deps.whatsapp ?? (() => null), audit: deps.audit, time }));
  if (deps.privacy) router.use('/admin/privacy', gate, section('privacy'), deps.privacy.pages(time));
  // Every signed-in person, whatever the role: their own password.
  router.use('/account', gate, accountRoutes({ staff, timeZone: profile.office.timeZone }));
  router.use(gate, dashboardNotFound);
  router.use(dashboardErrors);

  return {
    live,
    routers: [
      { path: '/dashboard', router },
      { path: '/api/v1/handoffs', router: handoffApiRoutes({ handoffs, history: (h, viewer) => shownHistory({ messageLog: deps.messageLog, contact }, h, viewer), audit: deps.audit, auth: deps.auth }) },
    ],
  };
}
