/**
 * Which status may follow which, and which status-dependent fields each status takes.
 * One table for every office: a profile uses a subset of the codes, so edges skip the codes a
 * smaller office leaves out (Agam goes diterima → diusulkan → aktif; Sekadau diterima →
 * daftar_tunggu → aktif). Statuses an office does not list are refused altogether.
 */
import type { AgencyProfile, StatusCode } from '../agency/profile-schema';
import type { Decision, StatusDetails } from './application-types';

const DECISIONS: StatusCode[] = ['layak', 'tidak_layak', 'daftar_tunggu'];

export const TRANSITIONS: Record<StatusCode, readonly StatusCode[]> = {
  diterima: ['berkas_tidak_lengkap', 'menunggu_verifikasi', 'verifikasi_dijadwalkan', ...DECISIONS, 'diusulkan', 'ditolak'],
  // Missing documents brought later: the file goes back into the queue.
  berkas_tidak_lengkap: ['diterima', 'menunggu_verifikasi', 'verifikasi_dijadwalkan', ...DECISIONS, 'diusulkan', 'ditolak'],
  menunggu_verifikasi: ['berkas_tidak_lengkap', 'verifikasi_dijadwalkan', ...DECISIONS, 'ditolak'],
  // Back to menunggu_verifikasi when a visit is cancelled.
  verifikasi_dijadwalkan: ['menunggu_verifikasi', 'berkas_tidak_lengkap', ...DECISIONS, 'ditolak'],
  layak: ['daftar_tunggu', 'diusulkan', 'aktif'],
  // An objection (keberatan) can send the file back to verification.
  tidak_layak: ['menunggu_verifikasi', 'verifikasi_dijadwalkan', 'layak'],
  daftar_tunggu: ['layak', 'diusulkan', 'aktif', 'tidak_layak'],
  // Quota ran out after proposing, or BPJS refused the proposal.
  diusulkan: ['daftar_tunggu', 'aktif', 'ditolak'],
  aktif: ['nonaktif'],
  ditolak: [],
  // Reactivation (a health facility's letter, re-proposed in SIKS-NG).
  nonaktif: ['diusulkan', 'aktif'],
};

/** Statuses before a decision, while a home visit still makes sense. */
export const AWAITING_VISIT: readonly StatusCode[] = ['diterima', 'menunggu_verifikasi', 'verifikasi_dijadwalkan'];

/** Back from "verifikasi dijadwalkan" to waiting means the visit was called off: no reminder, no "your visit" line. */
export function cancelsVisit(from: StatusCode, to: StatusCode): boolean {
  return from === 'verifikasi_dijadwalkan' && to === 'menunggu_verifikasi';
}

export function canTransition(from: StatusCode, to: StatusCode): boolean {
  return TRANSITIONS[from].includes(to);
}

/** null when fine, else why not (English, for the API and CSV reports). */
export function transitionProblem(profile: AgencyProfile, from: StatusCode, to: StatusCode): string | null {
  if (from === to) return `the application already has status ${to}`;
  if (!canTransition(from, to)) {
    const allowed = TRANSITIONS[from].filter((s) => s in profile.statuses);
    return `cannot change status from ${from} to ${to}; allowed next: ${allowed.length ? allowed.join(', ') : 'none (final status)'}`;
  }
  return null;
}

export function unknownStatusProblem(profile: AgencyProfile, status: StatusCode): string | null {
  if (status in profile.statuses) return null;
  return `status ${status} is not used by this office (uses: ${Object.keys(profile.statuses).join(', ')})`;
}

type DetailField = keyof StatusDetails;

/** Which status-dependent fields a status takes, and which of them it needs. */
const DETAIL_RULES: Record<DetailField, { statuses: StatusCode[]; requiredFor: StatusCode[] }> = {
  reason: { statuses: ['tidak_layak', 'ditolak'], requiredFor: ['tidak_layak', 'ditolak'] },
  waitingListPosition: { statuses: ['daftar_tunggu'], requiredFor: ['daftar_tunggu'] },
  quotaPeriod: { statuses: ['daftar_tunggu'], requiredFor: [] },
  funding: { statuses: ['layak', 'daftar_tunggu', 'diusulkan', 'aktif'], requiredFor: ['diusulkan'] },
  proposalBatchDate: { statuses: ['diusulkan', 'aktif'], requiredFor: [] },
  bpjsActivationDate: { statuses: ['aktif'], requiredFor: [] },
  deactivationReason: { statuses: ['nonaktif'], requiredFor: ['nonaktif'] },
};

export function takesDetail(status: StatusCode, field: DetailField): boolean {
  return DETAIL_RULES[field].statuses.includes(status);
}

/** Field-named problems with the details sent for a status (empty when fine). */
export function detailProblems(status: StatusCode, details: StatusDetails): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  for (const [field, rule] of Object.entries(DETAIL_RULES) as [DetailField, (typeof DETAIL_RULES)[DetailField]][]) {
    const given = details[field] !== undefined;
    if (!given && rule.requiredFor.includes(status)) problems.push({ field, message: `is required with status ${status}` });
    if (given && !rule.statuses.includes(status)) problems.push({ field, message: `is only used with status ${rule.statuses.join(' or ')}` });
  }
  return problems;
}

/** The decision a status records; undefined leaves the earlier decision in place. */
export function decisionFor(status: StatusCode, details: StatusDetails): Decision | undefined {
  if (status === 'layak') return { outcome: 'eligible' };
  if (status === 'tidak_layak') return { outcome: 'not_eligible', reason: details.reason! };
  if (status === 'daftar_tunggu') return { outcome: 'waiting_list', position: details.waitingListPosition!, quotaPeriod: details.quotaPeriod ?? null };
  return undefined;
}
