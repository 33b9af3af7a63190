/** Markup of the users pages: the list with the new-user form, and one user's edit page. */
import { ROLES, type Role } from '../../http/api-auth';
import type { AuditEntry } from '../../staff/audit-log';
import { ROLE_LABELS } from '../../staff/staff-schemas';
import type { StaffUserView } from '../../staff/staff-users';
import { formErrors } from '../forms';
import { html, type SafeHtml } from '../html';
import { csrfField, type PageContext } from '../layout';
import { collapseRuns } from '../reports/activity-views';
import { activitySentence, type TargetNames } from '../reports/activity-wording';
import { dateTime, type TimeFormat } from '../time';

export interface UserFormValues {
  username?: string;
  name?: string;
  phone?: string;
  roles?: string[];
  active?: boolean;
}

const roleChecks = (selected: string[] = []) =>
  html`<div class="checks">${ROLES.map(
    (r: Role) => html`<label><input type="checkbox" name="roles" value="${r}"${selected.includes(r) ? html` checked` : ''}> ${ROLE_LABELS[r]}</label>`,
  )}</div>`;

export function usersBody(o: { ctx: PageContext; users: StaffUserView[]; time: TimeFormat; values?: UserFormValues; errors?: string[] }): SafeHtml {
  const v = o.values ?? {};
  return html`<h1>Pengguna dan peran</h1>
<div class="panel">
<table>
  <thead><tr><th>Nama pengguna</th><th>Nama</th><th>Peran</th><th>WhatsApp</th><th>Status</th><th>Dibuat</th><th></th></tr></thead>
  <tbody>${o.users.map(
    (u) => html`<tr>
    <td>${u.username}</td><td>${u.name}</td>
    <td>${u.roles.map((r) => ROLE_LABELS[r]).join(', ')}</td>
    <td>${u.phone ?? '–'}</td>
    <td>${u.active ? html`<span class="badge active">Aktif</span>` : html`<span class="badge closed">Nonaktif</span>`}</td>
    <td>${dateTime(u.createdAt, o.time)}</td>
    <td><a href="/dashboard/admin/users/${u.id}">Ubah</a></td>
  </tr>`,
  )}</tbody>
</table>
</div>
<div class="panel">
<h2>Tambah pengguna</h2>
${formErrors(o.errors)}
<form method="post" action="/dashboard/admin/users" autocomplete="off">
  ${csrfField(o.ctx)}
  <div class="row">
    <div><label for="new-username">Nama pengguna</label><input type="text" id="new-username" name="username" value="${v.username ?? ''}" required></div>
    <div><label for="new-name">Nama lengkap</label><input type="text" id="new-name" name="name" value="${v.name ?? ''}" required></div>
    <div><label for="new-phone">Nomor WhatsApp (untuk peringatan)</label><input type="tel" id="new-phone" name="phone" value="${v.phone ?? ''}" placeholder="+62812…"></div>
    <div><label for="new-password">Kata sandi awal (min. 10 karakter)</label><input type="password" id="new-password" name="password" autocomplete="new-password" required></div>
  </div>
  <label>Peran</label>
  ${roleChecks(v.roles)}
  <p><button type="submit">Tambah pengguna</button></p>
</form>
</div>`;
}

export function userEditBody(o: { ctx: PageContext; user: StaffUserView; time: TimeFormat; values?: UserFormValues; errors?: string[]; passwordErrors?: string[]; audit: AuditEntry[]; auditNames?: TargetNames }): SafeHtml {
  const u = o.user;
  const v = o.values ?? { name: u.name, phone: u.phone ?? '', roles: u.roles, active: u.active };
  return html`<p><a href="/dashboard/admin/users">← Semua pengguna</a></p>
<h1>${u.name} <small>(${u.username})</small></h1>
<div class="two">
<div class="panel">
  <h2>Data dan peran</h2>
  ${formErrors(o.errors)}
  <form method="post" action="/dashboard/admin/users/${u.id}">
    ${csrfField(o.ctx)}
    <label for="edit-name">Nama lengkap</label><input type="text" id="edit-name" name="name" value="${v.name ?? ''}" required>
    <label for="edit-phone">Nomor WhatsApp</label><input type="tel" id="edit-phone" name="phone" value="${v.phone ?? ''}" placeholder="+62812…">
    <label>Peran</label>${roleChecks(v.roles)}
    <div class="checks"><label><input type="checkbox" name="active" value="1"${v.active ? html` checked` : ''}> Akun aktif</label></div>
    <p><button type="submit">Simpan</button></p>
  </form>
</div>
<div class="panel">
  <h2>Ganti kata sandi</h2>
  ${formErrors(o.passwordErrors)}
  <form method="post" action="/dashboard/admin/users/${u.id}/password" autocomplete="off">
    ${csrfField(o.ctx)}
    <label for="reset-password">Kata sandi baru (min. 10 karakter)</label>
    <input type="password" id="reset-password" name="password" autocomplete="new-password" required>
    <p class="muted">Pengguna ini akan keluar dari semua perangkat.</p>
    <p><button type="submit" class="secondary">Ganti kata sandi</button></p>
  </form>
  <h2>Buka kunci masuk</h2>
  <form method="post" action="/dashboard/admin/users/${u.id}/unlock">
    ${csrfField(o.ctx)}
    <p class="muted">Menghapus jeda setelah percobaan masuk yang gagal, dari semua komputer.</p>
    <p><button type="submit" class="secondary" id="unlock-login">Buka kunci masuk</button></p>
  </form>
  <h2>Aktivitas terakhir</h2>
  ${
    o.audit.length === 0
      ? html`<p class="muted">Belum ada.</p>`
      : html`<table id="user-activity"><tbody>${collapseRuns(o.audit).map(
          (r) => html`<tr><td class="nowrap">${dateTime(r.entry.at, o.time)}</td><td>${activitySentence(r.entry, o.auditNames ?? new Map())}${r.count > 1 ? html` <span class="badge">${r.count}×</span>` : ''}</td></tr>`,
        )}</tbody></table>`
  }
</div>
</div>`;
}
