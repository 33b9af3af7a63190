/**
 * Form and query-string parsing for the pages: one zod schema per form, messages in Bahasa
 * Indonesia (our own wording where written, zod's Indonesian locale otherwise), and the flash
 * messages a redirect may carry — by code, so a link cannot put arbitrary words on a page.
 */
import type { Request } from 'express';
import { z } from 'zod';
import { AppError } from '../http/errors';
import { html, type SafeHtml } from './html';

const indonesian = z.locales.id().localeError;

export type FormResult<T> = { ok: true; data: T } | { ok: false; messages: string[] };

export function parseForm<S extends z.ZodType>(schema: S, input: unknown): FormResult<z.output<S>> {
  const parsed = schema.safeParse(input ?? {}, { error: indonesian });
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, messages: parsed.error.issues.map((i) => i.message) };
}

/** A query string that does not parse is a bad link, not a form to correct: 400 with the reasons. */
export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const result = parseForm(schema, req.query);
  if (!result.ok) throw new AppError('invalid_query', `Alamat halaman tidak valid: ${result.messages.join(' ')}`, 400, { forStaff: true });
  return result.data;
}

export const formErrors = (messages: string[] | undefined): SafeHtml =>
  messages?.length ? html`<ul class="errors" role="alert">${messages.map((m) => html`<li>${m}</li>`)}</ul>` : html``;

/** An HTML checkbox list posts one value as a string, several as an array, none as nothing. */
export const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const FLASH: Record<string, string> = {
  claimed: 'Percakapan sudah Anda ambil.',
  taken_over: 'Percakapan sudah Anda ambil alih.',
  replied: 'Balasan terkirim.',
  closed: 'Percakapan ditutup dan dikembalikan ke layanan otomatis.',
  note_added: 'Catatan disimpan.',
  resent: 'Pesan dimasukkan lagi ke antrean kirim.',
  ticket_reopened: 'Pengaduan dibuka kembali; batas tanggapan dihitung ulang.',
  user_created: 'Pengguna baru dibuat.',
  user_updated: 'Data pengguna disimpan.',
  login_unlocked: 'Kunci masuk pengguna ini sudah dibuka.',
  password_reset: 'Kata sandi diganti; pengguna tersebut harus masuk kembali.',
  password_changed: 'Kata sandi Anda sudah diganti. Perangkat lain yang masih masuk dengan akun ini sudah dikeluarkan.',
  ticket_created: 'Pengaduan dicatat.',
  ticket_moved: 'Tahap pengaduan diubah.',
  ticket_responded: 'Tanggapan dikirim ke pelapor.',
  ticket_response_recorded: 'Tanggapan dicatat, tetapi tidak dikirim: pelapor tidak dapat dihubungi lewat chat. Sampaikan tanggapan lewat telepon, surat, atau tatap muka.',
  ticket_assigned: 'Penanggung jawab pengaduan diubah.',
  status_changed: 'Status permohonan diubah.',
  visit_scheduled: 'Jadwal kunjungan disimpan.',
  imported: 'Impor CSV selesai.',
  whatsapp_restarted: 'Koneksi WhatsApp dimulai ulang.',
  canned_created: 'Balasan siap pakai disimpan.',
  canned_updated: 'Perubahan balasan siap pakai disimpan.',
  canned_deleted: 'Balasan siap pakai dihapus.',
  privacy_request_registered: 'Permintaan dicatat. Batas waktu menjawab: 3×24 jam sejak diterima.',
  privacy_request_closed: 'Jawaban atas permintaan dicatat.',
};

export function flashFrom(req: Request): { kind: 'ok'; text: string } | null {
  const code = typeof req.query.ok === 'string' ? req.query.ok : null;
  return code && FLASH[code] ? { kind: 'ok', text: FLASH[code] } : null;
}
