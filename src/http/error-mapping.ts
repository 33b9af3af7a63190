/**
 * What each domain error code means at the edges: the HTTP status, the code an API client
 * sees (field errors keep the long-standing `invalid_request` with the field's path), and the
 * Indonesian words staff read on the dashboard. The JSON error handler and the dashboard's
 * error page and forms all read this one table (errors.ts toAppError).
 */
import type { DomainErrorCode, DomainErrorDetails } from '../domain-errors';

export interface ErrorEdge {
  status: number;
  /** The API's code; the domain code when absent. */
  apiCode?: string;
  /** Staff-facing wording (Bahasa Indonesia). */
  id: (details: DomainErrorDetails) => string;
}

const STAGE_NAMES: Record<string, string> = { menunggu_pelapor: 'Menunggu pelapor', ditutup: 'Ditutup' };

export const ERROR_EDGES: Record<DomainErrorCode, ErrorEdge> = {
  not_found: { status: 404, id: () => 'Data yang dicari tidak ditemukan.' },
  invalid_field: { status: 400, apiCode: 'invalid_request', id: () => 'Isian formulir tidak valid.' },
  note_required: {
    status: 400,
    apiCode: 'invalid_request',
    id: (d) => `Catatan wajib diisi untuk tahap "${STAGE_NAMES[String(d.stage)] ?? String(d.stage)}" (alasannya).`,
  },
  reason_required: { status: 400, apiCode: 'invalid_request', id: () => 'Alasan membuka kembali wajib diisi.' },
  not_assignable: { status: 400, apiCode: 'invalid_request', id: () => 'Petugas yang dipilih tidak ditemukan atau tidak aktif.' },
  invalid_transition: { status: 409, id: () => 'Perubahan tahap ini tidak diizinkan dari tahap sekarang.' },
  ticket_finished: { status: 409, id: () => 'Pengaduan ini sudah selesai atau ditutup.' },
  ticket_open: { status: 409, id: () => 'Pengaduan ini masih berjalan; hanya pengaduan yang selesai atau ditutup yang dapat dibuka kembali.' },
  not_waiting: { status: 409, id: () => 'Pengaduan ini tidak sedang menunggu jawaban pelapor.' },
  conflict: { status: 409, id: () => 'Data ini baru saja diubah orang lain. Muat ulang halaman lalu coba lagi.' },
};
