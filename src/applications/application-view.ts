/**
 * What the staff API shows of a record: NIK, KK and phone numbers masked unless the caller
 * asked to reveal them (the route writes that reveal to the audit log).
 */
import type { AgencyProfile } from '../agency/profile-schema';
import type { RevealField } from './application-schemas';
import type { Application } from './application-types';
import { maskNik } from './nik';
import type { PiiCipher } from './pii-crypto';
import { receiptFor } from './receipt';
import { maskPhone } from './sealing';

export function summaryView(app: Application, cipher: PiiCipher, profile: AgencyProfile) {
  return {
    id: app.id,
    registrationNumber: app.registrationNumber,
    name: app.name,
    nik: maskNik(cipher.decrypt(app.nik.cipher)),
    status: app.status,
    statusLabel: profile.statuses[app.status]?.label ?? app.status,
    visit: app.visit ? { date: app.visit.date, timeWindow: app.visit.timeWindow } : null,
    updatedAt: app.updatedAt.toISOString(),
  };
}

export function detailView(app: Application, cipher: PiiCipher, profile: AgencyProfile, reveal: RevealField[]) {
  const nik = cipher.decrypt(app.nik.cipher);
  const kk = cipher.decrypt(app.kk.cipher);
  const phones = app.phones.map((p) => cipher.decrypt(p.cipher));
  return {
    ...summaryView(app, cipher, profile),
    nik: reveal.includes('nik') ? nik : maskNik(nik),
    kkNumber: reveal.includes('kk') ? kk : maskNik(kk),
    phones: reveal.includes('phones') ? phones : phones.map(maskPhone),
    dateOfBirth: app.dateOfBirth,
    address: app.address,
    route: app.route,
    history: app.history.map((h) => ({ status: h.status, at: h.at.toISOString(), actor: h.actor, note: h.note })),
    visit: app.visit ? { date: app.visit.date, timeWindow: app.visit.timeWindow, reminderSentAt: app.visit.reminderSentAt?.toISOString() ?? null } : null,
    decision: app.decision,
    rejectionReason: app.rejectionReason,
    funding: app.funding,
    proposalBatchDate: app.proposalBatchDate,
    bpjsActivationDate: app.bpjsActivationDate,
    deactivationReason: app.deactivationReason,
    notificationsOptOut: app.notificationsOptOut,
    createdAt: app.createdAt.toISOString(),
    /** The receipt to (re)print, with its verification code: verifiers hand it to the applicant. */
    receipt: receiptFor(app, cipher, profile),
  };
}
