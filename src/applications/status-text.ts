/**
 * What an applicant reads about their application — in the cek hasil answer and in the
 * notifications: the office's own wording of the status (label, meaning, next step), the
 * decision details, the next date that matters, and what to bring. Words: flows/messages.yaml.
 */
import type { AgencyProfile, StatusCode } from '../agency/profile-schema';
import { ZONE_ABBREVIATIONS } from '../calendar/format-id';
import { isoToDate } from '../calendar/local-date';
import type { Catalogue } from '../conversation/catalogue';
import type { ScheduleService } from '../conversation/services';
import type { Application, Visit } from './application-types';
import { maskNik } from './nik';
import type { PiiCipher } from './pii-crypto';

export interface StatusTextDeps {
  profile: AgencyProfile;
  catalogue: Catalogue;
  schedule: ScheduleService;
  cipher: PiiCipher;
}

export type StatusText = ReturnType<typeof createStatusText>;

export function createStatusText({ profile, catalogue, schedule, cipher }: StatusTextDeps) {
  const t = (key: string, vars?: Record<string, string | number>) => catalogue.render(key, vars);
  const tz = profile.office.timeZone;
  const day = (iso: string) => schedule.formatDate(isoToDate(iso, tz));

  function wording(status: StatusCode) {
    return profile.statuses[status] ?? { label: status.replace(/_/g, ' '), meaning: t('application.status_fallback'), next: t('application.next_fallback') };
  }

  function timeWindow(visit: Visit): string {
    const [from, to] = visit.timeWindow.split('-').map((hhmm) => hhmm.replace(':', '.'));
    return t('application.time_window', { from, to, zone: ZONE_ABBREVIATIONS[tz] });
  }

  function decisionLines(app: Application): string[] {
    const lines: string[] = [];
    const d = app.decision;
    if (app.status === 'tidak_layak' && d?.outcome === 'not_eligible') lines.push(t('application.reason', { reason: d.reason }));
    if (app.status === 'ditolak' && app.rejectionReason) lines.push(t('application.reason', { reason: app.rejectionReason }));
    if (app.status === 'daftar_tunggu' && d?.outcome === 'waiting_list') {
      lines.push(
        d.quotaPeriod
          ? t('application.waiting_position_period', { position: d.position, period: d.quotaPeriod })
          : t('application.waiting_position', { position: d.position }),
      );
    }
    if (app.funding && ['layak', 'daftar_tunggu', 'diusulkan', 'aktif'].includes(app.status)) lines.push(t('application.funding', { funding: app.funding }));
    if (app.proposalBatchDate && ['diusulkan', 'aktif'].includes(app.status)) lines.push(t('application.proposal_batch', { date: day(app.proposalBatchDate) }));
    if (app.bpjsActivationDate && app.status === 'aktif') lines.push(t('application.activation_date', { date: day(app.bpjsActivationDate) }));
    if (app.status === 'nonaktif' && app.deactivationReason) lines.push(t('application.deactivation_reason', { reason: app.deactivationReason }));
    return lines;
  }

  /** The one date that tells the applicant when something happens next. */
  function dateLines(app: Application, now: Date): string[] {
    const lines: string[] = [];
    const visitAhead = app.visit && ['diterima', 'menunggu_verifikasi', 'verifikasi_dijadwalkan'].includes(app.status);
    if (visitAhead && app.visit) lines.push(visitLine(app.visit));
    if (['diterima', 'menunggu_verifikasi'].includes(app.status) && !visitAhead) {
      const processing = schedule.nextProcessingDate(now);
      if (processing) lines.push(t('application.processing', { date: schedule.formatDate(processing) }));
    }
    if (['layak', 'daftar_tunggu', 'diusulkan'].includes(app.status)) {
      const activation = schedule.nextActivationDate(now);
      if (activation) lines.push(t('application.activation_next', { date: schedule.formatDate(activation) }));
    }
    if (app.status === 'daftar_tunggu') {
      const reconciliation = schedule.reconciliationDate(now);
      if (reconciliation) lines.push(t('application.reconciliation', { date: schedule.formatDate(reconciliation) }));
    }
    return lines;
  }

  function bringLines(app: Application): string[] {
    if (app.status !== 'berkas_tidak_lengkap') return [];
    const items = profile.requirements.map((r, i) => {
      const condition = r.condition ? ` _(${r.condition})_` : '';
      // Sub-items as published ("surat permohonan yang berisi: a. …"); the item is meaningless without them.
      const details = r.details.map((d, j) => `\n   ${String.fromCharCode(97 + j)}. ${d}`).join('');
      return `${i + 1}. ${r.text}${condition}${details}`;
    });
    return [`${t('application.bring_header')}\n${items.join('\n')}`];
  }

  function visitLine(visit: Visit): string {
    return t('application.visit', { date: day(visit.date), window: timeWindow(visit) });
  }

  /** Status, details, next step, date, what to bring: blocks separated by blank lines. */
  function describe(app: Application, now: Date): string {
    const w = wording(app.status);
    const status = [t('application.status_line', { label: w.label, meaning: w.meaning }), ...decisionLines(app)].join('\n');
    const next = [t('application.next_step', { next: w.next }), ...dateLines(app, now)].join('\n');
    return [status, next, ...bringLines(app)].join('\n\n');
  }

  function maskedNik(app: Application): string {
    return maskNik(cipher.decrypt(app.nik.cipher));
  }

  return {
    timeWindow,
    forCheck(app: Application, now: Date): string {
      const header = t('application.status_header', { programme: profile.programme.name, number: app.registrationNumber, nik: maskedNik(app) });
      return [header, describe(app, now), t('application.check_footer')].join('\n\n');
    },
    statusChanged(app: Application, now: Date): string {
      const header = `${t('application.notify_header', { office: profile.office.shortName })}\n${t('application.notify_number', { number: app.registrationNumber })}`;
      return [header, describe(app, now), t('application.notify_footer')].join('\n\n');
    },
    visitScheduled(app: Application & { visit: Visit }): string {
      const body = t('application.visit_scheduled', { number: app.registrationNumber, date: day(app.visit.date), window: timeWindow(app.visit) });
      return [t('application.notify_header', { office: profile.office.shortName }), body, t('application.notify_footer')].join('\n\n');
    },
    visitReminder(app: Application & { visit: Visit }): string {
      const body = t('application.visit_reminder', {
        number: app.registrationNumber,
        date: day(app.visit.date),
        window: timeWindow(app.visit),
        office: profile.office.shortName,
      });
      return [body, t('application.notify_footer')].join('\n\n');
    },
    upcomingVisit(app: Application & { visit: Visit }): string {
      return t('application.upcoming_visit', { number: app.registrationNumber, date: day(app.visit.date), window: timeWindow(app.visit) });
    },
  };
}
