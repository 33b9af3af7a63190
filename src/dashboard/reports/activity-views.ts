/** Markup of the activity page: the filter form, the count with pages, and the sentences. */
import type { AuditEntry } from '../../staff/audit-log';
import { html, query, type SafeHtml } from '../html';
import { dateTime, type TimeFormat } from '../time';
import { ACTIONS, ACTIVITY_GROUPS, activitySentence, actionsIn, type ActivityGroup } from './activity-wording';
import { reportLinks } from './reports-views';

export function activityBody(o: {
  rows: AuditEntry[];
  total: number;
  page: number;
  perPage: number;
  from: string;
  to: string;
  action: string;
  names: Map<string, string>;
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
<p class="pager" id="activity-count">Menampilkan ${o.rows.length} dari ${o.total} kegiatan
  ${pages > 1 ? html`<span class="pages">${o.page > 1 ? link(o.page - 1, '‹ Sebelumnya', 'prev') : ''} Halaman ${o.page} dari ${pages} ${o.page < pages ? link(o.page + 1, 'Berikutnya ›', 'next') : ''}</span>` : ''}</p>
${
  o.rows.length === 0
    ? html`<p class="panel muted" id="activity-empty">Tidak ada kegiatan yang cocok dalam periode ini.</p>`
    : html`<table id="activity-table"><thead><tr><th>Waktu</th><th>Kegiatan</th></tr></thead>
<tbody>${o.rows.map((e) => html`<tr data-action="${e.action}"><td class="nowrap">${dateTime(e.at, o.time)}</td><td>${activitySentence(e, o.names)}</td></tr>`)}</tbody></table>`
}`;
}
