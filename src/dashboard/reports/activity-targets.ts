/**
 * Names for the targets on one page of the activity log, keyed by the target as the log stores
 * it. A chat is stored only as a keyed pseudonym: the chats the desk still holds (handoffs
 * within retention) are turned into the same pseudonyms and so recognised, never the reverse.
 * Applications are named by registration number and name; staff accounts by their name.
 */
import type { Handoff } from '../../handoff/handoff-store';
import { handoffTarget } from '../../handoff/handoff-routes';
import type { AuditEntry, AuditLog } from '../../staff/audit-log';
import type { StaffUsers } from '../../staff/staff-users';
import { knownNames, maskedNumber } from '../inbox/contact';
import type { TargetNames } from './activity-wording';

export interface TargetSources {
  audit: Pick<AuditLog, 'storedTarget'>;
  users: Pick<StaffUsers, 'names'>;
  /** The handoffs requested in a range, opened (chat key, phone and name in clear). */
  handoffsBetween: (from: Date, to: Date) => Promise<Handoff[]>;
  /** The names on the applications of each phone number (by keyed hash). */
  phoneNames: (phones: (string | null)[]) => Promise<Map<string, string[]>>;
  /** "BJM/2026/05050 (Siti Aminah)" per application id; absent without the applications module. */
  applicationLabels?: (ids: string[]) => Promise<Map<string, string>>;
}

/** How far before the page's first entry a chat's handoff may have started. */
const CHAT_LOOKBACK_MS = 30 * 86_400_000;

export async function targetNames(rows: Pick<AuditEntry, 'target' | 'at'>[], s: TargetSources): Promise<TargetNames> {
  const names: TargetNames = new Map();
  const targets = [...new Set(rows.map((r) => r.target))];
  const rest = (prefix: string) => targets.filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length));

  if (targets.some((t) => t.startsWith('chat:h-')) && rows.length) {
    const times = rows.map((r) => r.at.getTime());
    const handoffs = await s.handoffsBetween(new Date(Math.min(...times) - CHAT_LOOKBACK_MS), new Date(Math.max(...times) + 1));
    const byPhone = await s.phoneNames(handoffs.map((h) => h.phone));
    const wanted = new Set(targets);
    for (const h of handoffs) {
      const stored = s.audit.storedTarget(handoffTarget(h.chatKey));
      if (!wanted.has(stored)) continue;
      const who = knownNames(h, byPhone);
      const label = `percakapan ${maskedNumber(h.phone) ?? 'tanpa nomor'}${h.channel === 'simulator' ? ' (simulator)' : ''}${who.length ? ` (${who.join(', ')})` : ''}`;
      names.set(stored, label);
    }
  }
  const applicationIds = rest('application:');
  if (applicationIds.length && s.applicationLabels) {
    for (const [id, label] of await s.applicationLabels(applicationIds)) names.set(`application:${id}`, `permohonan ${label}`);
  }
  const userIds = rest('staff_user:').filter((id) => /^[a-f0-9]{24}$/.test(id));
  for (const [id, name] of await s.users.names(userIds)) names.set(`staff_user:${id}`, `pengguna ${name}`);
  return names;
}
