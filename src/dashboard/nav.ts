/**
 * The dashboard's sections and the roles that may open each: one table for both the menu and
 * the server-side checks. Admins may open everything (as in requireRole).
 */
import type { Actor, Role } from '../http/api-auth';

export type SectionId = 'inbox' | 'tickets' | 'applications' | 'reports' | 'users' | 'canned' | 'whatsapp' | 'privacy';

/**
 * `settings`: an admin's pages, under one "Pengaturan" menu in the top bar, so that the bar stays
 * one line at 1366 px with every section an admin may open.
 */
export const SECTIONS: { id: SectionId; label: string; href: string; roles: Role[]; settings?: true }[] = [
  { id: 'inbox', label: 'Kotak Masuk', href: '/dashboard/inbox', roles: ['staff'] },
  { id: 'tickets', label: 'Pengaduan', href: '/dashboard/tickets', roles: ['officer', 'supervisor'] },
  { id: 'applications', label: 'Permohonan', href: '/dashboard/applications', roles: ['verifier'] },
  { id: 'reports', label: 'Laporan', href: '/dashboard/reports', roles: ['supervisor'] },
  { id: 'users', label: 'Pengguna', href: '/dashboard/admin/users', roles: ['admin'], settings: true },
  { id: 'canned', label: 'Balasan siap pakai', href: '/dashboard/admin/canned', roles: ['admin'], settings: true },
  { id: 'whatsapp', label: 'WhatsApp', href: '/dashboard/admin/whatsapp', roles: ['admin'], settings: true },
  { id: 'privacy', label: 'Data pribadi', href: '/dashboard/admin/privacy', roles: ['admin'], settings: true },
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
