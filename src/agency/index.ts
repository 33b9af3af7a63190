/**
 * agency — the office profile: the published service standard of one Dinas Sosial office
 * (flows/agencies/<id>.yaml), its schema and loader, and everything an office runs on
 * (profile, message catalogue, intents, holiday tables, working calendar).
 */
export { agencyProfileSchema, type AgencyProfile } from './profile-schema';
export { listAgencyIds, loadAgencyProfile } from './load-profile';
export { loadOfficeConfig, type OfficeConfig } from './office-config';
export { responseTimeMessage } from './response-time';
