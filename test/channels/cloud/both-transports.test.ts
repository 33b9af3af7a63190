/**
 * The same conversation over the simulator and over the Cloud API (real service, fake Graph API):
 * every turn gets the same replies, counted where they leave (the simulator's transcript, the
 * requests the fake Graph API received). A menu choice arrives on the Cloud API as a list reply.
 * The complaint filed on each is recorded under the channel it came through.
 */
import { bodyTextOf } from '../../../src/channels/cloud/presentation';
import { startTestService, type TestService } from '../../support/service';
import { USER, inbound, startCloudService, text, type CloudTestService } from './support/cloud-service';

const START = '2026-11-23T02:00:00Z'; // Monday 10:00 WITA
const SIM_USER = '6281299990001';
/** [what the person sends, how it arrives on the Cloud API]. */
const TURNS: [string, Record<string, unknown>][] = [
  ['halo', text('halo')],
  ['1', { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 't:1', title: 'Lihat' } } }],
  ['menu', { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 't:menu', title: 'Kembali' } } }],
  ['kapan jadwal verifikasi rumah?', text('kapan jadwal verifikasi rumah?')],
  // Several questions at once, then a status check with a NIK, a complaint filed and a person asked for.
  ['syaratnya apa aja, trus brp lama prosesnya?', text('syaratnya apa aja, trus brp lama prosesnya?')],
  ['cek status', text('cek status')],
  ['3204110609970001', text('3204110609970001')],
  ['menu', text('menu')],
  ['mau lapor', text('mau lapor')],
  ['1', text('1')],
  ['petugas loket minta uang 50 ribu', text('petugas loket minta uang 50 ribu')],
  ['selesai', text('selesai')],
  ['Budi', text('Budi')],
  ['lewati', text('lewati')],
  ['1', text('1')],
  ['1', text('1')],
  ['mau bicara dengan petugas', text('mau bicara dengan petugas')],
  ['ya', text('ya')],
  ['terima kasih', text('terima kasih')],
];

let sim: TestService;
let cloud: CloudTestService;
beforeAll(async () => {
  sim = await startTestService({ now: START });
  cloud = await startCloudService({ now: START });
}, 120_000);
afterAll(async () => {
  await sim?.close();
  await cloud?.close();
});

async function cloudTurn(content: Record<string, unknown>): Promise<string[]> {
  const before = cloud.graph.sends().length;
  await cloud.webhook(inbound(content, { at: cloud.clock.now() }));
  await cloud.settle();
  // Paced parts beyond the burst go on later sweeps.
  for (let i = 0; i < 20 && (await cloud.service.outbox.pendingCount()) > 0; i++) {
    cloud.clock.advance(6_000);
    await cloud.service.outbox.sweep();
    await cloud.service.outbox.idle();
  }
  return cloud.graph.sends().slice(before).map((r) => bodyTextOf(r.body) as string);
}

it('answers every turn the same over both transports', async () => {
  const heard: string[] = [];
  for (const [said, viaCloud] of TURNS) {
    sim.clock.advance(60_000);
    cloud.clock.advance(60_000);
    const simReplies = await sim.send(SIM_USER, said);
    const cloudReplies = await cloudTurn(viaCloud);
    expect(simReplies.length).toBeGreaterThan(0);
    expect({ said, replies: cloudReplies }).toEqual({ said, replies: simReplies });
    heard.push(...cloudReplies);
  }
  // The conversation went where it meant to: a ticket filed, a person asked for.
  expect(heard.join('\n')).toMatch(/ADU-[A-Z]+-\d{4}-\d{4}/);
  expect(heard.join('\n')).toContain('kami teruskan ke petugas');
  expect(cloud.graph.sends().every((r) => r.body.to === USER)).toBe(true);

  // Each ticket names the chat's own channel (the simulator's is never WhatsApp), in the
  // database, the ticket API (with its LAPOR! classification) and the report's channel counts.
  for (const [t, channel] of [[sim, 'simulator'], [cloud, 'whatsapp']] as const) {
    const stored = await t.service.db.connection.collection('tickets').find({}, { projection: { number: 1, channel: 1 } }).toArray();
    expect(stored.map((x) => x.channel)).toEqual([channel]);
    const shown = await t.api('GET', `/api/v1/tickets/${stored[0].number}`);
    expect(shown.body.ticket).toMatchObject({ channel, lapor: { classification: 'pengaduan' } });
    const report = await t.api('GET', '/api/v1/reports/tickets');
    expect(report.body.byChannel).toMatchObject({ [channel]: 1, [channel === 'simulator' ? 'whatsapp' : 'simulator']: 0 });
  }
});
