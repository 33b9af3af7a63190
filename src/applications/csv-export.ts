/**
 * CSV export of the office's applications, in the import's column layout (csv-columns.ts) so
 * a revealed export can be edited and imported back. NIK, KK and phones are masked unless the
 * caller reveals them; cells that a spreadsheet would run as a formula are defused.
 */
import { spreadsheetSafe } from '../http/spreadsheet-cell';
import { stringify } from 'csv-stringify/sync';
import type { AgencyProfile } from '../agency/profile-schema';
import type { RevealField } from './application-schemas';
import type { Application } from './application-types';
import { EXPORT_COLUMNS } from './csv-columns';
import { maskNik } from './nik';
import type { PiiCipher } from './pii-crypto';
import { maskPhone } from './sealing';
import { takesDetail } from './transitions';

/** =, +, -, @ (and tab/CR) at the start of a cell make Excel evaluate it. */
const defuse = spreadsheetSafe;

function row(app: Application, cipher: PiiCipher, profile: AgencyProfile, reveal: RevealField[]): Record<(typeof EXPORT_COLUMNS)[number], string> {
  const nik = cipher.decrypt(app.nik.cipher);
  const kk = cipher.decrypt(app.kk.cipher);
  const phones = app.phones.map((p) => cipher.decrypt(p.cipher));
  const d = app.decision;
  const lastNote = [...app.history].reverse().find((h) => h.status === app.status)?.note ?? '';
  return {
    registration_number: app.registrationNumber,
    name: app.name,
    nik: reveal.includes('nik') ? nik : maskNik(nik),
    kk_number: reveal.includes('kk') ? kk : maskNik(kk),
    date_of_birth: app.dateOfBirth,
    // Digits without "+": what the import takes, and no formula trigger.
    phones: phones.map((p) => (reveal.includes('phones') ? p : maskPhone(p)).replace(/^\+/, '')).join('|'),
    kelurahan: app.address.kelurahan ?? '',
    kecamatan: app.address.kecamatan ?? '',
    route: app.route,
    status: app.status,
    status_note: lastNote,
    visit_date: app.visit?.date ?? '',
    visit_time_window: app.visit?.timeWindow ?? '',
    reason: d?.outcome === 'not_eligible' && app.status === 'tidak_layak' ? d.reason : app.status === 'ditolak' ? (app.rejectionReason ?? '') : '',
    waiting_list_position: d?.outcome === 'waiting_list' && app.status === 'daftar_tunggu' ? String(d.position) : '',
    quota_period: d?.outcome === 'waiting_list' && app.status === 'daftar_tunggu' ? (d.quotaPeriod ?? '') : '',
    // Only the fields the current status takes, so the row imports back unchanged.
    funding: takesDetail(app.status, 'funding') ? (app.funding ?? '') : '',
    proposal_batch_date: takesDetail(app.status, 'proposalBatchDate') ? (app.proposalBatchDate ?? '') : '',
    bpjs_activation_date: takesDetail(app.status, 'bpjsActivationDate') ? (app.bpjsActivationDate ?? '') : '',
    deactivation_reason: app.status === 'nonaktif' ? (app.deactivationReason ?? '') : '',
    notifications_opt_out: app.notificationsOptOut ? 'ya' : 'tidak',
    status_label: profile.statuses[app.status]?.label ?? app.status,
    updated_at: app.updatedAt.toISOString(),
  };
}

export function exportCsv(apps: Application[], cipher: PiiCipher, profile: AgencyProfile, reveal: RevealField[]): string {
  const records = apps.map((app) => {
    const r = row(app, cipher, profile, reveal);
    return EXPORT_COLUMNS.map((c) => defuse(r[c]));
  });
  return stringify([[...EXPORT_COLUMNS], ...records], { bom: true });
}
