/**
 * Errors on dashboard pages become an HTML page in Bahasa Indonesia (the JSON error
 * middleware serves the API). Messages written for staff are shown as they are; errors from
 * other modules (English, for API clients) are shown by their code's Indonesian wording.
 */
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { AppError, toAppError } from '../http/errors';
import { html, query } from './html';
import { page, plainPage } from './layout';

/** An error whose message is written for the person at the dashboard. */
export const userError = (code: string, message: string, status = 400) => new AppError(code, message, status, { forStaff: true });

const BY_CODE: Record<string, string> = {
  not_found: 'Data yang dicari tidak ditemukan.',
  forbidden: 'Anda tidak memiliki akses ke halaman ini.',
  unauthorized: 'Sesi Anda sudah berakhir. Silakan masuk kembali.',
  csrf_failed: 'Formulir sudah kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.',
  invalid_transition: 'Perubahan tahap ini tidak diizinkan dari tahap sekarang.',
  conflict: 'Data ini baru saja diubah orang lain. Muat ulang halaman lalu coba lagi.',
  ticket_finished: 'Pengaduan ini sudah selesai atau ditutup.',
  invalid_request: 'Isian formulir tidak valid.',
  invalid_json: 'Permintaan tidak valid.',
  too_large: 'Data yang dikirim terlalu besar.',
};

const TITLES: Record<number, string> = { 400: 'Permintaan tidak valid', 401: 'Perlu masuk', 403: 'Akses ditolak', 404: 'Tidak ditemukan', 409: 'Tidak dapat diproses', 410: 'Sudah tidak tersedia', 413: 'Terlalu besar', 429: 'Terlalu banyak permintaan' };

function wording(err: AppError): string {
  if ((err.details as { forStaff?: boolean } | undefined)?.forStaff) return err.message;
  if (err.staffText) return err.staffText;
  return BY_CODE[err.code] ?? (err.status >= 500 ? 'Terjadi gangguan di server. Silakan coba lagi.' : 'Permintaan tidak dapat diproses.');
}

/**
 * The page to come back to after signing in again: the address itself for a page, the page
 * the form was on for a post (its Referer, when it is this site's). The sign-in route decides
 * whether it is a safe place to return to (safeNext).
 */
function returnTo(req: Request): string | undefined {
  if (req.method === 'GET') return req.originalUrl;
  const referer = req.get('referer');
  if (!referer) return undefined;
  try {
    const from = new URL(referer);
    return from.host === req.get('host') ? from.pathname + from.search : undefined;
  } catch {
    return undefined;
  }
}

export const dashboardNotFound: RequestHandler = (_req, _res, next) => next(userError('not_found', 'Halaman tidak ditemukan.', 404));

export const dashboardErrors: ErrorRequestHandler = (err, req: Request, res, _next) => {
  const e = toAppError(err);
  if (!e.operational) req.log?.error({ err }, 'unhandled error on a dashboard page');
  const text = wording(e);
  res.status(e.status);
  if (req.get('x-partial')) return res.type('text').send(text);
  const title = TITLES[e.status] ?? 'Terjadi kesalahan';
  const body = html`<div class="panel"><h1>${title}</h1><p id="error-message">${text}</p>
  <p>${e.status === 401 ? html`<a href="/dashboard/login${query({ next: returnTo(req) })}" id="login-again">Masuk kembali</a>` : html`<a href="/dashboard">Kembali ke dasbor</a>`}</p></div>`;
  res.type('html').send(String(req.dash ? page(req.dash.ctx, { title, body }) : plainPage(title, body)));
};
