/**
 * Turning validated staff input (API body or CSV row) into the stored record, and the checks
 * that need the office profile or the date rather than the field alone. Shared by the API and
 * the CSV import so both accept and refuse exactly the same records.
 */
import type { AgencyProfile } from '../agency/profile-schema';
import type { CreateApplicationInput } from './application-schemas';
import type { ApplicationChanges, NewApplication } from './application-repository';
import type { Actor, StatusDetails } from './application-types';
import { parseNik } from './nik';
import type { PiiCipher } from './pii-crypto';
import { maskPersonalNumbers } from './personal-numbers';
import { seal } from './sealing';
import { newVerificationCode, sealVerificationCode } from './verification-code';
import { decisionFor, detailProblems, unknownStatusProblem } from './transitions';

export interface FieldProblem {
  field: string;
  message: string;
}

export function detailsOf(input: StatusDetails): StatusDetails {
  const { reason, waitingListPosition, quotaPeriod, funding, proposalBatchDate, bpjsActivationDate, deactivationReason } = input;
  const all = { reason, waitingListPosition, quotaPeriod, funding, proposalBatchDate, bpjsActivationDate, deactivationReason };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as StatusDetails;
}

/** Problems that depend on the office or today's date; field names as in the API body. */
export function recordProblems(profile: AgencyProfile, input: CreateApplicationInput, today: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const status = unknownStatusProblem(profile, input.status);
  if (status) problems.push({ field: 'status', message: status });
  if (input.route === 'emergency' && !profile.procedure.routes.some((r) => r.id === 'emergency')) {
    problems.push({ field: 'route', message: 'this office has no emergency route' });
  }
  if (input.dateOfBirth > today) problems.push({ field: 'dateOfBirth', message: 'is in the future' });
  problems.push(...detailProblems(input.status, detailsOf(input)));
  return problems;
}

/** Not errors: a NIK records the birth date at issue, and real cards sometimes disagree. */
export function recordWarnings(input: CreateApplicationInput): string[] {
  const parsed = parseNik(input.nik);
  if (!parsed.ok) return [];
  const [, month, day] = input.dateOfBirth.split('-').map(Number);
  const yy = Number(input.dateOfBirth.slice(2, 4));
  if (parsed.birthDay === day && parsed.birthMonth === month && parsed.birthYearTwoDigits === yy) return [];
  return ['dateOfBirth differs from the birth date encoded in the NIK; please check both'];
}

/** The status-dependent fields a status writes (decision, reasons, funding, dates). */
export function statusFields(input: { status: CreateApplicationInput['status'] } & StatusDetails): ApplicationChanges {
  const details = detailsOf(input);
  const changes: ApplicationChanges = {};
  const decision = decisionFor(input.status, details);
  if (decision) changes.decision = decision;
  if (input.status === 'ditolak') changes.rejectionReason = details.reason ?? null;
  if (details.funding) changes.funding = details.funding;
  if (details.proposalBatchDate) changes.proposalBatchDate = details.proposalBatchDate;
  if (details.bpjsActivationDate) changes.bpjsActivationDate = details.bpjsActivationDate;
  if (details.deactivationReason) changes.deactivationReason = details.deactivationReason;
  return changes;
}

/** Identity and contact fields, sealed; hashes let an import tell "same" from "changed". */
export function identityFields(cipher: PiiCipher, input: CreateApplicationInput) {
  return {
    registrationNumber: input.registrationNumber,
    name: input.name,
    nik: seal(cipher, input.nik),
    kk: seal(cipher, input.kkNumber),
    dateOfBirth: input.dateOfBirth,
    phones: input.phones.map((p) => seal(cipher, p)),
    address: { kelurahan: input.address?.kelurahan ?? null, kecamatan: input.address?.kecamatan ?? null },
    route: input.route,
    notificationsOptOut: input.notificationsOptOut,
  };
}

/** A new record as registered at the counter (API) or imported (CSV). */
export function newRecord(profile: AgencyProfile, cipher: PiiCipher, input: CreateApplicationInput, entry: { actor: Actor; note?: string; at: Date }): NewApplication {
  return {
    agency: profile.id,
    ...identityFields(cipher, input),
    verification: sealVerificationCode(cipher, newVerificationCode()),
    status: input.status,
    history: [{ status: input.status, at: entry.at, actor: entry.actor.id, note: entry.note ? maskPersonalNumbers(entry.note) : null }],
    visit: input.visit ? { ...input.visit, reminderSentAt: null } : null,
    decision: null,
    rejectionReason: null,
    funding: null,
    proposalBatchDate: null,
    bpjsActivationDate: null,
    deactivationReason: null,
    ...statusFields(input),
  };
}
