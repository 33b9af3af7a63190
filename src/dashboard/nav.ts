/**
 * The dashboard's sections and the roles that may open each: one table for both the menu and
 * the server-side checks. Admins may open everything (as in requireRole).
 */
import type { Actor, Role } from '../http/api-auth';

export type SectionId = 'inbox' | 'tickets' | 'applications' | 'reports' | 'users' | 'canned' | 'whatsapp' | 'privacy';

export const SECTIONS: { id: SectionId; label: string; href: string; roles: Role[] }[] = [
  { id: 'inbox', label: 'Kotak Masuk', href: '/dashboard/inbox', roles: ['staff'] },
  { id: 'tickets', label: 'Pengaduan', href: '/dashboard/tickets', roles: ['officer', 'supervisor'] },
  { id: 'applications', label: 'Permohonan', href: '/dashboard/applications', roles: ['verifier'] },
  { id: 'reports', label: 'Laporan', href: '/dashboard/reports', roles: ['supervisor'] },
  { id: 'users', label: 'Pengguna', href: '/dashboard/admin/users', roles: ['admin'] },
  { id: 'canned', label: 'Balasan siap pakai', href: '/dashboard/admin/canned', roles: ['admin'] },
  { id: 'whatsapp', label: 'WhatsApp', href: '/dashboard/admin/whatsapp', roles: ['admin'] },
  { id: 'privacy', label: 'Data pribadi', href: '/dashboard/admin/privacy', roles: ['admin'] },
];

export function rolesFor(section: SectionId): Role[] {
  return SECTIONS.find((s) => s.id === section)!.roles;
}

export function canOpen(actor: Actor, section: SectionId): boolean {
  return actor.roles.includes('admin') || rolesFor(section).some((r) => actor.roles.includes(r));
}

/** Where to land after signing in: the first section this person may open. */
export function homeFor(actor: Actor): string | null {
  return SECTIONS.find((s) => canOpen(actor, s.id))?.href ?? null;
}
