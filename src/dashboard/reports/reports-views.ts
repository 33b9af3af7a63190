/** Markup of the reports page: the links between report pages, the period form, the ticket figures, the handoff figures. */
import type { HandoffStats } from '../../handoff/handoff-stats';
import { html, type SafeHtml } from '../html';
import type { TicketReport } from './ticket-report';

/** The links between the reports pages. */
export function reportLinks(current: 'overview' | 'monthly' | 'activity'): SafeHtml {
  const link = (href: string, id: typeof current, label: string) => html`<a href="${href}"${current === id ? html` class="active" aria-current="page"` : ''}>${label}</a>`;
  return html`<nav class="desk-links no-print" aria-label="Halaman laporan">${link('/dashboard/reports', 'overview', 'Laporan periode')}
  ${link('/dashboard/reports/monthly', 'monthly', 'Ringkasan bulanan')} ${link('/dashboard/reports/activity', 'activity', 'Log aktivitas')}</nav>`;
}

const num = (n: number | null, unit = '') => (n === null ? '–' : `${String(n).replace('.', ',')}${unit}`);

export function periodForm(from: string, to: string): SafeHtml {
  return html`<form class="panel row" method="get" action="/dashboard/reports">
  <div><label for="from">Dari tanggal</label><input type="date" id="from" name="from" value="${from}"></div>
  <div><label for="to">Sampai tanggal</label><input type="date" id="to" name="to" value="${to}"></div>
  <div class="shrink"><button type="submit">Tampilkan</button></div>
</form>`;
}

export function ticketSection(r: TicketReport | null): SafeHtml {
  if (!r) return html`<div class="panel"><h2>Pengaduan</h2><p class="muted">Data pengaduan belum tersedia.</p></div>`;
  return html`<div class="panel" id="report-tickets">
  <h2>Pengaduan</h2>
  <div class="cards">
    <div class="card"><div class="n">${r.received}</div>diterima dalam periode</div>
    <div class="card"><div class="n">${r.overdue}</div>melewati batas waktu</div>
    <div class="card"><div class="n">${r.overdueNow}</div>terlambat saat ini (belum ditanggapi)</div>
    <div class="card"><div class="n">${num(r.firstResponse.medianWorkingHours, ' jam kerja')}</div>median waktu sampai tanggapan pertama (${r.firstResponse.answered} tiket, ${r.firstResponse.withinDeadline} tepat waktu)</div>
  </div>
  <table><thead><tr><th>Tahap</th><th>Jumlah tiket</th></tr></thead>
  <tbody>${r.perStage.map((s) => html`<tr><td>${s.label}</td><td>${s.count}</td></tr>`)}</tbody></table>
</div>`;
}

export function handoffSection(s: HandoffStats): SafeHtml {
  return html`<div class="panel" id="report-handoffs">
  <h2>Percakapan dengan petugas</h2>
  <div class="cards">
    <div class="card"><div class="n">${s.requested}</div>permintaan petugas</div>
    <div class="card"><div class="n">${s.claimed}</div>diambil petugas</div>
    <div class="card"><div class="n">${num(s.waitMinutes.median, ' mnt')}</div>median waktu tunggu</div>
    <div class="card"><div class="n">${num(s.waitMinutes.p90, ' mnt')}</div>waktu tunggu persentil 90</div>
    <div class="card"><div class="n">${s.stillWaiting}</div>masih menunggu</div>
  </div>
  <div class="two">
    <table><thead><tr><th>Alasan</th><th>Jumlah</th></tr></thead><tbody>
      <tr><td>Meminta petugas</td><td>${s.byReason.asked}</td></tr>
      <tr><td>Bot tidak memahami</td><td>${s.byReason.misunderstood}</td></tr>
      <tr><td>Pengaduan</td><td>${s.byReason.complaint}</td></tr>
      <tr><td>Dibalas dari HP kantor</td><td>${s.byReason.office_phone}</td></tr>
    </tbody></table>
    <table><thead><tr><th>Berakhir karena</th><th>Jumlah</th></tr></thead><tbody>
      <tr><td>Ditutup petugas</td><td>${s.closedBy.staff}</td></tr>
      <tr><td>Tidak ada aktivitas petugas</td><td>${s.closedBy.idle}</td></tr>
      <tr><td>Pemohon kembali ke menu</td><td>${s.closedBy.withdrawn}</td></tr>
      <tr><td>Tidak diambil petugas, kembali ke bot</td><td>${s.closedBy.unclaimed}</td></tr>
    </tbody></table>
  </div>
  <h2>Per hari</h2>
  ${
    s.perDay.length === 0
      ? html`<p class="muted">Tidak ada permintaan dalam periode ini.</p>`
      : html`<table><thead><tr><th>Tanggal</th><th>Permintaan</th><th>Median waktu tunggu</th></tr></thead>
  <tbody>${s.perDay.map((d) => html`<tr><td>${d.date}</td><td>${d.requested}</td><td>${num(d.medianWaitMinutes, ' mnt')}</td></tr>`)}</tbody></table>`
  }
</div>`;
}
