/**
 * Markup of the activity page: the filter form, the count with pages, and the sentences. The
 * same thing done again and again by one person to one record is one line with a count.
 */
import type { AuditEntry } from '../../staff/audit-log';
import { html, query, type SafeHtml } from '../html';
import { dateTime, type TimeFormat } from '../time';
import { ACTIONS, ACTIVITY_GROUPS, activitySentence, actionsIn, ROUTINE_READS, type ActivityGroup, type TargetNames } from './activity-wording';

/** Runs of one person's same action on the same record (newest first), as one line each. */
export function collapseRuns(rows: AuditEntry[]): { entry: AuditEntry; count: number; first: Date }[] {
  const runs: { entry: AuditEntry; count: number; first: Date }[] = [];
  for (const e of rows) {
    const last = runs.at(-1);
    if (last && last.entry.actorId === e.actorId && last.entry.action === e.action && last.entry.target === e.target) {
      last.count++;
      last.first = e.at;
    } else runs.push({ entry: e, count: 1, first: e.at });
  }
  return runs;
}
import { reportLinks } from './reports-views';

export function activityBody(o: {
  rows: AuditEntry[];
  total: number;
  page: number;
  perPage: number;
  from: string;
  to: string;
  action: string;
  names: TargetNames;
  time: TimeFormat;
}): SafeHtml {
  const pages = Math.max(1, Math.ceil(o.total / o.perPage));
  const link = (to: number, label: string, rel: string) =>
    html`<a href="/dashboard/reports/activity${query({ from: o.from, to: o.to, action: o.action, page: to === 1 ? undefined : to })}" rel="${rel}">${label}</a>`;
  const selected = (v: string) => (v === o.action ? html` selected` : '');
  const groups = (Object.keys(ACTIVITY_GROUPS) as ActivityGroup[]).map(
    (g) => html`<optgroup label="${ACTIVITY_GROUPS[g]}">
      <option value="group:${g}"${selected(`group:${g}`)}>Semua: ${ACTIVITY_GROUPS[g].toLowerCase()}</option>
      ${actionsIn(g).map((a) => html`<option value="${a}"${selected(a)}>${ACTIONS[a].label}</option>`)}
    </optgroup>`,
  );
  return html`${reportLinks('activity')}
<h1>Log aktivitas</h1>
<form class="panel row" method="get" action="/dashboard/reports/activity" id="activity-filter">
  <div><label for="act-action">Kegiatan</label><select id="act-action" name="action"><option value="">Semua kegiatan</option>${groups}</select></div>
  <div class="shrink"><label for="act-from">Dari tanggal</label><input type="date" id="act-from" name="from" value="${o.from}"></div>
  <div class="shrink"><label for="act-to">Sampai tanggal</label><input type="date" id="act-to" name="to" value="${o.to}"></div>
  <div class="shrink"><button type="submit">Tampilkan</button></div>
</form>
${o.action ? '' : html`<p class="muted" id="activity-routine">${ROUTINE_READS.map((a) => ACTIONS[a].label).join(', ')} tidak ditampilkan di sini; pilih di "Kegiatan" untuk melihatnya.</p>`}
<p class="pager" id="activity-count">Menampilkan ${o.rows.length} dari ${o.total} kegiatan
  ${pages > 1 ? html`<span class="pages">${o.page > 1 ? link(o.page - 1, '‹ Sebelumnya', 'prev') : ''} Halaman ${o.page} dari ${pages} ${o.page < pages ? link(o.page + 1, 'Berikutnya ›', 'next') : ''}</span>` : ''}</p>
${
  o.rows.length === 0
    ? html`<p class="panel muted" id="activity-empty">Tidak ada kegiatan yang cocok dalam periode ini.</p>`
    : html`<table id="activity-table"><thead><tr><th>Waktu</th><th>Kegiatan</th></tr></thead>
<tbody>${collapseRuns(o.rows).map(
        (r) => html`<tr data-action="${r.entry.action}"><td class="nowrap">${r.count > 1 ? html`${dateTime(r.first, o.time)} –<br>` : ''}${dateTime(r.entry.at, o.time)}</td><td>${activitySentence(r.entry, o.names)}${
          r.count > 1 ? html` <span class="badge" title="Kegiatan yang sama berturut-turut">${r.count}×</span>` : ''
        }</td></tr>`,
      )}</tbody></table>`
}`;
}
