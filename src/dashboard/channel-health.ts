/**
 * The WhatsApp link as staff need to know it on every page: nothing while it works, a banner
 * with the cause while applicants cannot be reached (not paired, disconnected, logged out, the
 * Cloud API refusing the access token). Read from the channel port's state, whatever the transport.
 */
import { html, type SafeHtml } from './html';

export interface ChannelTrouble {
  cause: string;
  /** What to do about it; only admins can pair the phone, so only they get the link. */
  action: string;
}

const TROUBLE: Record<string, ChannelTrouble> = {
  qr: { cause: 'WhatsApp kantor belum ditautkan.', action: 'Pesan pemohon belum dapat diterima atau dibalas sampai HP kantor memindai kode QR.' },
  disconnected: { cause: 'Koneksi WhatsApp terputus; sistem sedang mencoba menyambung kembali.', action: 'Balasan akan dikirim setelah tersambung.' },
  logged_out: { cause: 'WhatsApp dikeluarkan dari HP kantor.', action: 'Pesan pemohon tidak diterima sampai HP kantor ditautkan ulang.' },
  token_refused: { cause: 'WhatsApp Cloud API menolak token akses kantor.', action: 'Balasan tertahan sampai token akses diperbarui.' },
};

export function channelTrouble(status: string | null | undefined): ChannelTrouble | null {
  return status ? (TROUBLE[status] ?? null) : null;
}

export function channelBanner(trouble: ChannelTrouble | null | undefined, isAdmin: boolean): SafeHtml {
  if (!trouble) return html``;
  return html`<div class="channel-banner" role="alert" id="channel-banner"><strong>${trouble.cause}</strong> ${trouble.action}
  ${isAdmin ? html`<a href="/dashboard/admin/whatsapp">Buka halaman WhatsApp</a>` : html`Mohon hubungi admin.`}</div>`;
}
