/**
 * The WhatsApp link page (admins only): the transport's state and, while the office phone is
 * not paired, the pairing QR code. The page reloads itself while a QR is shown because
 * WhatsApp replaces the code every few seconds. Without a transport it says it is disabled.
 * An admin may restart the link (audited) when it is not connected.
 */
import { Router } from 'express';
import type { AuditLog } from '../../staff/audit-log';
import { userError } from '../error-page';
import { flashFrom } from '../forms';
import { dash } from '../guard';
import { html } from '../html';
import { csrfField, page } from '../layout';
import { dateTime, type TimeFormat } from '../time';

/** What the page needs from the transport (src/channels/whatsapp/transport.ts). */
export interface WhatsappStateView {
  status: string;
  qrDataUrl?: string | null;
  lastInboundAt?: Date;
  lastOutboundAt?: Date;
}

export interface WhatsappLink {
  state(): WhatsappStateView;
  /** A fresh client now (after the supervisor gave up, or a logout). */
  restart?(): Promise<void>;
}

const STATUS_LABELS: Record<string, string> = {
  disabled: 'WhatsApp dinonaktifkan',
  starting: 'Sedang memulai…',
  qr: 'Belum ditautkan — pindai kode QR',
  ready: 'Terhubung',
  disconnected: 'Terputus — mencoba menyambung kembali',
  logged_out: 'Dikeluarkan dari HP kantor — tautkan ulang',
};

const QR_IMAGE = /^data:image\/(png|svg\+xml|gif|jpeg);base64,[A-Za-z0-9+/=]+$/;

export function whatsappRoutes(deps: { link: () => WhatsappLink | null | undefined; audit: AuditLog; time: TimeFormat }): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const { ctx } = dash(req);
    const link = deps.link();
    const state = link?.state() ?? null;
    const qr = state?.qrDataUrl && QR_IMAGE.test(state.qrDataUrl) ? state.qrDataUrl : null;
    const body = html`<h1>Tautan WhatsApp</h1>
<div class="panel">
  ${
    !state
      ? html`<p><strong>WhatsApp dinonaktifkan.</strong></p><p class="muted">Aktifkan dengan WHATSAPP_ENABLED=true lalu jalankan ulang layanan.</p>`
      : html`<p>Status: <strong id="wa-status">${STATUS_LABELS[state.status] ?? state.status}</strong></p>
  ${qr ? html`<div class="qr"><p>Buka WhatsApp di HP kantor → <em>Perangkat tertaut</em> → <em>Tautkan perangkat</em>, lalu pindai kode ini:</p><img src="${qr}" alt="Kode QR penautan WhatsApp"></div>` : ''}
  <dl class="facts">
    <dt>Pesan masuk terakhir</dt><dd>${dateTime(state.lastInboundAt, deps.time)}</dd>
    <dt>Pesan keluar terakhir</dt><dd>${dateTime(state.lastOutboundAt, deps.time)}</dd>
  </dl>
  ${
    link?.restart && state.status !== 'ready'
      ? html`<form method="post" action="/dashboard/admin/whatsapp/restart">${csrfField(ctx)}<p><button type="submit" class="secondary">Mulai ulang koneksi</button></p></form>`
      : ''
  }`
  }
</div>`;
    const rendered = String(page(ctx, { title: 'WhatsApp', section: 'whatsapp', flash: flashFrom(req), body }));
    // A QR code expires quickly: reload to show the current one.
    res.type('html').send(qr ? rendered.replace('<head>', '<head>\n<meta http-equiv="refresh" content="15">') : rendered);
  });

  router.post('/restart', async (req, res) => {
    const link = deps.link();
    if (!link?.restart) throw userError('not_found', 'WhatsApp dinonaktifkan.', 404);
    await audit(deps.audit, dash(req).ctx.actor);
    await link.restart();
    res.redirect(303, '/dashboard/admin/whatsapp?ok=whatsapp_restarted');
  });
  return router;
}

const audit = (log: AuditLog, actor: { id: string; name: string }) => log.record(actor, 'whatsapp.restart', 'whatsapp');
