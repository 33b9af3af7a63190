/**
 * The supervisor owns the whatsapp-web.js client's life. The library never reconnects after
 * `disconnected` (it destroys itself), so the supervisor builds a new client each time, with
 * exponential backoff; it bounds the wait for `ready`, watches for a browser that died or
 * went silent, restarts nightly if asked, and on logout stops reconnecting, shows a new QR
 * code and alerts admins. One client at a time: a new browser starts only after the old one
 * is gone, since both would fight over the same profile.
 */
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { ClientFactory, WaClient } from './client-port';
import { ALERT_TEXT, backoffMs, msUntilNightly, type LinkStatus, type SupervisorSettings, type WhatsAppAlert } from './link-policy';
import { renderQr, terminalBanner } from './qr';
import { withTimeout, type TimerHandle, type Timers } from './timers';

export { supervisorSchema, type LinkStatus, type SupervisorSettings, type WhatsAppAlert } from './link-policy';

export interface SupervisorEvents {
  status: [status: LinkStatus];
  qr: [dataUrl: string];
  ready: [client: WaClient];
  alert: [alert: WhatsAppAlert];
}

export interface SupervisorDeps {
  createClient: ClientFactory;
  /** Runs before every browser start (stale profile locks); a throw counts as a failed start. */
  beforeStart?: () => void | Promise<void>;
  /** Lets the transport listen to a new client's messages; isCurrent() turns false once it is replaced. */
  attach?: (client: WaClient, isCurrent: () => boolean) => void;
  /** Awaited before a planned (nightly) restart, e.g. to let a send in flight finish. */
  beforePlannedRestart?: () => Promise<void>;
  printQr?: (text: string) => void;
  timers: Timers;
  logger: Logger;
  random?: () => number;
  settings: SupervisorSettings;
}

export class Supervisor extends EventEmitter<SupervisorEvents> {
  private readonly settings: SupervisorSettings;
  private readonly log: Logger;
  private readonly random: () => number;
  private gen = 0;
  private client: WaClient | null = null;
  private statusValue: LinkStatus = 'starting';
  private qrDataUrlValue: string | undefined;
  private loggedOut = false;
  private stopped = true;
  private failures = 0;
  private strikes = 0;
  private watchdogRestarts: number[] = [];
  private readyTimer: TimerHandle | null = null;
  private watchdogTimer: TimerHandle | null = null;
  private relaunchTimer: TimerHandle | null = null;
  private nightlyTimer: TimerHandle | null = null;
  /** Lifecycle steps (teardown, start) run one after another. */
  private ops: Promise<void> = Promise.resolve();

  constructor(private readonly deps: SupervisorDeps) {
    super();
    this.settings = deps.settings;
    this.log = deps.logger.child({ component: 'whatsapp' });
    this.random = deps.random ?? Math.random;
  }

  get status(): LinkStatus {
    return this.statusValue;
  }

  get qrDataUrl(): string | undefined {
    return this.statusValue === 'qr' || this.statusValue === 'logged_out' ? this.qrDataUrlValue : undefined;
  }

  /** The client, only while linked: sends fail fast (and are retried by the outbox) otherwise. */
  readyClient(): WaClient | null {
    return this.statusValue === 'ready' ? this.client : null;
  }

  /** The current client whatever its state (inbound lookups run while it starts, too). */
  currentClient(): WaClient | null {
    return this.client;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.scheduleNightly();
    this.launch();
  }

  /** A person asked for it (dashboard), e.g. after the supervisor gave up: a fresh client now, failure counts cleared. */
  restart(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.failures = 0;
    this.watchdogRestarts = [];
    this.replace(this.gen, 'restart requested');
    return this.ops;
  }

  async stop(): Promise<void> {
    if (this.stopped) return this.ops;
    this.stopped = true;
    this.gen++;
    for (const t of [this.readyTimer, this.watchdogTimer, this.relaunchTimer, this.nightlyTimer]) t?.cancel();
    const old = this.client;
    this.client = null;
    this.setStatus('disconnected');
    if (old) this.queue(() => this.teardown(old));
    // A browser launch still in progress must not hold up the process's shutdown for long.
    await Promise.race([this.ops, this.deps.timers.sleep(this.settings.destroyTimeoutMs + 2_000)]);
  }

  private launch(): void {
    if (this.stopped) return;
    const gen = ++this.gen;
    this.strikes = 0;
    this.setStatus(this.loggedOut ? 'logged_out' : 'starting');
    this.armReadyTimer(gen);
    this.queue(async () => {
      if (gen !== this.gen) return;
      let client: WaClient;
      try {
        await this.deps.beforeStart?.();
        client = await this.deps.createClient();
      } catch (err) {
        this.fail(gen, 'could not start the browser', err);
        return;
      }
      if (gen !== this.gen) {
        await this.teardown(client);
        return;
      }
      this.client = client;
      this.listen(client, gen);
      this.deps.attach?.(client, () => gen === this.gen);
      this.log.info({ generation: gen }, 'starting WhatsApp client');
      // Not awaited: initialize() can hang on a dead page; the ready timer covers that.
      client.initialize().then(
        () => this.watchBrowser(client, gen),
        (err: unknown) => this.fail(gen, 'initialize failed', err),
      );
    });
  }

  private listen(client: WaClient, gen: number): void {
    const current = () => gen === this.gen && !this.stopped;
    client.on('qr', (qr) => current() && void this.onQr(qr, gen));
    client.on('authenticated', () => current() && this.armReadyTimer(gen));
    client.on('ready', () => current() && this.onReady(client, gen));
    client.on('auth_failure', () => {
      if (!current()) return;
      this.alert('auth_failure');
      this.fail(gen, 'session could not be restored');
    });
    client.on('disconnected', (reason) => {
      if (!current()) return;
      if (reason === 'LOGOUT' || reason === 'UNPAIRED' || reason === 'UNPAIRED_IDLE') this.onLogout(gen, reason === 'LOGOUT');
      else this.fail(gen, `disconnected (${String(reason)})`);
    });
  }

  private async onQr(qr: string, gen: number): Promise<void> {
    this.readyTimer?.cancel();
    // A QR code means browser and WhatsApp Web work: only a person is missing.
    this.failures = 0;
    let rendered;
    try {
      rendered = await renderQr(qr);
    } catch (err) {
      this.log.error({ err }, 'could not render the pairing QR code');
      return;
    }
    if (gen !== this.gen) return;
    this.qrDataUrlValue = rendered.dataUrl;
    (this.deps.printQr ?? ((t) => process.stdout.write(t)))(terminalBanner(rendered.terminal));
    this.setStatus(this.loggedOut ? 'logged_out' : 'qr');
    this.emit('qr', rendered.dataUrl);
  }

  private onReady(client: WaClient, gen: number): void {
    this.readyTimer?.cancel();
    this.loggedOut = false;
    this.failures = 0;
    this.strikes = 0;
    this.qrDataUrlValue = undefined;
    this.setStatus('ready');
    this.log.info({ generation: gen }, 'WhatsApp linked and ready');
    this.scheduleWatchdog(gen);
    this.emit('ready', client);
  }

  /**
   * The phone unlinked us. Reconnecting cannot help: a person must scan a new QR code. After
   * LOGOUT the library reloads the page itself and emits that QR; after UNPAIRED it destroys
   * itself, so a fresh client is started to show one.
   */
  private onLogout(gen: number, libraryShowsQr: boolean): void {
    this.watchdogTimer?.cancel();
    this.readyTimer?.cancel();
    this.qrDataUrlValue = undefined;
    const first = !this.loggedOut;
    this.loggedOut = true;
    this.failures = 0;
    this.setStatus('logged_out');
    this.log.warn({ generation: gen }, 'WhatsApp logged out: waiting for a new pairing');
    if (first) this.alert('logged_out');
    if (!libraryShowsQr) return this.replace(gen, 'logged out');
    // If no QR code comes from the reloaded page, a fresh client shows one.
    this.readyTimer = this.deps.timers.setTimeout(() => {
      if (gen === this.gen && !this.qrDataUrlValue) this.replace(gen, 'no QR code after logout');
    }, this.settings.readyTimeoutMs);
  }

  private fail(gen: number, reason: string, err?: unknown): void {
    if (this.stopped || gen !== this.gen) return;
    this.failures++;
    const { alertAfterFailures, maxConsecutiveFailures } = this.settings;
    if (this.failures > maxConsecutiveFailures) return this.giveUp(gen, reason, err);
    if (this.failures === alertAfterFailures) this.alert('unstable');
    const delay = backoffMs(this.settings, this.failures, this.random());
    this.log.warn({ err, generation: gen, failures: this.failures, retryInMs: delay }, `WhatsApp client failed: ${reason}`);
    this.replace(gen, reason, { delayMs: delay, failed: true });
  }

  private giveUp(gen: number, reason: string, err?: unknown): void {
    this.log.error({ err, generation: gen, failures: this.failures }, `WhatsApp client gave up: ${reason}`);
    this.alert('gave_up');
    this.gen++;
    this.clearTimers();
    const old = this.client;
    this.client = null;
    this.setStatus('disconnected');
    if (old) this.queue(() => this.teardown(old));
  }

  /** Tears the current client down and launches a new one (at once unless delayMs). */
  private replace(gen: number, reason: string, how: { delayMs?: number; failed?: boolean; planned?: boolean } = {}): void {
    const { delayMs = 0, failed = false, planned = false } = how;
    if (this.stopped || gen !== this.gen) return;
    this.gen++;
    this.clearTimers();
    const old = this.client;
    this.client = null;
    if (!this.loggedOut) this.setStatus(failed ? 'disconnected' : 'starting');
    if (!failed) this.log.info({ generation: gen }, `restarting WhatsApp client: ${reason}`);
    this.queue(async () => {
      if (planned) await this.deps.beforePlannedRestart?.().catch(() => undefined);
      if (old) await this.teardown(old);
    });
    const next = this.gen;
    void this.ops.then(() => {
      if (this.stopped || next !== this.gen) return;
      if (delayMs <= 0) return this.launch();
      this.relaunchTimer = this.deps.timers.setTimeout(() => next === this.gen && this.launch(), delayMs);
    });
  }

  private armReadyTimer(gen: number): void {
    this.readyTimer?.cancel();
    this.readyTimer = this.deps.timers.setTimeout(() => this.fail(gen, 'not ready in time'), this.settings.readyTimeoutMs);
  }

  private scheduleWatchdog(gen: number): void {
    this.watchdogTimer?.cancel();
    this.watchdogTimer = this.deps.timers.setTimeout(() => void this.watchdogTick(gen), this.settings.watchdogIntervalMs);
  }

  /** getState() is a round trip through the page: it fails or hangs when the browser is dead or frozen. */
  private async watchdogTick(gen: number): Promise<void> {
    const client = this.client;
    if (gen !== this.gen || this.statusValue !== 'ready' || !client) return;
    let healthy: boolean;
    try {
      healthy = (await withTimeout(this.deps.timers, client.getState(), this.settings.watchdogTimeoutMs, 'getState')) === 'CONNECTED';
    } catch {
      healthy = false;
    }
    if (gen !== this.gen || this.statusValue !== 'ready') return;
    const browserGone = client.pupBrowser ? !client.pupBrowser.isConnected() : false;
    this.strikes = healthy ? 0 : this.strikes + 1;
    if (!browserGone && this.strikes < this.settings.watchdogStrikes) return this.scheduleWatchdog(gen);
    const now = this.deps.timers.now();
    this.watchdogRestarts = this.watchdogRestarts.filter((t) => now - t < 3_600_000);
    this.watchdogRestarts.push(now);
    if (this.watchdogRestarts.length > this.settings.maxWatchdogRestartsPerHour) return this.giveUp(gen, 'watchdog restarts exhausted');
    this.fail(gen, browserGone ? 'browser is gone' : 'browser stopped answering');
  }

  private watchBrowser(client: WaClient, gen: number): void {
    const proc = client.pupBrowser?.process() ?? null;
    proc?.once('exit', () => this.fail(gen, 'browser exited'));
  }

  private scheduleNightly(): void {
    const nightly = this.settings.nightlyRestart;
    if (!nightly) return;
    this.nightlyTimer = this.deps.timers.setTimeout(() => {
      // Never interrupt a pairing or a recovery: only a healthy link is restarted.
      if (this.statusValue === 'ready') this.replace(this.gen, 'nightly restart', { planned: true });
      this.scheduleNightly();
    }, msUntilNightly(this.deps.timers.now(), nightly));
  }

  private async teardown(client: WaClient): Promise<void> {
    const proc = client.pupBrowser?.process() ?? null;
    try {
      await withTimeout(this.deps.timers, client.destroy(), this.settings.destroyTimeoutMs, 'destroy');
    } catch (err) {
      this.log.warn({ err }, 'WhatsApp client did not close cleanly');
    }
    if (proc) killBrowser(proc);
    client.removeAllListeners();
  }

  private queue(step: () => Promise<void>): void {
    this.ops = this.ops.then(step).catch((err: unknown) => this.log.error({ err }, 'WhatsApp lifecycle step failed'));
  }

  private clearTimers(): void {
    for (const t of [this.readyTimer, this.watchdogTimer, this.relaunchTimer]) t?.cancel();
  }

  private alert(kind: WhatsAppAlert['kind']): void {
    this.emit('alert', { kind, at: new Date(this.deps.timers.now()), message: ALERT_TEXT[kind] });
  }

  private setStatus(status: LinkStatus): void {
    if (status === this.statusValue) return;
    this.statusValue = status;
    this.emit('status', status);
  }
}

/**
 * Makes sure no browser process outlives its client: Chromium's helpers (zygote, renderers)
 * share the browser's process group and can linger after it, or the browser did not close.
 */
function killBrowser(proc: ChildProcess): void {
  if (proc.pid === undefined) return;
  try {
    process.kill(-proc.pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
  if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
}
