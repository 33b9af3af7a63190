/** Indonesian names for the complaints module's stages and channels, as officers say them. */
import type { Stage, TicketChannel } from '../../complaints/ticket';

export const STAGE_LABELS: Record<Stage, string> = {
  baru: 'Baru',
  cek_administrasi: 'Cek administrasi',
  koordinasi: 'Koordinasi',
  menunggu_pelapor: 'Menunggu pelapor',
  ditanggapi: 'Ditanggapi',
  selesai: 'Selesai',
  ditutup: 'Ditutup',
};

export const CHANNEL_LABELS: Record<TicketChannel, string> = {
  whatsapp: 'WhatsApp',
  complaint_box: 'Kotak pengaduan',
  email: 'Email',
  website: 'Situs web',
  walk_in: 'Datang langsung',
  instagram: 'Instagram',
  lapor: 'SP4N-LAPOR!',
  simulator: 'Simulator (uji coba)',
};
