/**
 * The staff use cases on application records: register, read (with audited reveals), search,
 * change the status, schedule the home visit. Each change is one conditional write, then an
 * audit entry, then the applicant's notification.
 */
import type { AgencyProfile } from '../agency/profile-schema';
import type { Clock } from '../calendar/clock';
import { localIsoDate } from '../calendar/local-date';
import { AppError, notFound } from '../http/errors';
import type { AuditLog } from '../staff/audit-log';
import { ApplicationRepository, DuplicateRegistrationNumberError } from './application-repository';
import type { CreateApplicationInput, RevealField, StatusChangeInput } from './application-schemas';
import type { Actor, Application } from './application-types';
import { detailView, summaryView } from './application-view';
import type { Notifier } from './notifier';
import type { PiiCipher } from './pii-crypto';
import { maskPersonalNumbers } from './personal-numbers';
import { receiptFor } from './receipt';
import { newRecord, recordProblems, recordWarnings, statusFields, type FieldProblem } from './record-rules';
import { AWAITING_VISIT, cancelsVisit, detailProblems, transitionProblem, unknownStatusProblem } from './transitions';
import { newVerificationCode, sealVerificationCode } from './verification-code';

export interface RecordsDeps {
  profile: AgencyProfile;
  repository: ApplicationRepository;
  cipher: PiiCipher;
  audit: AuditLog;
  notifier: Notifier;
  clock: Clock;
}

export type RecordsService = ReturnType<typeof createRecordsService>;

export const invalid = (problems: FieldProblem[], where = 'body') =>
  new AppError(
    'invalid_request',
    problems.map((p) => `${where}.${p.field}: ${p.message}`).join('; '),
    400,
    problems.map((p) => ({ path: `${where}.${p.field}`, message: p.message })),
  );

const conflict = (message: string) => new AppError('conflict', message, 409);
const changedMeanwhile = () => conflict('the application was changed by someone else meanwhile; reload it and try again');
const target = (app: Application) => `application:${app.id}`;
const latestOf = (dates: (Date | null)[]): Date | null => dates.reduce<Date | null>((a, d) => (d && (!a || d > a) ? d : a), null);

export function createRecordsService({ profile, repository, cipher, audit, notifier, clock }: RecordsDeps) {
  const today = () => localIsoDate(clock.now(), profile.office.timeZone);

  async function load(id: string): Promise<Application> {
    const app = await repository.findById(id);
    if (!app) throw notFound('application');
    return app;
  }

  /**
   * A record from before verification codes gets one the first time staff open it, so the
   * counter can print a new receipt; until then only its registered number sees the status.
   */
  async function withVerification(app: Application, actor: Actor): Promise<Application> {
    if (app.verification) return app;
    const updated = await repository.assignVerification(app.id, sealVerificationCode(cipher, newVerificationCode()));
    if (!updated) throw notFound('application');
    await audit.record(actor, 'application.verification_assigned', target(app), {});
    return updated;
  }

  async function notify(keys: Promise<string[]>): Promise<void> {
    await notifier.drain(await keys);
  }

  return {
    async create(input: CreateApplicationInput, actor: Actor) {
      const now = clock.now();
      const problems = recordProblems(profile, input, today());
      if (problems.length) throw invalid(problems);
      let app: Application;
      try {
        app = await repository.insert(newRecord(profile, cipher, input, { actor, at: now }), now);
      } catch (err) {
        if (err instanceof DuplicateRegistrationNumberError) throw conflict(`registration number ${input.registrationNumber} already exists`);
        throw err;
      }
      await audit.record(actor, 'application.create', target(app), { status: app.status });
      return { id: app.id, warnings: recordWarnings(input), receipt: receiptFor(app, cipher, profile) };
    },

    async get(id: string, reveal: RevealField[], actor: Actor) {
      const app = await withVerification(await load(id), actor);
      if (reveal.length) await audit.record(actor, 'application.reveal', target(app), { fields: reveal });
      return detailView(app, cipher, profile, reveal);
    },

    async search(query: { registrationNumber?: string; name?: string; nik?: string; limit: number }, actor: Actor) {
      const found = await repository.search({
        registrationNumber: query.registrationNumber,
        name: query.name,
        nikHash: query.nik ? cipher.hash(query.nik) : undefined,
        limit: query.limit,
      });
      // Looking a person up by NIK is a read of that NIK.
      if (query.nik) await audit.record(actor, 'application.search_by_nik', 'applications', { results: found.map((a) => a.id) });
      return found.map((a) => summaryView(a, cipher, profile));
    },

    /**
     * The applications registered with each of these phone numbers (E.164), for the staff
     * desk's contact panel and chat list: summaries only, the NIK masked.
     */
    async forPhones(phones: string[]): Promise<Map<string, ReturnType<typeof summaryView>[]>> {
      const byHash = new Map(phones.map((p) => [cipher.hash(p), p]));
      const found = await repository.findByPhoneHashes([...byHash.keys()]);
      const out = new Map<string, ReturnType<typeof summaryView>[]>();
      for (const app of found) {
        for (const phone of new Set(app.phones.map((p) => byHash.get(p.hash)).filter((p): p is string => Boolean(p)))) {
          out.set(phone, [...(out.get(phone) ?? []), summaryView(app, cipher, profile)]);
        }
      }
      return out;
    },

    /**
     * "BJM/2026/05050 (Siti Aminah)" for each application id, for the activity log: no NIK, nothing
     * written. A record restricted at the person's request is named by its number only (src/privacy).
     */
    async labels(ids: string[]): Promise<Map<string, string>> {
      const found = await Promise.all([...new Set(ids)].filter((id) => /^[a-f0-9]{24}$/.test(id)).map((id) => repository.findById(id)));
      return new Map(found.filter((a): a is Application => a !== null).map((a) => [a.id, a.restrictedAt ? `${a.registrationNumber} (dibatasi)` : `${a.registrationNumber} (${a.name})`]));
    },

    /**
     * When the latest restriction among the applications of these numbers (E.164) was made; null
     * when none is restricted. The desk hides a chat's history from before it (src/privacy).
     */
    async restrictedSince(phones: string[]): Promise<Date | null> {
      if (phones.length === 0) return null;
      const found = await repository.forDataSubject({ phoneHashes: phones.map((p) => cipher.hash(p)) });
      return latestOf(found.map((a) => a.restrictedAt ?? null));
    },

    async changeStatus(id: string, input: StatusChangeInput, actor: Actor) {
      const unknown = unknownStatusProblem(profile, input.status);
      if (unknown) throw invalid([{ field: 'status', message: unknown }]);
      const details = detailProblems(input.status, input);
      if (details.length) throw invalid(details);
      const app = await load(id);
      const problem = transitionProblem(profile, app.status, input.status);
      if (problem) throw conflict(problem);
      const now = clock.now();
      const visit = cancelsVisit(app.status, input.status) ? { visit: null } : {};
      const updated = await repository.update(app, { status: input.status, ...statusFields(input), ...visit }, now, {
        status: input.status,
        at: now,
        actor: actor.id,
        note: input.note ? maskPersonalNumbers(input.note) : null,
      });
      if (!updated) throw changedMeanwhile();
      await audit.record(actor, 'application.status', target(app), { from: app.status, to: input.status });
      await notify(notifier.statusChanged(updated, now));
      return detailView(updated, cipher, profile, []);
    },

    async scheduleVisit(id: string, visit: { date: string; timeWindow: string }, actor: Actor) {
      const app = await load(id);
      if (!AWAITING_VISIT.includes(app.status)) {
        throw conflict(`a home visit can only be scheduled while the application awaits verification (status ${AWAITING_VISIT.join(', ')}); it is ${app.status}`);
      }
      if (visit.date < today()) throw invalid([{ field: 'date', message: 'is in the past' }]);
      const now = clock.now();
      // Scheduling the visit is what moves the file to "verifikasi dijadwalkan", where the office uses that status.
      const moves = app.status !== 'verifikasi_dijadwalkan' && 'verifikasi_dijadwalkan' in profile.statuses;
      const updated = await repository.update(
        app,
        { visit: { ...visit, reminderSentAt: null }, ...(moves ? { status: 'verifikasi_dijadwalkan' as const } : {}) },
        now,
        moves ? { status: 'verifikasi_dijadwalkan', at: now, actor: actor.id, note: null } : undefined,
      );
      if (!updated) throw changedMeanwhile();
      await audit.record(actor, 'application.visit', target(app), { date: visit.date, timeWindow: visit.timeWindow, statusFrom: app.status, statusTo: updated.status });
      await notify(notifier.visitScheduled(updated));
      return detailView(updated, cipher, profile, []);
    },
  };
}
