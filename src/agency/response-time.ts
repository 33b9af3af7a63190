/**
 * How the complaint response time is named to a complainant. A deadline the office's standard
 * states is the office's; one it does not state (`source: default`) is this service's target and
 * is called so, never passed off as the office's rule. Every message stating it comes in two
 * forms in flows/messages.yaml: `<key>` and `<key>_target`.
 */
import type { AgencyProfile } from './profile-schema';

export function responseTimeMessage(profile: AgencyProfile, key: string): string {
  return profile.complaints.responseDays.source === 'standard' ? key : `${key}_target`;
}
