/**
 * What a feature module receives from the composition root (service.ts) and gives back:
 * its HTTP routers and its scheduled jobs. Modules never build their own infrastructure.
 */
import type { Router } from 'express';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { AgencyProfile } from './agency/profile-schema';
import type { PiiCipher } from './applications/pii-crypto';
import type { Clock } from './calendar/clock';
import type { HolidayCalendar } from './calendar/holiday-tables';
import type { OfficeCalendar } from './calendar/working-days';
import type { PhoneChats } from './channels/port';
import type { Env } from './config/env';
import type { Catalogue } from './conversation/catalogue';
import type { Outbox } from './conversation/outbox';
import type { ScheduleService } from './conversation/services';
import type { ApiAuthOptions } from './http/api-auth';
import type { JobScheduler, ScheduledJob } from './jobs/scheduler';
import type { AuditLog } from './staff/audit-log';

export interface ModuleDeps {
  env: Env;
  /** Which chat reaches a phone number (the channel port); features never read transport settings. */
  chats: PhoneChats;
  connection: Connection;
  profile: AgencyProfile;
  calendar: OfficeCalendar;
  holidays: HolidayCalendar;
  schedule: ScheduleService;
  catalogue: Catalogue;
  outbox: Outbox;
  cipher: PiiCipher;
  auth: ApiAuthOptions;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
}

export interface FeatureModule {
  routers: { path: string; router: Router }[];
  jobs: ScheduledJob[];
}

export type { JobScheduler };
