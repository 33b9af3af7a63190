// The supervisor keeps the office number linked: pairing by QR, a ready timeout, a new
// client with exponential backoff after a disconnection (the library never reconnects),
// a watchdog for a dead or frozen browser with bounded restarts, a nightly restart, and on
// logout no more reconnecting but a fresh QR code and an alert for admins.
import { ProfileInUseError } from '../../../src/channels/whatsapp/stale-locks';
import { settle } from './support/fake-timers';
import { startHarness, type Harness } from './support/harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const SEC = 1000;
const MIN = 60 * SEC;

describe('WhatsApp link supervisor', () => {
  it('when the client starts with a saved session, then the link goes from starting to ready and /readyz says so', async () => {
    h = await startHarness();
    expect(h.transport.state().status).toBe('starting');
    expect(await h.transport.readiness().check()).toMatchObject({ ok: false, status: 'starting' });
    expect(h.client.initialized).toBe(1);
    await h.ready();
    expect(h.transport.state()).toEqual({ status: 'ready' });
    expect(await h.transport.readiness().check()).toEqual({ ok: true, status: 'ready', lastInboundAt: null, lastOutboundAt: null });
  });

  it('when pairing is needed, then the QR code is printed in the terminal and kept as a data URL until the phone links', async () => {
    h = await startHarness();
    h.client.emit('qr', '2@abcDEF123,keyA=,keyB=,secret=,1');
    await h.until(() => h.printed.length > 0);
    const state = h.transport.state();
    expect(state.status).toBe('qr');
    expect(state.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(h.printed).toHaveLength(1);
    expect(h.printed[0]).toContain('Pindai kode QR');
    expect(h.printed[0]).toMatch(/[▀▄█]/);
    // Waiting for a person is no failure: no ready timeout while the QR code shows.
    await h.timers.advance(30 * MIN);
    expect(h.clients).toHaveLength(1);
    h.client.emit('authenticated');
    await h.ready();
    expect(h.transport.state()).toEqual({ status: 'ready' });
    expect(h.logs.join('\n')).not.toContain('abcDEF123');
  });

  it('when the client disconnects, then a new client is built after a backoff that doubles, and the old one is destroyed first', async () => {
    h = await startHarness();
    await h.ready();
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = h.timers.now();
      const old = h.client;
      old.emit('disconnected', i === 0 ? 'CONFLICT' : 'TIMEOUT');
      await settle();
      expect(h.transport.state().status).toBe('disconnected');
      expect(old.destroyed).toBe(1);
      await h.timers.advanceUntil(() => h.clients.length === i + 2);
      delays.push(h.timers.now() - before);
      expect(h.client.initialized).toBe(1);
    }
    // Random fixed at the middle of the ±20 % jitter.
    expect(delays).toEqual([5, 10, 20, 40, 80].map((s) => s * SEC));
  });

  it('when failures go on, then the backoff stops growing at its maximum', async () => {
    h = await startHarness({ settings: { supervisor: { backoffMaxMs: 30 * SEC } }, configure: (c) => (c.initializeResult = 'reject') });
    const starts: number[] = [];
    for (let i = 0; i < 6; i++) {
      await h.timers.advanceUntil(() => h.clients.length === i + 1);
      starts.push(h.timers.now());
    }
    expect(starts.slice(1).map((t, i) => t - starts[i])).toEqual([5, 10, 20, 30, 30].map((s) => s * SEC));
  });

  it('when a reconnected client becomes ready, then the backoff starts again from the beginning', async () => {
    h = await startHarness();
    await h.ready();
    for (let i = 0; i < 3; i++) {
      const n = h.clients.length;
      h.client.emit('disconnected', 'CONFLICT');
      await h.timers.advanceUntil(() => h.clients.length === n + 1);
    }
    await h.ready();
    const before = h.timers.now();
    h.client.emit('disconnected', 'CONFLICT');
    await h.timers.advanceUntil(() => h.clients.length === 5);
    expect(h.timers.now() - before).toBe(5 * SEC);
  });

  it('when a client is never ready, then the ready timeout replaces it', async () => {
    h = await startHarness({ settings: { supervisor: { readyTimeoutMs: 2 * MIN } } });
    await h.timers.advance(2 * MIN - SEC);
    expect(h.clients).toHaveLength(1);
    await h.timers.advance(SEC);
    expect(h.clients[0].destroyed).toBe(1);
    await h.timers.advance(5 * SEC);
    expect(h.clients).toHaveLength(2);
  });

  it('when the browser cannot start (initialize rejects), then it is retried with backoff', async () => {
    h = await startHarness({ configure: (c, i) => (c.initializeResult = i < 2 ? 'reject' : 'ok') });
    await h.timers.advanceUntil(() => h.clients.length === 3);
    await h.ready();
    expect(h.transport.state().status).toBe('ready');
  });

  it('when a live Chromium holds the profile, then the start fails and is retried later', async () => {
    let calls = 0;
    h = await startHarness({
      beforeStart: () => {
        if (++calls === 1) throw new ProfileInUseError(4242);
      },
    });
    expect(h.clients).toHaveLength(0);
    await h.timers.advance(5 * SEC);
    expect(calls).toBe(2);
    expect(h.clients).toHaveLength(1);
  });

  it('when the link keeps failing, then admins are alerted once it looks unstable, and after the maximum the supervisor stops and waits for a person', async () => {
    let broken = true;
    h = await startHarness({
      settings: { supervisor: { alertAfterFailures: 3, maxConsecutiveFailures: 5, backoffMaxMs: 10 * SEC } },
      configure: (c) => (c.initializeResult = broken ? 'reject' : 'ok'),
    });
    await h.timers.advance(10 * MIN);
    expect(h.alerts.map((a) => a.kind)).toEqual(['unstable', 'gave_up']);
    expect(h.alerts[1].message).toMatch(/berhenti mencoba/);
    expect(h.clients).toHaveLength(6);
    expect(h.transport.state().status).toBe('disconnected');
    await h.timers.advance(60 * MIN);
    expect(h.clients).toHaveLength(6);
    broken = false;
    await h.transport.restart();
    await settle();
    await h.timers.advance(SEC);
    expect(h.clients).toHaveLength(7);
    await h.ready();
    expect(h.transport.state().status).toBe('ready');
  });

  it('when the phone logs the bot out, then it stops reconnecting, alerts admins and shows the new QR code from the same page', async () => {
    h = await startHarness();
    await h.ready();
    h.client.emit('disconnected', 'LOGOUT');
    await settle();
    expect(h.transport.state()).toEqual({ status: 'logged_out' });
    expect(h.alerts).toEqual([expect.objectContaining({ kind: 'logged_out', message: expect.stringContaining('Pindai kode QR') })]);
    // The library reloads the page and emits a fresh QR code itself.
    h.client.emit('qr', 'fresh-qr');
    await h.until(() => Boolean(h.transport.state().qrDataUrl));
    expect(h.transport.state()).toEqual({ status: 'logged_out', qrDataUrl: expect.stringMatching(/^data:image\/png/) });
    await h.timers.advance(60 * MIN);
    expect(h.clients).toHaveLength(1);
    expect(h.client.destroyed).toBe(0);
    await h.ready();
    expect(h.transport.state()).toEqual({ status: 'ready' });
  });

  it('when WhatsApp reports the session unpaired, then a fresh client is started at once to show a QR code (no backoff, no retry loop)', async () => {
    h = await startHarness();
    await h.ready();
    h.client.emit('disconnected', 'UNPAIRED');
    await settle(20);
    expect(h.clients).toHaveLength(2);
    expect(h.clients[0].destroyed).toBe(1);
    expect(h.transport.state().status).toBe('logged_out');
    h.client.emit('qr', 'new-pairing');
    await h.until(() => Boolean(h.transport.state().qrDataUrl));
    expect(h.transport.state().status).toBe('logged_out');
    expect(h.transport.state().qrDataUrl).toBeDefined();
    expect(h.alerts.map((a) => a.kind)).toEqual(['logged_out']);
  });

  it('when no QR code follows a logout, then a fresh client is started to show one', async () => {
    h = await startHarness({ settings: { supervisor: { readyTimeoutMs: MIN } } });
    await h.ready();
    h.client.emit('disconnected', 'LOGOUT');
    await h.timers.advance(MIN);
    await settle();
    expect(h.clients).toHaveLength(2);
    expect(h.transport.state().status).toBe('logged_out');
  });

  it('when the browser freezes (getState never answers), then the watchdog restarts the client after a few checks', async () => {
    h = await startHarness();
    await h.ready();
    h.client.waState = 'hang';
    // Checks at 1, 2 and 3 min each give up after 20 s: the third strike falls at 4 min.
    await h.timers.advance(4 * MIN - SEC);
    expect(h.clients).toHaveLength(1);
    await h.timers.advance(SEC);
    expect(h.clients[0].destroyed).toBe(1);
    await h.timers.advance(5 * SEC);
    expect(h.clients).toHaveLength(2);
  });

  it('when the browser is dead (getState throws), then the watchdog restarts it too', async () => {
    h = await startHarness();
    await h.ready();
    h.client.waState = 'throw';
    await h.timers.advance(3 * MIN + 5 * SEC);
    expect(h.clients).toHaveLength(2);
  });

  it('when getState answers CONNECTED, then the watchdog leaves the client alone', async () => {
    h = await startHarness();
    await h.ready();
    await h.timers.advance(6 * 60 * MIN);
    expect(h.clients).toHaveLength(1);
    expect(h.transport.state().status).toBe('ready');
  });

  it('when the browser keeps freezing, then watchdog restarts are bounded and admins are told', async () => {
    h = await startHarness({ settings: { supervisor: { maxWatchdogRestartsPerHour: 2, watchdogStrikes: 1 } } });
    for (let i = 0; i < 3; i++) {
      await h.ready();
      h.client.waState = 'hang';
      const n = h.clients.length;
      await h.timers.advanceUntil(() => h.clients.length === n + 1 || h.alerts.length > 0);
    }
    expect(h.transport.state().status).toBe('disconnected');
    expect(h.alerts.map((a) => a.kind)).toContain('gave_up');
    const count = h.clients.length;
    await h.timers.advance(30 * MIN);
    expect(h.clients).toHaveLength(count);
  });

  it('when a nightly restart is set, then a healthy client is replaced at that office time without counting as a failure', async () => {
    // 02:00Z = 10:00 WITA; the restart is at 03:00 WITA = 19:00Z.
    h = await startHarness({ settings: { supervisor: { nightlyRestart: { at: '03:00', timeZone: 'Asia/Makassar' } } } });
    await h.ready();
    await h.timers.advance(17 * 60 * MIN - SEC);
    expect(h.clients).toHaveLength(1);
    await h.timers.advance(SEC);
    await settle();
    expect(h.clients).toHaveLength(2);
    expect(h.clients[0].destroyed).toBe(1);
    expect(new Date(h.timers.now()).toISOString()).toBe('2026-11-23T19:00:00.000Z');
    await h.ready();
    await h.timers.advance(24 * 60 * MIN);
    expect(h.clients).toHaveLength(3);
    expect(h.alerts).toEqual([]);
  });

  it('when the transport is closed, then the browser is destroyed and nothing restarts it', async () => {
    h = await startHarness();
    await h.ready();
    h.client.emit('disconnected', 'CONFLICT');
    await settle();
    await h.transport.close();
    await h.timers.advance(60 * MIN);
    expect(h.clients).toHaveLength(1);
    expect(h.clients[0].destroyed).toBe(1);
  });

  it('when an old client emits events after it was replaced, then they are ignored', async () => {
    h = await startHarness();
    await h.ready();
    const old = h.client;
    old.emit('disconnected', 'CONFLICT');
    await h.timers.advance(5 * SEC);
    await h.ready();
    old.emit('disconnected', 'LOGOUT');
    old.emit('qr', 'stale');
    await settle(30);
    expect(h.transport.state()).toEqual({ status: 'ready' });
    expect(h.alerts).toEqual([]);
  });
});
