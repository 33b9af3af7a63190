/**
 * The SLA monitor with a moving clock: a reminder when less than one working day is left, an
 * escalation (and the overdue mark) once the deadline passes — each sent exactly once to
 * officers' WhatsApp and the dashboard, even with two monitor instances racing and after a
 * restart; answered and paused tickets stay quiet; a held lease makes another instance skip.
 */
import { createComplaintsModule } from '../../src/complaints/module';
import { staticAlertRecipients } from '../../src/complaints/alerts';
import { LeaseStore } from '../../src/complaints/lease';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { seedUser } from '../dashboard/support';
import { startTestService, type TestService } from '../support/service';

let mongo: EmbeddedMongo;
beforeAll(async () => {
  mongo = await startEmbeddedMongo();
});
afterAll(() => mongo.stop());

const OFFICER_1 = '6281200000001';
const OFFICER_2 = '6281200000002';
const SUPERVISOR = '6281200000009';
/** Ani's id is her real staff account's when a test assigns her (assignees must be real accounts). */
const recipientsWith = (aniId = 'off-2') =>
  staticAlertRecipients({
    officers: [
      { id: 'off-1', name: 'Budi', phone: `+${OFFICER_1}` },
      { id: aniId, name: 'Ani', phone: `+${OFFICER_2}` },
    ],
    supervisors: [{ id: 'sup-1', name: 'Bu Kabid', phone: `+${SUPERVISOR}` }],
  });

/** A service at Monday 23 November 2026, 10:00 WITA, with one ticket due Thursday 26 November 16:00 WITA. */
async function setup(ticket: Record<string, unknown> = {}, o: { assignAni?: boolean } = {}) {
  const t = await startTestService({ mongo, now: '2026-11-23T02:00:00Z' });
  const ani = o.assignAni ? await seedUser(t, 'ani', ['officer'], { name: 'Ani' }) : null;
  const assignee = ani ? { assignee: { id: ani.id } } : {};
  const res = await t.api('POST', '/api/v1/tickets', { channel: 'walk_in', topic: 'loket', body: 'Antrean lama.', ...assignee, ...ticket });
  expect(res.body.ticket.responseDueAt).toBe('2026-11-26T16:00:00+08:00');
  // Another module on the same database plays the second process.
  const other = createComplaintsModule(t.service.modules, { recipients: recipientsWith(ani?.id) });
  return { t, number: res.body.ticket.number as string, a: other.createMonitor({ instanceId: 'a' }), b: other.createMonitor({ instanceId: 'b' }), other };
}

const at = (t: TestService, wita: string) => t.clock.set(`${wita}+08:00`);
const alertsTo = async (t: TestService, phone: string, number: string) => (await t.transcript(phone)).filter((m) => m.text.includes(number)).map((m) => m.text);

describe('reminders and escalations', () => {
  let env: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    env = await setup();
  });
  afterAll(() => env.t.close());

  const runBoth = async () => {
    const [x, y] = await Promise.all([env.a.runOnce(), env.b.runOnce()]);
    return { reminders: [...x.reminders, ...y.reminders], escalations: [...x.escalations, ...y.escalations] };
  };

  test('when more than one working day is left, then nothing is sent', async () => {
    for (const time of ['2026-11-23T11:00:00', '2026-11-24T16:30:00', '2026-11-25T15:59:00']) {
      at(env.t, time);
      expect(await runBoth()).toEqual({ reminders: [], escalations: [] });
    }
  });

  test('when the last working day begins (after closing the day before), then one reminder goes to every officer of an unassigned ticket, once', async () => {
    at(env.t, '2026-11-25T16:05:00'); // Wednesday after closing: only Thursday is left
    expect(await runBoth()).toEqual({ reminders: [env.number], escalations: [] });
    at(env.t, '2026-11-26T09:00:00');
    expect(await runBoth()).toEqual({ reminders: [], escalations: [] });
    await env.t.service.jobs.find((j) => j.name === 'complaints-sla-monitor')!.run();

    for (const officer of [OFFICER_1, OFFICER_2]) {
      const texts = await alertsTo(env.t, officer, env.number);
      expect(texts).toHaveLength(1);
      expect(texts[0]).toContain('Pengingat tiket');
      expect(texts[0]).toContain('Kamis, 26 November 2026 pukul 16.00 WITA');
    }
    expect(await alertsTo(env.t, SUPERVISOR, env.number)).toHaveLength(0);
  });

  test('when the deadline passes unanswered, then the ticket is marked overdue and supervisors get one escalation', async () => {
    at(env.t, '2026-11-26T15:59:00');
    expect(await runBoth()).toEqual({ reminders: [], escalations: [] });
    at(env.t, '2026-11-26T16:15:00');
    expect(await runBoth()).toEqual({ reminders: [], escalations: [env.number] });
    for (const time of ['2026-11-26T16:30:00', '2026-11-27T10:00:00', '2026-11-30T10:00:00']) {
      at(env.t, time);
      expect(await runBoth()).toEqual({ reminders: [], escalations: [] });
    }
    const texts = await alertsTo(env.t, SUPERVISOR, env.number);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('melewati batas waktu');
    expect(texts[0]).toContain('belum ditunjuk');
    expect((await env.t.api('GET', `/api/v1/tickets/${env.number}`)).body.ticket).toMatchObject({ overdue: true, alerts: { escalatedAt: '2026-11-26T16:15:00+08:00' } });
  });

  test('when the service restarts with a fresh monitor, then no alert is sent again', async () => {
    const restarted = createComplaintsModule(env.t.service.modules, { recipients: recipientsWith() }).createMonitor({ instanceId: 'after-restart' });
    at(env.t, '2026-12-01T10:00:00');
    expect(await restarted.runOnce()).toEqual({ ran: true, reminders: [], escalations: [] });
    expect(await alertsTo(env.t, OFFICER_1, env.number)).toHaveLength(1);
    expect(await alertsTo(env.t, SUPERVISOR, env.number)).toHaveLength(1);
  });

  test('when the dashboard lists alerts, then the ticket has exactly one reminder and one escalation', async () => {
    const res = await env.t.api('GET', `/api/v1/complaint-alerts?ticket=${env.number}`);
    expect(res.status).toBe(200);
    expect(res.body.alerts.map((a: { kind: string }) => a.kind).sort()).toEqual(['escalation', 'reminder']);
    expect(res.body.alerts.find((a: { kind: string }) => a.kind === 'reminder').recipientIds).toEqual(['off-1', 'off-2']);
  });
});

describe('who is alerted, and who is not', () => {
  test('when the ticket is assigned, then only the assigned officer gets the reminder', async () => {
    const { t, number, a } = await setup({}, { assignAni: true });
    try {
      at(t, '2026-11-25T16:05:00');
      expect((await a.runOnce()).reminders).toEqual([number]);
      expect(await alertsTo(t, OFFICER_2, number)).toHaveLength(1);
      expect(await alertsTo(t, OFFICER_1, number)).toHaveLength(0);
      at(t, '2026-11-26T16:15:00');
      expect((await a.runOnce()).escalations).toEqual([number]);
      expect((await alertsTo(t, SUPERVISOR, number))[0]).toContain('Petugas: Ani');
    } finally {
      await t.close();
    }
  });

  test('when the ticket was answered in time, then neither reminder nor escalation is sent', async () => {
    const { t, number, a } = await setup();
    try {
      at(t, '2026-11-24T10:00:00');
      await t.api('POST', `/api/v1/tickets/${number}/responses`, { text: 'Ditanggapi.' });
      for (const time of ['2026-11-25T16:05:00', '2026-11-27T10:00:00']) {
        at(t, time);
        expect(await a.runOnce()).toEqual({ ran: true, reminders: [], escalations: [] });
      }
      expect((await t.api('GET', `/api/v1/tickets/${number}`)).body.ticket.overdue).toBe(false);
    } finally {
      await t.close();
    }
  });

  test('when the office waits on the complainant past the old deadline, then the ticket is not escalated while paused', async () => {
    const { t, number, a } = await setup();
    try {
      at(t, '2026-11-24T10:00:00');
      await t.api('POST', `/api/v1/tickets/${number}/transitions`, { to: 'menunggu_pelapor', note: 'Menunggu fotokopi KK.' });
      at(t, '2026-11-27T10:00:00');
      expect(await a.runOnce()).toEqual({ ran: true, reminders: [], escalations: [] });
      // Resumed Friday 10:00 after 6 + 8.5 + 8.5 + 2.5 = 25.5 working hours of waiting: due moves to Tuesday 1 December 15:30.
      const resumed = await t.api('POST', `/api/v1/tickets/${number}/transitions`, { to: 'koordinasi', note: 'KK diterima di loket.' });
      expect(resumed.body.ticket.responseDueAt).toBe('2026-12-01T15:30:00+08:00');
      expect((await t.api('GET', `/api/v1/tickets/${number}`)).body.ticket.overdue).toBe(false);
    } finally {
      await t.close();
    }
  });

  test('when leases expire at once and two instances scan the same tickets together, then each alert is still sent once', async () => {
    const { t, number, other } = await setup();
    try {
      // A zero-length lease is free again immediately: both instances scan concurrently.
      const racers = ['x', 'y', 'z'].map((id) => other.createMonitor({ instanceId: id, leaseMs: 0 }));
      at(t, '2026-11-25T16:05:00');
      const runs = await Promise.all(racers.map((m) => m.runOnce()));
      expect(runs.filter((r) => r.ran).length).toBeGreaterThan(1);
      expect(runs.flatMap((r) => r.reminders)).toEqual([number]);
      at(t, '2026-11-26T16:15:00');
      const late = await Promise.all(racers.map((m) => m.runOnce()));
      expect(late.flatMap((r) => r.escalations)).toEqual([number]);
      expect(await alertsTo(t, OFFICER_1, number)).toHaveLength(1);
      expect(await alertsTo(t, SUPERVISOR, number)).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  test('when another instance holds the scan lease, then this one skips until the lease expires', async () => {
    const { t, number, a } = await setup();
    try {
      at(t, '2026-11-25T16:05:00');
      const leases = new LeaseStore(t.service.modules.connection);
      expect(await leases.acquire('complaints-sla-monitor', 'crashed-instance', t.clock.now(), 10 * 60_000)).toBe(true);
      expect(await a.runOnce()).toEqual({ ran: false, reminders: [], escalations: [] });
      t.clock.advanceMinutes(11);
      expect(await a.runOnce()).toEqual({ ran: true, reminders: [number], escalations: [] });
    } finally {
      await t.close();
    }
  });
});
