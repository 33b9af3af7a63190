/**
 * applications — applicants' records (NIK/KK sealed), the eligibility-result check in the
 * conversation with its abuse limits, the staff API and CSV import/export, status
 * notifications and home-visit reminders.
 */
export { createApplicationsModule, type ApplicationsModule } from './module';
export { parseNik, parseKk, findNikCandidates, maskNik } from './nik';
export { createPiiCipher, type PiiCipher } from './pii-crypto';
