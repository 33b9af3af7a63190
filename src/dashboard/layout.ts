/**
 * The page shell every dashboard page shares: head, the top bar with the sections this person
 * may open, the flash message and the sign-out form. Which sections show is decided by the
 * same role table the server enforces (nav.ts), so a hidden link is never the only guard.
 */
import type { Actor } from '../http/api-auth';
import { ROLE_LABELS } from '../staff/staff-schemas';
import { channelBanner, type ChannelTrouble } from './channel-health';
import { html, type SafeHtml } from './html';
import { canOpen, SECTIONS, type SectionId } from './nav';

export interface PageContext {
  actor: Actor;
  csrfToken: string;
  officeName: string;
  now: Date;
  /** Chats whose applicant waits for an answer; set for people who work the inbox. */
  inboxWaiting?: number;
  /** Why WhatsApp cannot reach applicants right now, if it cannot. */
  channelTrouble?: ChannelTrouble | null;
  /** A notice above the page's content (a record restricted at the person's request: src/privacy). */
  notice?: SafeHtml;
}

export interface PageOptions {
  title: string;
  section?: SectionId;
  body: SafeHtml;
  flash?: { kind: 'ok' | 'error'; text: string } | null;
}

export const csrfField = (ctx: { csrfToken: string }) => html`<input type="hidden" name="_csrf" value="${ctx.csrfToken}">`;

export function page(ctx: PageContext, o: PageOptions): SafeHtml {
  const open = SECTIONS.filter((s) => canOpen(ctx.actor, s.id));
  const link = (s: (typeof SECTIONS)[number]) => html`<a href="${s.href}"${o.section === s.id ? html` class="active" aria-current="page"` : ''}>${s.label}</a>`;
  const settings = open.filter((s) => s.settings);
  const nav = html`${open.filter((s) => !s.settings).map(link)}${
    settings.length
      ? html`<details class="menu" id="settings-menu"><summary${settings.some((s) => s.id === o.section) ? html` class="active"` : ''}>Pengaturan</summary><div class="dropdown">${settings.map(link)}</div></details>`
      : ''
  }`;
  return html`<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${ctx.csrfToken}">
<meta name="server-now" content="${ctx.now.toISOString()}">
<title>${ctx.inboxWaiting ? `(${ctx.inboxWaiting}) ` : ''}${o.title} · ${ctx.officeName}</title>
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
</head>
<body>
<header class="topbar">
  <div class="brand">${ctx.officeName}<small>Dasbor layanan</small></div>
  <nav>${nav}</nav>
  ${ctx.inboxWaiting === undefined ? '' : html`<span class="counter-region" data-live-src="/dashboard/inbox/counter" data-live-on="handoff message">${inboxCounter(ctx.inboxWaiting)}</span>`}
  <div class="me">
    <span class="name" title="${ctx.actor.name} (${ctx.actor.roles.map((r) => ROLE_LABELS[r]).join(', ')})">${ctx.actor.name}</span>
    <a href="/dashboard/account/password" id="account-password">Ganti kata sandi</a>
    <span class="live" id="live-indicator" title="Pembaruan langsung">●</span>
    <form method="post" action="/dashboard/logout">${csrfField(ctx)}<button class="link">Keluar</button></form>
  </div>
</header>
${channelBanner(ctx.channelTrouble, ctx.actor.roles.includes('admin'))}
<main>
${ctx.notice ?? ''}
${o.flash ? html`<div class="flash ${o.flash.kind}" role="status">${o.flash.text}</div>` : ''}
${o.body}
</main>
<script src="/dashboard/assets/dashboard.js"></script>
</body>
</html>`;
}

/** The top bar's count of chats waiting for an answer; the page script keeps it (and the tab title) current. */
export function inboxCounter(waiting: number): SafeHtml {
  return html`<a href="/dashboard/inbox" id="inbox-counter" class="counter${waiting ? ' on' : ''}" data-count="${waiting}"
    title="Percakapan yang menunggu balasan petugas">Menunggu balasan <span class="n">${waiting}</span></a>`;
}

/** The bare shell for the sign-in page and error pages without a session. */
export function plainPage(title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
</head>
<body class="plain">
<main>${body}</main>
</body>
</html>`;
}
