/**
 * The WhatsApp link page (admins only): the transport's state and, while the office phone is
 * not paired, the pairing QR code. The page reloads itself while a QR is shown because
 * WhatsApp replaces the code every few seconds. What the channel reports through the port's
 * state() is shown as it comes (the Cloud API: masked phone number id, last webhook, last send
 * error, templates loaded), never by reading transport settings. Without a running channel it
 * says WhatsApp is disabled. An admin may restart the link (audited) when it is not connected.
 */
import { Router } from 'express';
import type { ChannelLink, ChannelState } from '../../channels/port';
import type { AuditLog } from '../../staff/audit-log';
import { userError } from '../error-page';
import { flashFrom } from '../forms';
import { dash } from '../guard';
import { html } from '../html';
import { csrfField, page } from '../layout';
import { dateTime, type TimeFormat } from '../time';

/** What the page needs from the channel: the port's state and, where the transport has one, restart. */
export type WhatsappStateView = ChannelState;
export type WhatsappLink = ChannelLink;

const STATUS_LABELS: Record<string, string> = {
  disabled: 'WhatsApp dinonaktifkan',
  starting: 'Sedang memulai…',
  qr: 'Belum ditautkan — pindai kode QR',
  ready: 'Terhubung',
  disconnected: 'Terputus — mencoba menyambung kembali',
  logged_out: 'Dikeluarkan dari HP kantor — tautkan ulang',
  token_refused: 'Token akses ditolak Meta — periksa WHATSAPP_CLOUD_ACCESS_TOKEN',
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
    ${state.transport ? html`<dt>Layanan</dt><dd id="wa-transport">${state.transport}</dd>` : ''}
    ${state.account ? html`<dt>ID nomor telepon</dt><dd id="wa-account">${state.account}</dd>` : ''}
    ${state.displayPhoneNumber ? html`<dt>Nomor WhatsApp</dt><dd>${state.displayPhoneNumber}</dd>` : ''}
    <dt>Pesan masuk terakhir</dt><dd>${dateTime(state.lastInboundAt, deps.time)}</dd>
    <dt>Pesan keluar terakhir</dt><dd>${dateTime(state.lastOutboundAt, deps.time)}</dd>
    ${state.lastWebhookAt !== undefined ? html`<dt>Webhook terakhir diterima</dt><dd id="wa-webhook">${dateTime(state.lastWebhookAt, deps.time)}</dd>` : ''}
    ${
      state.lastSendError !== undefined
        ? html`<dt>Kesalahan kirim terakhir</dt><dd id="wa-send-error">${state.lastSendError ? html`${dateTime(state.lastSendError.at, deps.time)} — ${state.lastSendError.message}` : 'Tidak ada'}</dd>`
        : ''
    }
    ${state.templates ? html`<dt>Templat dimuat</dt><dd id="wa-templates">${state.templates.length ? `${state.templates.length}: ${state.templates.join(', ')}` : 'Belum ada'}</dd>` : ''}
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
