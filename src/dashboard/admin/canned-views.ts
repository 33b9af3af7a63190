/** Markup of the canned-replies pages: the list with the add form, and one reply's edit form. */
import { PLACEHOLDERS } from '../../handoff/canned-replies';
import type { StoredCannedReply } from '../../handoff/canned-reply-store';
import { formErrors } from '../forms';
import { html, type SafeHtml } from '../html';
import { csrfField, type PageContext } from '../layout';
import { dateTime, type TimeFormat } from '../time';

export interface CannedFormValues {
  shortcut: string;
  label: string;
  text: string;
}

const placeholderHelp = html`<p class="muted">Boleh memakai: ${Object.entries(PLACEHOLDERS).map(
  ([k, v], i) => html`${i ? ', ' : ''}<code>{${k}}</code> (${v})`,
)}.</p>`;

function fields(v: CannedFormValues, idPrefix: string): SafeHtml {
  return html`<div class="row">
    <div class="shrink"><label for="${idPrefix}-shortcut">Pintasan (diketik /pintasan)</label><input type="text" id="${idPrefix}-shortcut" name="shortcut" value="${v.shortcut}" maxlength="31" required placeholder="mis. salam" autocomplete="off"></div>
    <div><label for="${idPrefix}-label">Nama balasan</label><input type="text" id="${idPrefix}-label" name="label" value="${v.label}" maxlength="60" required></div>
  </div>
  <label for="${idPrefix}-text">Isi balasan</label>
  <textarea id="${idPrefix}-text" name="text" maxlength="1000" required rows="4">${v.text}</textarea>
  ${placeholderHelp}`;
}

export function cannedListBody(o: { ctx: PageContext; replies: StoredCannedReply[]; time: TimeFormat; values?: CannedFormValues; errors?: string[] }): SafeHtml {
  return html`<h1>Balasan siap pakai</h1>
<p class="muted">Dipakai petugas di kotak balasan: pilih dari daftar, atau ketik <code>/pintasan</code> lalu spasi atau Enter.</p>
<div class="panel">
${
  o.replies.length === 0
    ? html`<p class="muted" id="canned-empty">Belum ada balasan siap pakai.</p>`
    : html`<table id="canned-table"><thead><tr><th>Pintasan</th><th>Nama</th><th>Isi</th><th>Diubah</th><th></th></tr></thead>
  <tbody>${o.replies.map(
    (r) => html`<tr data-shortcut="${r.shortcut}">
    <td><code>/${r.shortcut}</code></td><td>${r.label}</td><td class="text">${r.text}</td>
    <td class="muted">${dateTime(r.updatedAt, o.time)}<br>${r.updatedBy}</td>
    <td class="actions"><a href="/dashboard/admin/canned/${r.id}">Ubah</a>
      <form class="inline" method="post" action="/dashboard/admin/canned/${r.id}/delete" data-confirm="Hapus balasan /${r.shortcut}?">${csrfField(o.ctx)}<button type="submit" class="link danger">Hapus</button></form></td>
  </tr>`,
  )}</tbody></table>`
}
</div>
<div class="panel">
<h2>Tambah balasan</h2>
${formErrors(o.errors)}
<form method="post" action="/dashboard/admin/canned" id="canned-new">
  ${csrfField(o.ctx)}
  ${fields(o.values ?? { shortcut: '', label: '', text: '' }, 'new')}
  <p><button type="submit">Simpan balasan</button></p>
</form>
</div>`;
}

export function cannedEditBody(o: { ctx: PageContext; reply: StoredCannedReply; values?: CannedFormValues; errors?: string[] }): SafeHtml {
  return html`<p><a href="/dashboard/admin/canned">‹ Semua balasan siap pakai</a></p>
<h1>Ubah balasan /${o.reply.shortcut}</h1>
<div class="panel">
${formErrors(o.errors)}
<form method="post" action="/dashboard/admin/canned/${o.reply.id}" id="canned-edit">
  ${csrfField(o.ctx)}
  ${fields(o.values ?? o.reply, 'edit')}
  <p><button type="submit">Simpan perubahan</button> <a href="/dashboard/admin/canned">Batal</a></p>
</form>
</div>`;
}
