/**
 * Markup of the monthly summary: the month picker, the figures as cards and as a table (the
 * table is what a screen reader and the printout use), a per-day chart drawn by Chart.js from
 * the numbers in its data attribute, the per-day table, and the CSV download.
 */
import { DateTime } from 'luxon';
import { stringify } from 'csv-stringify/sync';
import { html, query, type SafeHtml } from '../html';
import type { MonthlySummary } from './monthly-summary';
import { reportLinks } from './reports-views';

const num = (n: number | null, unit = '') => (n === null ? '–' : `${String(n).replace('.', ',')}${unit}`);
export const monthName = (month: string) => DateTime.fromISO(`${month}-01`).setLocale('id').toFormat('LLLL yyyy');

/** The figures, in the order of the page and the CSV. */
export function summaryRows(s: MonthlySummary): [string, string][] {
  const t = s.tickets;
  return [
    ['Permohonan diterima', num(s.applications.received)],
    ['Permohonan diputuskan', num(s.applications.decided)],
    ['Pengaduan diterima', t ? num(t.received) : '–'],
    ['Pengaduan selesai/ditutup', t ? num(t.closed) : '–'],
    ['Pengaduan melewati batas waktu', t ? num(t.late) : '–'],
    ['Median waktu sampai tanggapan pertama pengaduan', t ? num(t.medianFirstResponseWorkingHours, ' jam kerja') : '–'],
    ['Permintaan petugas (percakapan)', num(s.handoffs.requested)],
    ['Percakapan dijawab petugas', num(s.handoffs.answered)],
    ['Percakapan tidak diambil petugas', num(s.handoffs.unclaimed)],
    ['Median waktu tunggu sampai diambil petugas', num(s.handoffs.medianWaitMinutes, ' menit')],
  ];
}

export function monthlyCsv(s: MonthlySummary, officeName: string): string {
  const rows: string[][] = [[`Ringkasan bulanan ${officeName}`, monthName(s.month)], [], ['Indikator', 'Nilai'], ...summaryRows(s), [], ['Tanggal', 'Permohonan diterima', 'Pengaduan diterima', 'Permintaan petugas']];
  for (const d of s.perDay) rows.push([d.date, String(d.applications), String(d.tickets), String(d.handoffs)]);
  return stringify(rows);
}

export function monthlyBody(s: MonthlySummary, thisMonth: string): SafeHtml {
  const chart = {
    labels: s.perDay.map((d) => d.date.slice(8)),
    datasets: [
      { label: 'Permohonan diterima', data: s.perDay.map((d) => d.applications), backgroundColor: '#1f7a55' },
      { label: 'Pengaduan diterima', data: s.perDay.map((d) => d.tickets), backgroundColor: '#d08a1e' },
      { label: 'Permintaan petugas', data: s.perDay.map((d) => d.handoffs), backgroundColor: '#3b6fb6' },
    ],
  };
  const cards = summaryRows(s);
  return html`${reportLinks('monthly')}
<h1>Ringkasan bulanan · ${monthName(s.month)}</h1>
<form class="panel row no-print" method="get" action="/dashboard/reports/monthly">
  <div class="shrink"><label for="month">Bulan</label><input type="month" id="month" name="month" value="${s.month}" max="${thisMonth}"></div>
  <div class="shrink"><button type="submit">Tampilkan</button></div>
  <div class="shrink"><a class="button secondary" id="monthly-csv" href="/dashboard/reports/monthly.csv${query({ month: s.month })}" download>Unduh CSV</a></div>
</form>
<div class="cards" id="monthly-cards">${cards.map(([label, value]) => html`<div class="card"><div class="n">${value}</div>${label.toLowerCase()}</div>`)}</div>
<div class="panel">
  <h2>Per hari</h2>
  <div class="chart-box"><canvas id="monthly-chart" role="img" aria-label="Grafik per hari: permohonan, pengaduan dan permintaan petugas" data-chart="${JSON.stringify({ type: 'bar', data: chart })}"></canvas></div>
  <details><summary>Tabel per hari</summary>
  <table id="monthly-days"><thead><tr><th>Tanggal</th><th>Permohonan diterima</th><th>Pengaduan diterima</th><th>Permintaan petugas</th></tr></thead>
  <tbody>${s.perDay.map((d) => html`<tr><td>${d.date}</td><td>${d.applications}</td><td>${d.tickets}</td><td>${d.handoffs}</td></tr>`)}</tbody></table></details>
</div>
<table id="monthly-table" class="panel"><thead><tr><th>Indikator</th><th>Nilai</th></tr></thead>
<tbody>${cards.map(([label, value]) => html`<tr><td>${label}</td><td>${value}</td></tr>`)}</tbody></table>
<p class="muted">Permohonan dan penutupan pengaduan dihitung dari log aktivitas; pengaduan "melewati batas waktu" adalah yang diterima bulan ini dan ditanggapi terlambat atau belum ditanggapi setelah batas waktunya.</p>
<script src="/dashboard/assets/chart.umd.min.js"></script>`;
}
