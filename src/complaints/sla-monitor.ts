/**
 * The SLA monitor (a node-cron job): unanswered tickets with less than one working day left
 * get a reminder to their officer (all officers while unassigned); overdue ones are marked
 * and escalated to supervisors. Every alert is claimed on the ticket before it is sent, so it
 * goes out once across restarts and concurrent instances; a lease keeps two instances from
 * scanning at the same moment.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import { WEEKDAYS, type AgencyProfile } from '../agency/profile-schema';
import type { Clock } from '../calendar/clock';
import { formatDateTimeId } from '../calendar/format-id';
import type { OfficeCalendar } from '../calendar/working-days';
import type { Catalogue } from '../conversation/catalogue';
import type { AuditLog } from '../staff/audit-log';
import type { AlertDispatcher } from './alert-dispatch';
import type { AlertRecipient, AlertRecipients } from './alerts';
import type { LeaseStore } from './lease';
import { isPastDue } from './overdue';
import type { TicketDoc } from './ticket';
import type { TicketStore } from './ticket-store';

const LEASE_NAME = 'complaints-sla-monitor';
const LEASE_MS = 5 * 60_000;
/** Far enough ahead to cover the longest holiday stretch before a deadline (Idul Fitri). */
const LOOKAHEAD_MS = 14 * 24 * 3_600_000;
const SYSTEM = { id: 'sla-monitor', name: 'Pemantau SLA' };

export interface SlaMonitorDeps {
  store: TicketStore;
  leases: LeaseStore;
  alerts: AlertDispatcher;
  recipients: () => AlertRecipients;
  calendar: OfficeCalendar;
  profile: AgencyProfile;
  catalogue: Catalogue;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  /** Names this instance in the lease; random by default. */
  instanceId?: string;
  /** How long a scan may hold the lease (5 minutes); a scan outliving it may overlap another. */
  leaseMs?: number;
}

export interface MonitorRun {
  /** False when another instance held the lease. */
  ran: boolean;
  reminders: string[];
  escalations: string[];
}

export class SlaMonitor {
  private readonly instanceId: string;

  constructor(private readonly deps: SlaMonitorDeps) {
    this.instanceId = deps.instanceId ?? randomUUID();
  }

  async runOnce(): Promise<MonitorRun> {
    const { leases, store, clock } = this.deps;
    const started = clock.now();
    const result: MonitorRun = { ran: false, reminders: [], escalations: [] };
    if (!(await leases.acquire(LEASE_NAME, this.instanceId, started, this.deps.leaseMs ?? LEASE_MS))) return result;
    result.ran = true;
    try {
      const now = clock.now();
      for (const ticket of await store.alertCandidates(new Date(now.getTime() + LOOKAHEAD_MS))) {
        if (isPastDue(ticket.responseDueAt, now)) {
          if (!ticket.alerts.escalatedAt && (await this.escalate(ticket, now))) result.escalations.push(ticket.number);
        } else if (!ticket.alerts.reminderSentAt && this.lessThanOneWorkingDayLeft(ticket.responseDueAt, now)) {
          if (await this.remind(ticket, now)) result.reminders.push(ticket.number);
        }
      }
    } finally {
      await leases.release(LEASE_NAME, this.instanceId, clock.now());
    }
    if (result.reminders.length || result.escalations.length) this.deps.logger.info({ reminders: result.reminders, escalations: result.escalations }, 'SLA monitor sent alerts');
    return result;
  }

  /** From the close of the working day before the deadline's day onwards. */
  private lessThanOneWorkingDayLeft(dueAt: Date, now: Date): boolean {
    return this.deps.calendar.workingHoursBetween(now, dueAt) <= this.workingDayHours(dueAt);
  }

  private workingDayHours(at: Date): number {
    const local = DateTime.fromJSDate(at, { zone: this.deps.profile.office.timeZone });
    const hours = this.deps.profile.office.hours.weekly[WEEKDAYS[local.weekday - 1]];
    if (!hours) return 8;
    const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
    return (minutes(hours.close) - minutes(hours.open)) / 60;
  }

  private async remind(ticket: TicketDoc, now: Date): Promise<boolean> {
    const { store, alerts, catalogue, audit } = this.deps;
    const claimed = await store.claimReminder(ticket.number, now);
    if (!claimed) return false;
    const officers = await this.deps.recipients().officers();
    const assignee = claimed.assignee;
    const theirs = assignee ? officers.filter((o) => o.id === assignee.id) : officers;
    // An assignee missing from the recipients list still gets the alert on the dashboard.
    const recipients: AlertRecipient[] = assignee && theirs.length === 0 ? [{ id: assignee.id, name: assignee.name, phone: null }] : theirs;
    await alerts.raise({
      key: `reminder:${claimed.number}`,
      kind: 'reminder',
      ticketNumber: claimed.number,
      text: catalogue.render('complaint_alert.reminder', { number: claimed.number, due: this.format(claimed.responseDueAt) }),
      recipients,
      at: now,
    });
    await audit.record(SYSTEM, 'ticket.reminder_sent', `ticket:${claimed.number}`, { recipients: recipients.map((r) => r.id) });
    return true;
  }

  private async escalate(ticket: TicketDoc, now: Date): Promise<boolean> {
    const { store, alerts, catalogue, audit } = this.deps;
    const claimed = await store.claimEscalation(ticket.number, now);
    if (!claimed) return false;
    const supervisors = await this.deps.recipients().supervisors();
    await alerts.raise({
      key: `escalation:${claimed.number}`,
      kind: 'escalation',
      ticketNumber: claimed.number,
      text: catalogue.render('complaint_alert.escalation', {
        number: claimed.number,
        due: this.format(claimed.responseDueAt),
        assignee: claimed.assignee?.name ?? catalogue.render('complaint_alert.unassigned'),
      }),
      recipients: supervisors,
      at: now,
    });
    await audit.record(SYSTEM, 'ticket.escalated', `ticket:${claimed.number}`, { recipients: supervisors.map((r) => r.id) });
    return true;
  }

  private format(at: Date): string {
    return formatDateTimeId(at, this.deps.profile.office.timeZone);
  }
}
