/**
 * Whether session cookies are Secure, made explicit (COOKIE_SECURE): a Secure cookie is never
 * sent back by a browser over plain http, so a dashboard on an office LAN without HTTPS would
 * accept the password and then ask for it again, forever. Start-up says which setting is in
 * force and what it needs; the sign-in page refuses, with the reason, a sign-in that could not
 * stick (login-routes.ts).
 */
import type { Env } from '../config/env';

/** What the sign-in page says when the cookie is Secure and the page came over plain http. */
export const INSECURE_SIGN_IN =
  'Dasbor ini dibuka lewat http:// (tanpa HTTPS), padahal cookie sesi diatur hanya dikirim lewat HTTPS, sehingga Anda tidak akan tetap masuk. '
  + 'Buka dasbor lewat alamat https://. Bila kantor memang memakai jaringan lokal tanpa HTTPS, admin server mengatur COOKIE_SECURE=false; '
  + 'bila dasbor ada di belakang proxy HTTPS, admin server mengatur TRUST_PROXY agar proxy itu dipercaya.';

/** The start-up warnings for this cookie setting (English, for the operator's log). */
export function cookieWarnings(env: Pick<Env, 'NODE_ENV' | 'COOKIE_SECURE' | 'TRUST_PROXY'>, secure: boolean): string[] {
  if (secure && env.TRUST_PROXY === false) {
    return ['session cookies are Secure (COOKIE_SECURE): sign-in works only over HTTPS served by this process or by a proxy TRUST_PROXY names; over plain http the sign-in page refuses. Set COOKIE_SECURE=false for a plain-http office LAN'];
  }
  if (!secure && env.NODE_ENV === 'production') {
    return ['session cookies are not Secure (COOKIE_SECURE=false) in production: a session can be read by anyone on the network; use this only on a trusted office LAN without HTTPS'];
  }
  return [];
}
