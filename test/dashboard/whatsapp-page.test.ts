/**
 * The WhatsApp link page with a stand-in transport: the pairing QR code while unpaired (and
 * nothing that is not an image), the state in Indonesian, and the audited restart. Then the
 * real service on the Cloud API transport (fake Graph API): the page shows the Cloud channel's
 * state from the channel port — masked phone number id, last webhook, last send error,
 * templates loaded — and not "dinonaktifkan".
 */
import path from 'node:path';
import express from 'express';
import { Templates } from '../../src/channels/cloud/templates';
import { inbound, startCloudService, text } from '../channels/cloud/support/cloud-service';
import { PHONE_NUMBER_ID, graphError } from '../channels/cloud/support/fake-graph';
import { signedIn } from './support';
import { whatsappRoutes, type WhatsappStateView } from '../../src/dashboard/admin/whatsapp-page';
import { dashboardErrors } from '../../src/dashboard/error-page';

const QR = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

async function serve(state: WhatsappStateView, restart?: () => Promise<void>) {
  const recorded: string[] = [];
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use((req, _res, next) => {
    req.dash = { who: {} as never, ctx: { actor: { id: 'u1', name: 'Admin', roles: ['admin'] }, csrfToken: 'tok', officeName: 'Dinsos Uji', now: new Date('2026-11-23T02:00:00Z') } };
    next();
  });
  const audit = { record: async (_a: unknown, action: string) => void recorded.push(action) };
  app.use('/dashboard/admin/whatsapp', whatsappRoutes({ link: () => ({ state: () => state, restart }), audit: audit as never, time: { tz: 'Asia/Makassar', now: () => new Date('2026-11-23T02:00:00Z') } }));
  app.use(dashboardErrors);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}/dashboard/admin/whatsapp`;
  return { base, recorded, close: () => new Promise((r) => server.close(r)) };
}

test('when the office phone is not paired, then the QR code shows and the page refreshes itself', async () => {
  const s = await serve({ status: 'qr', qrDataUrl: QR });
  try {
    const text = await (await fetch(s.base)).text();
    expect(text).toContain('Belum ditautkan — pindai kode QR');
    expect(text).toContain(`<img src="${QR}"`);
    expect(text).toContain('<meta http-equiv="refresh" content="15">');
  } finally {
    await s.close();
  }
});

test('when the "QR" is not an image data URL, then it is not put on the page', async () => {
  const s = await serve({ status: 'qr', qrDataUrl: 'javascript:alert(1)' });
  try {
    const text = await (await fetch(s.base)).text();
    expect(text).not.toContain('javascript:');
    expect(text).not.toContain('<img');
  } finally {
    await s.close();
  }
});

test('when linked, then the state and last message times show; when not, an admin can restart it (audited)', async () => {
  const ready = await serve({ status: 'ready', lastInboundAt: new Date('2026-11-23T01:30:00Z') });
  try {
    const text = await (await fetch(ready.base)).text();
    expect(text).toContain('Terhubung');
    expect(text).toContain('23 Nov 2026 09.30 WITA');
    expect(text).not.toContain('Mulai ulang koneksi');
  } finally {
    await ready.close();
  }
  let restarted = 0;
  const out = await serve({ status: 'logged_out' }, async () => void restarted++);
  try {
    expect(await (await fetch(out.base)).text()).toContain('Mulai ulang koneksi');
    const res = await fetch(`${out.base}/restart`, { method: 'POST', redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(restarted).toBe(1);
    expect(out.recorded).toEqual(['whatsapp.restart']);
  } finally {
    await out.close();
  }
});

test('on the Cloud API transport, then the page shows the channel\'s real state from the port', async () => {
  const t = await startCloudService();
  try {
    const admin = await signedIn(t, 'wa-admin', ['admin']);
    // Meta refuses the bot's reply: the last send error the page must show.
    t.graph.script({ status: 400, body: graphError(131026, 'Message undeliverable', 'Penerima tidak dapat menerima pesan') });
    expect((await t.webhook(inbound(text('halo'), { id: 'wamid.PAGE1', at: t.clock.now() }))).status).toBe(200);
    await t.settle();
    const page = await admin.get('/dashboard/admin/whatsapp');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('dinonaktifkan');
    expect(page.text).toContain('Terhubung');
    expect(page.text).toContain('WhatsApp Cloud API');
    // The phone number id masked: its last digits only.
    expect(page.text).toContain(`<dd id="wa-account">${'•'.repeat(PHONE_NUMBER_ID.length - 4)}${PHONE_NUMBER_ID.slice(-4)}</dd>`);
    expect(page.text).not.toContain(PHONE_NUMBER_ID);
    expect(page.text).toMatch(/<dd id="wa-webhook">23 Nov 2026 10\.00 WITA<\/dd>/);
    expect(page.text).toMatch(/<dd id="wa-send-error">23 Nov 2026 10\.00 WITA — [^<]*131026[^<]*Penerima tidak dapat menerima pesan<\/dd>/);
    const names = Templates.load(path.resolve('flows'), 'x').names();
    expect(names.length).toBeGreaterThan(0);
    expect(page.text).toContain(`<dd id="wa-templates">${names.length}: ${names.join(', ')}</dd>`);
  } finally {
    await t.close();
  }
}, 120_000);
