/** The page where signed-in staff change their own password. */
import { formErrors } from '../forms';
import { html, type SafeHtml } from '../html';
import { csrfField, type PageContext } from '../layout';

export function passwordBody(o: { ctx: PageContext; username: string; errors?: string[] }): SafeHtml {
  return html`<h1>Ganti kata sandi</h1>
<div class="panel narrow">
  ${formErrors(o.errors)}
  <form method="post" action="/dashboard/account/password" autocomplete="off" id="password-form">
    ${csrfField(o.ctx)}
    <input type="text" value="${o.username}" autocomplete="username" hidden>
    <label for="current-password">Kata sandi sekarang</label>
    <input type="password" id="current-password" name="current" autocomplete="current-password" required>
    <label for="new-password">Kata sandi baru (min. 10 karakter, bukan kata sandi yang umum dipakai)</label>
    <input type="password" id="new-password" name="password" autocomplete="new-password" minlength="10" required>
    <label for="confirm-password">Ulangi kata sandi baru</label>
    <input type="password" id="confirm-password" name="confirm" autocomplete="new-password" minlength="10" required>
    <p class="muted">Setelah diganti, akun Anda keluar dari semua perangkat lain; di perangkat ini Anda tetap masuk.</p>
    <p><button type="submit">Ganti kata sandi</button></p>
  </form>
</div>`;
}
