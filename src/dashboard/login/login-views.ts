/** The sign-in page. */
import { html, type SafeHtml } from '../html';
import { plainPage } from '../layout';

export function loginPage(o: { officeName: string; csrfToken: string; next?: string; username?: string; error?: string }): SafeHtml {
  return plainPage(
    `Masuk · ${o.officeName}`,
    html`<div class="panel">
  <h1>${o.officeName}</h1>
  <p class="muted">Masuk ke dasbor layanan petugas.</p>
  ${o.error ? html`<div class="flash error" role="alert">${o.error}</div>` : ''}
  <form method="post" action="/dashboard/login" autocomplete="on">
    <input type="hidden" name="_csrf" value="${o.csrfToken}">
    ${o.next ? html`<input type="hidden" name="next" value="${o.next}">` : ''}
    <label for="username">Nama pengguna</label>
    <input type="text" id="username" name="username" value="${o.username ?? ''}" autocomplete="username" required autofocus>
    <label for="password">Kata sandi</label>
    <input type="password" id="password" name="password" autocomplete="current-password" required>
    <p><button type="submit">Masuk</button></p>
  </form>
</div>`,
  );
}
