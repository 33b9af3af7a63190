/**
 * The composition root: builds the whole service from validated configuration — database,
 * office profile and calendar, conversation engine, channels, feature modules, HTTP app and
 * jobs — and knows how to take it down again. main.ts, the demo and the tests all use it.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Server } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { loadOfficeConfig } from './agency/office-config';
import { FLOW_INTENTS, FLOW_LIST } from '../flows';
import { loadUnderstanding } from './understanding';
import type { AgencyProfile } from './agency/profile-schema';
import { createApplicationsModule } from './applications/module';
import { createIdentityService } from './applications/identity-service';
import { createPiiCipher } from './applications/pii-crypto';
import { systemClock, type Clock } from './calendar/clock';
import { createScheduleService } from './calendar/schedule-service';
import type { OfficeCalendar } from './calendar/working-days';
import { ChannelRegistry } from './channels/port';
import { simulatorRoutes } from './channels/simulator/routes';
import { SimulatorChannel } from './channels/simulator/simulator-channel';
import { createWhatsAppTransport, type WhatsAppTransport } from './channels/whatsapp';
import { createCloudTransport, type CloudTransport } from './channels/cloud';
import { createComplaintsModule } from './complaints/module';
import type { Env } from './config/env';
import type { Catalogue } from './conversation/catalogue';
import { ConversationEngine } from './conversation/engine';
import { checkFlowWordSets } from './conversation/flow-word-sets';
import { CHANNEL_NAMES, chatKey } from './conversation/inbound';
import { MessageLog } from './conversation/message-log';
import { Outbox } from './conversation/outbox';
import { Router } from './conversation/router';
import { SessionStore } from './conversation/session-store';
import { openDatabase, type Database } from './db/connection';
import { Handoffs } from './handoff/handoff-service';
import type { ApiAuthOptions } from './http/api-auth';
import { createHttpApp, type ReadinessCheck } from './http/app';
import { cookieWarnings } from './staff/cookie-settings';
import { JobScheduler, type ScheduledJob } from './jobs/scheduler';
import { RetentionStore } from './jobs/retention-store';
import type { FeatureModule, ModuleDeps } from './module';
import { AuditLog } from './staff/audit-log';
import { createStaffModule, type StaffModule } from './staff/module';
import { createDashboard } from './dashboard/module';
import { ContactNotes } from './handoff/contact-notes-store';
import { UndeliveredStore } from './handoff/undelivered-store';
import { CannedReplyStore } from './handoff/canned-reply-store';
import { createPrivacyModule } from './privacy';
import { AttachmentIntake, AttachmentStore, attachmentRetentionJob } from './attachments';

export interface ServiceOptions {
  env: Env;
  logger: Logger;
  clock?: Clock;
  /** Use this database instead of MONGODB_URI / a new embedded engine (tests share one engine). */
  databaseUri?: string;
}

export interface Service {
  env: Env;
  profile: AgencyProfile;
  calendar: OfficeCalendar;
  catalogue: Catalogue;
  db: Database;
  engine: ConversationEngine;
  outbox: Outbox;
  handoffs: Handoffs;
  /** Staff accounts, dashboard sessions, sign-in lockout and the alert directory. */
  staff: StaffModule;
  simulator: SimulatorChannel | null;
  /** The WhatsApp link (state, pairing QR code, admin alerts) for the dashboard; null when WHATSAPP_ENABLED is false. */
  whatsapp: WhatsAppTransport | null;
  /** The WhatsApp Cloud API transport when WHATSAPP_TRANSPORT=cloud (its webhook is mounted at /webhooks/whatsapp). */
  cloud: CloudTransport | null;
  channels: ChannelRegistry;
  modules: ModuleDeps;
  jobs: ScheduledJob[];
  app: ReturnType<typeof createHttpApp>;
  /** Starts the outbox poller, the scheduled jobs and the WhatsApp link. */
  startBackground(): void;
  listen(port: number, host?: string): Promise<{ port: number; server: Server }>;
  close(): Promise<void>;
}

/** Outside production a missing key is generated once and kept under DATA_DIR, so data stays readable across restarts. */
function encryptionKey(env: Env, logger: Logger): string {
  if (env.DATA_ENCRYPTION_KEY) return env.DATA_ENCRYPTION_KEY;
  const file = path.join(env.DATA_DIR, 'dev-encryption.key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const key = crypto.randomBytes(32).toString('hex');
  fs.mkdirSync(env.DATA_DIR, { recursive: true });
  fs.writeFileSync(file, key, { mode: 0o600 });
  logger.warn({ file }, 'DATA_ENCRYPTION_KEY is not set: generated a development key (never do this in production)');
  return key;
}

/** Resolves true when `work` finished within `ms`, false when the deadline came first (the work is left running). */
async function withinDeadline(ms: number, work: () => Promise<void>): Promise<boolean> {
  const deadline = new AbortController();
  try {
    return await Promise.race([work().then(() => true), delay(ms, false, { ref: false, signal: deadline.signal })]);
  } finally {
    deadline.abort();
  }
}

export async function createService(options: ServiceOptions): Promise<Service> {
  const { env, logger } = options;
  const clock = options.clock ?? systemClock;
  const { profile, catalogue, holidays, calendar, profileFile } = loadOfficeConfig(env.FLOWS_DIR, env.AGENCY);
  const understanding = await loadUnderstanding({ flowsDir: env.FLOWS_DIR, flowIntents: FLOW_INTENTS, officeUtterances: profile.utterances, officeFile: profileFile });
  checkFlowWordSets(FLOW_LIST, understanding, env.FLOWS_DIR);
  const cipher = createPiiCipher(encryptionKey(env, logger));

  const db = await openDatabase({ uri: options.databaseUri ?? env.MONGODB_URI, embeddedPort: env.EMBEDDED_MONGO_PORT, logger });
  const { connection } = db;

  const channels = new ChannelRegistry();
  const messageLog = new MessageLog(connection, cipher);
  const outbox = new Outbox(connection, { channels, messageLog, clock, logger, cipher });
  const handoffs = new Handoffs(connection, {
    outbox, catalogue, clock, calendar,
    idleHours: env.HANDOFF_IDLE_HOURS,
    unclaimedMinutes: env.HANDOFF_UNCLAIMED_MINUTES,
    contact: profile.office.phone ?? profile.office.whatsapp ?? profile.office.address,
    cipher,
  });
  // Chat keys carry phone numbers: the audit log keeps them as a keyed hash.
  const audit = new AuditLog(connection, clock, (chat) => cipher.hash(`audit-chat:${chat}`).slice(0, 32));
  const schedule = createScheduleService(profile, calendar);
  const secureCookies = env.COOKIE_SECURE ?? env.NODE_ENV === 'production';
  for (const warning of cookieWarnings(env, secureCookies)) logger.warn({ COOKIE_SECURE: env.COOKIE_SECURE ?? null, TRUST_PROXY: env.TRUST_PROXY }, warning);
  const staff = createStaffModule({ connection, clock, audit, cipher, secureCookies });
  const auth: ApiAuthOptions = { apiToken: env.ADMIN_API_TOKEN, sessionUser: staff.http.sessionUser };

  const modules: ModuleDeps = { env, chats: channels, connection, profile, calendar, holidays, schedule, catalogue, outbox, cipher, auth, audit, clock, logger };
  const applications = createApplicationsModule(modules, { recipients: staff.directory });
  // Files applicants send, kept sealed with their chat and fetched through the channel they came on; a complaint's become its ticket's.
  const attachments = new AttachmentStore(connection, cipher);
  const complaints = createComplaintsModule(modules, { assignees: staff.directory, files: attachments });
  // SLA reminders and escalations reach officers' and supervisors' WhatsApp numbers.
  complaints.setAlertRecipients(staff.directory);
  const features: FeatureModule[] = [applications, complaints];

  const sessions = new SessionStore(connection, cipher);
  const intake = new AttachmentIntake({ store: attachments, channel: (name) => channels.get(name), logger, settings: { fetchTimeoutMs: Math.round(env.MEDIA_FETCH_TIMEOUT_SECONDS * 1000) } });
  const desk = { notes: new ContactNotes(connection, cipher), undelivered: new UndeliveredStore(connection, cipher), canned: new CannedReplyStore(connection) };
  // Data-subject requests work on the engine's own stores, so an erasure is seen by its caches.
  const privacy = createPrivacyModule(modules, {
    sessions, messageLog, handoffs, tickets: complaints.store, notes: desk.notes, undelivered: desk.undelivered, files: attachments,
    ticketsChanged: () => engine.complaintsChanged(),
  });
  const engine = new ConversationEngine({
    profile,
    catalogue,
    understanding,
    ackMinutes: env.HANDOFF_ACK_MINUTES,
    unclaimedMinutes: env.HANDOFF_UNCLAIMED_MINUTES,
    router: new Router({ flows: FLOW_LIST, idleMinutes: env.SESSION_IDLE_MINUTES }),
    sessions,
    messageLog,
    outbox,
    handoff: handoffs,
    handoffChanges: handoffs,
    attachments: intake,
    clock,
    logger,
    services: {
      identity: createIdentityService(cipher),
      schedule,
      applications: applications.service,
      complaints: privacy.forChats(complaints.service),
      handoff: handoffs,
      notifications: applications.notifications,
    },
  });

  complaints.desk.onChange = () => engine.complaintsChanged(); // a ticket may now wait on its complainant
  let simulator: SimulatorChannel | null = null;
  // Before the feature routers: a restricted ticket or application is for admins only, by any address.
  const routers = [{ path: '/api/v1', router: privacy.apiGate(auth) }, ...features.flatMap((f) => f.routers)];
  if (env.SIMULATOR_ENABLED) {
    simulator = new SimulatorChannel(() => clock.now());
    channels.register(simulator);
    routers.push({ path: '/simulator', router: simulatorRoutes({ engine, channel: simulator, now: () => clock.now() }) });
  }
  const cloud = env.WHATSAPP_ENABLED && env.WHATSAPP_TRANSPORT === 'cloud'
    ? createCloudTransport({
        env, officeName: profile.office.name, connection, logger, now: () => clock.now(), cipher,
        receive: (m) => engine.receive(m),
        windowOpened: (chat) => outbox.wake(chatKey(chat)),
        recordDelivery: (report) => outbox.recordDelivery(report),
      })
    : null;
  if (cloud) channels.register(cloud);
  const whatsapp = env.WHATSAPP_ENABLED && !cloud
    ? createWhatsAppTransport({ env, logger, receive: (m) => engine.receive(m), connection, timeZone: profile.office.timeZone })
    : null;
  if (whatsapp) channels.register(whatsapp);
  routers.push(
    ...createDashboard({
      chats: channels, profile, calendar, cipher, catalogue, clock, audit, auth, staff, handoffs, messageLog, outbox,
      tickets: { desk: complaints.desk, store: complaints.store, events: complaints.alerts },
      applications: { records: applications.records, importCsv: applications.importCsv },
      desk,
      attachments,
      whatsapp: () => channels.link('whatsapp'),
      privacy,
    }).routers,
  );

  const readiness: ReadinessCheck[] = [{ name: 'database', check: async () => ({ ok: await db.ping() }) }];
  if (whatsapp) readiness.push(whatsapp.readiness());
  if (cloud) readiness.push(cloud.readiness());
  const app = createHttpApp({ logger, routers, readiness, rawRouters: cloud ? [cloud.webhook] : [], trustProxy: env.TRUST_PROXY });

  const jobs: ScheduledJob[] = [
    ...features.flatMap((f) => f.jobs),
    { name: 'handoff-idle-release', schedule: '*/5 * * * *', timeZone: profile.office.timeZone, run: async () => void (await handoffs.releaseIdle()) },
    { name: 'handoff-unclaimed-release', schedule: '*/5 * * * *', timeZone: profile.office.timeZone, run: async () => void (await handoffs.releaseUnclaimed()) },
    new RetentionStore(connection, {
      clock, logger,
      days: { outbox: env.RETENTION_OUTBOX_DAYS, audit: env.RETENTION_AUDIT_DAYS, handoffs: env.RETENTION_HANDOFF_DAYS, alerts: env.RETENTION_ALERT_DAYS },
    }).job(env.RETENTION_CRON, profile.office.timeZone),
    attachmentRetentionJob(attachments, { days: env.RETENTION_CHAT_DAYS, clock, logger, schedule: env.RETENTION_CRON, timeZone: profile.office.timeZone }),
    ...privacy.jobs,
  ];
  // Index builds finish before the service takes traffic: unique indexes are what dedupe and
  // ticket numbering rely on, and a build still running when the database drops would fail unseen.
  await Promise.all(Object.values(connection.models).map((model) => model.init()));
  // The configured lifetimes of chat history and sessions, applied to the existing TTL indexes too.
  const ttl = await Promise.all([messageLog.keepFor(env.RETENTION_CHAT_DAYS), sessions.keepFor(env.RETENTION_SESSION_DAYS)]);
  if (ttl.includes('updated')) logger.info({ RETENTION_CHAT_DAYS: env.RETENTION_CHAT_DAYS, RETENTION_SESSION_DAYS: env.RETENTION_SESSION_DAYS }, 'retention of chat history or sessions changed: TTL index updated');
  // Sessions and handoffs written before their chat keys were hashed are converted before the
  // first message (open handoffs stay open); the Cloud intake converts its own on first use.
  const [legacySessions, legacyHandoffs] = await Promise.all([sessions.migrateLegacy(clock.now()), handoffs.migrateLegacy()]);
  if (legacySessions + legacyHandoffs > 0) logger.info({ sessions: legacySessions, handoffs: legacyHandoffs }, 'records from before hashing converted');
  // Then handoffs from before the last-digits hash get it (a search finds records only by it).
  const tails = await handoffs.backfillPhoneTails();
  if (tails > 0) logger.info({ handoffs: tails }, 'handoffs given the hash of their last digits');
  const scheduler = new JobScheduler(logger);
  const servers: Server[] = [];

  return {
    env, profile, calendar, catalogue, db, engine, outbox, handoffs, staff, simulator, channels, modules, jobs, app,
    whatsapp,
    cloud,
    startBackground() {
      outbox.start();
      scheduler.start(jobs);
      whatsapp?.start();
      cloud?.start();
    },
    listen(port, host = '0.0.0.0') {
      return new Promise((resolve, reject) => {
        const server = app.listen(port, host, (err?: Error) => {
          if (err) return reject(err);
          servers.push(server);
          const address = server.address();
          resolve({ port: typeof address === 'object' && address ? address.port : port, server });
        });
      });
    },
    async close() {
      // 1. Intake stops: no new HTTP requests (simulator, webhooks, dashboard); webhook events
      // already answered 200 are handled first (Meta will not resend them); then the engine
      // refuses new messages (WhatsApp catches unread ones up after the restart) and no
      // scheduled job starts again.
      const serversClosed = servers.map((s) => new Promise<void>((r) => s.close(() => r())));
      for (const s of servers) s.closeIdleConnections();
      if (cloud) await cloud.idle();
      engine.stopIntake();
      await scheduler.stop();
      // 2. Messages already taken finish their step, then 3. their replies (and anything else
      // queued) leave — bounded, so a channel that hangs cannot hold the process forever.
      outbox.stop();
      const drained = await withinDeadline(env.SHUTDOWN_DRAIN_SECONDS * 1000, async () => {
        await engine.close();
        await outbox.idle();
      });
      if (!drained) logger.warn({ seconds: env.SHUTDOWN_DRAIN_SECONDS }, 'shutdown: outbox not drained in time; what is left is sent after the restart');
      // 4. Only now the transports, then 5. the database.
      for (const name of CHANNEL_NAMES) await channels.get(name)?.close?.();
      for (const s of servers) s.closeAllConnections();
      await Promise.all(serversClosed);
      await db.close();
    },
  };
}
