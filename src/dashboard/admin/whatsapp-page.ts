/**
 * The WhatsApp link page (admins only): the transport's state and, while the office phone is
 * not paired, the pairing QR code. The page reloads itself while a QR is shown because
 * WhatsApp replaces the code every few seconds. Without a transport it says it is disabled.
 */
import { Router } from 'express';
import { dash } from '../guard';
import { html, type SafeHtml } from '../html';
import { page } from '../layout';
import { dateTime, type TimeFormat } from '../time';

/** What the page needs from the transport; its state may carry more (shown when harmless). */
export interface WhatsappStateView {
  status: string;
  qrDataUrl?: string | null;
  [detail: string]: unknown;
}

export interface WhatsappLink {
  state(): WhatsappStateView | Promise<WhatsappStateView>;
}

const STATUS_LABELS: Record<string, string> = {
  disabled: 'WhatsApp dinonaktifkan',
  starting: 'Sedang memulai…',
  initializing: 'Sedang memulai…',
  qr: 'Belum ditautkan — pindai kode QR',
  pairing: 'Belum ditautkan — pindai kode QR',
  unpaired: 'Belum ditautkan — pindai kode QR',
  authenticated: 'Tertaut, sedang memuat…',
  ready: 'Terhubung',
  connected: 'Terhubung',
  disconnected: 'Terputus — mencoba menyambung kembali',
  reconnecting: 'Terputus — mencoba menyambung kembali',
  auth_failure: 'Gagal masuk — tautkan ulang',
  logged_out: 'Dikeluarkan dari HP — tautkan ulang',
  failed: 'Gagal',
  stopped: 'Berhenti',
};

/** Secrets or bulky values never reach the page, whatever the transport adds to its state. */
const HIDDEN = /qr|secret|token|key|session|auth/i;

function details(state: WhatsappStateView, time: TimeFormat): SafeHtml {
  const rows = Object.entries(state).filter(([k, v]) => k !== 'status' && !HIDDEN.test(k) && v !== undefined && (v === null || ['string', 'number', 'boolean'].includes(typeof v) || v instanceof Date));
  if (rows.length === 0) return html``;
  return html`<dl class="facts">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v instanceof Date ? dateTime(v, time) : v === null ? '–' : String(v)}</dd>`)}</dl>`;
}

export function whatsappRoutes(deps: { link: () => WhatsappLink | null | undefined; time: TimeFormat }): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { ctx } = dash(req);
    const link = deps.link();
    const state: WhatsappStateView | null = link ? await link.state() : null;
    const qr = state?.qrDataUrl && /^data:image\/(png|svg\+xml|gif|jpeg);base64,[A-Za-z0-9+/=]+$/.test(state.qrDataUrl) ? state.qrDataUrl : null;
    const body = html`<h1>Tautan WhatsApp</h1>
<div class="panel">
  ${
    !state
      ? html`<p><strong>WhatsApp dinonaktifkan.</strong></p><p class="muted">Aktifkan dengan WHATSAPP_ENABLED=true lalu jalankan ulang layanan.</p>`
      : html`<p>Status: <strong id="wa-status">${STATUS_LABELS[state.status] ?? state.status}</strong></p>
  ${qr ? html`<div class="qr"><p>Buka WhatsApp di HP kantor → <em>Perangkat tertaut</em> → <em>Tautkan perangkat</em>, lalu pindai kode ini:</p><img src="${qr}" alt="Kode QR penautan WhatsApp"></div>` : ''}
  ${details(state, deps.time)}`
  }
</div>`;
    const rendered = String(page(ctx, { title: 'WhatsApp', section: 'whatsapp', body }));
    // A QR code expires quickly: reload to show the current one.
    res.type('html').send(qr ? rendered.replace('<head>', '<head>\n<meta http-equiv="refresh" content="15">') : rendered);
  });
  return router;
}
