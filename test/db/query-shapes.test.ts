/**
 * Every query the application sends has an index MongoDB would use for it. The service runs a
 * working day (applicants in every flow, staff through the API, every scheduled job) while the
 * database records each command it receives; each distinct query shape is then explained, and a
 * collection scan fails the test unless it is listed below with the reason it is harmless.
 */
import { MongoClient, type Document } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { all, DOB_WOMAN, KK, newPhone, NIK_WOMAN } from '../applications/fixtures';
import { startTestService, type TestService } from '../support/service';

/** Collections read whole on purpose, each bounded by what it holds. */
const SCANS_ALLOWED: Record<string, string> = {
  migrations: 'a handful of schema-version records read at start-up',
};

const QUERY_COMMANDS = new Set(['find', 'count', 'distinct', 'delete', 'update', 'findAndModify', 'aggregate']);

interface Query {
  db: string;
  coll: string;
  command: Document;
}

/** The shape of a filter: operators and field names kept, values replaced. */
function shapeOf(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shapeOf);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v as Document).map(([k, x]) => [k, k === '$in' || k === '$nin' ? ['…'] : shapeOf(x)]));
  }
  return '?';
}

/** One command per statement (an update or delete may carry several), as a find-like query. */
function queriesIn(db: string, body: Document): Query[] {
  const name = Object.keys(body)[0];
  if (!QUERY_COMMANDS.has(name) || typeof body[name] !== 'string') return [];
  const coll = body[name] as string;
  if (name === 'update' || name === 'delete') {
    const statements: Document[] = body[name === 'update' ? 'updates' : 'deletes'] ?? [];
    return statements.map((st) => ({ db, coll, command: { [name]: coll, [name === 'update' ? 'updates' : 'deletes']: [st] } }));
  }
  return [{ db, coll, command: body }];
}

function filterAndSort(q: Query): { filter: unknown; sort: unknown } {
  const c = q.command;
  const st = (c.updates ?? c.deletes)?.[0];
  if (st) return { filter: st.q, sort: st.sort };
  if (c.aggregate) return { filter: c.pipeline?.[0]?.$match ?? '(no $match)', sort: undefined };
  return { filter: c.filter ?? c.query, sort: c.sort };
}

describe('every query has an index', () => {
  let mongo: EmbeddedMongo;
  let t: TestService;
  let client: MongoClient;
  const seen = new Map<string, Query>();

  beforeAll(async () => {
    mongo = await startEmbeddedMongo();
    mongo.observeCommands((db, body) => {
      for (const q of queriesIn(db, body)) {
        const { filter, sort } = filterAndSort(q);
        const key = `${q.coll} ${Object.keys(q.command)[0]} ${JSON.stringify(shapeOf(filter))} ${JSON.stringify(sort ?? null)}`;
        if (!seen.has(key)) seen.set(key, q);
      }
    });
    t = await startTestService({ mongo });
    client = await MongoClient.connect(mongo.uri);
  });

  afterAll(async () => {
    mongo?.observeCommands(null);
    await client?.close();
    await t?.close();
    await mongo?.stop();
  });

  it('when a working day runs, then no query scans a collection', async () => {
    const applicant = newPhone();
    const created = await t.api('POST', '/api/v1/applications', {
      registrationNumber: 'BJM/2026/00123', nik: NIK_WOMAN, kkNumber: KK, name: 'Siti Rahmawati', dateOfBirth: DOB_WOMAN, status: 'diterima', phones: [applicant],
    });
    expect(created.status).toBe(201);
    const id = created.body.id ?? created.body.application?.id;
    for (const text of ['halo', 'syarat daftar kis apa aja', 'berapa biayanya', 'jam buka kantor', 'kapan jadwal verifikasi', 'makasih']) await t.send(newPhone(), text);
    await t.send(applicant, 'cek status');
    await t.send(applicant, NIK_WOMAN);
    await t.send(newPhone(), `cek nik ${NIK_WOMAN}`);

    const filer = newPhone();
    for (const text of ['mau mengadu', '1', 'Saya antre dari pagi tapi tidak dipanggil.', 'selesai', 'Siti Rahmawati', 'lewati', '2']) await t.send(filer, text);
    const filed = all(await t.send(filer, '1'));
    const number = /[A-Z]{3}-[A-Z]{3}-\d{4}-\d{4}/.exec(filed)?.[0];
    expect(number).toBeDefined();
    await t.send(filer, `status aduan ${number}`);
    await t.send(filer, 'halo lagi');

    const waiting = newPhone();
    await t.send(waiting, 'saya mau bicara dengan petugas');
    await t.send(waiting, 'ya');
    const queue = await t.api('GET', '/api/v1/handoffs');
    const chatKey = queue.body.handoffs?.[0]?.chatKey ?? queue.body[0]?.chatKey;
    expect(chatKey).toBeDefined();
    await t.api('POST', `/api/v1/handoffs/${encodeURIComponent(chatKey)}/claim`, {});
    await t.api('POST', `/api/v1/handoffs/${encodeURIComponent(chatKey)}/reply`, { text: 'Selamat siang, ada yang bisa dibantu?' });
    await t.send(waiting, 'iya saya mau tanya kartu');
    await t.api('GET', `/api/v1/handoffs/${encodeURIComponent(chatKey)}`);
    await t.api('POST', `/api/v1/handoffs/${encodeURIComponent(chatKey)}/close`, {});

    await t.api('GET', '/api/v1/tickets');
    await t.api('GET', `/api/v1/tickets/${encodeURIComponent(number!)}`);
    await t.api('POST', `/api/v1/tickets/${encodeURIComponent(number!)}/responses`, { text: 'Terima kasih, kami tindak lanjuti.' });
    await t.api('GET', '/api/v1/reports/tickets');
    await t.api('GET', '/api/v1/complaint-alerts');
    await t.api('GET', `/api/v1/applications/${id}`);
    await t.api('GET', '/api/v1/applications?registrationNumber=BJM%2F2026%2F00123');
    await t.api('GET', `/api/v1/applications?nik=${NIK_WOMAN}`);
    await t.api('PUT', `/api/v1/applications/${id}/visit`, { date: '2026-11-26', timeWindow: '09:00-12:00' });
    await t.api('PATCH', `/api/v1/applications/${id}/status`, { status: 'menunggu_verifikasi', note: 'jadwal kunjungan' });
    await t.api('GET', '/api/v1/applications/export.csv');

    t.clock.advance(4 * 24 * 3600 * 1000);
    for (const job of t.service.jobs) await job.run();
    await t.send(newPhone(), 'halo');

    const scans: string[] = [];
    for (const q of seen.values()) {
      if (SCANS_ALLOWED[q.coll]) continue;
      const explained = await client.db(q.db).command({ explain: q.command, verbosity: 'queryPlanner' });
      const plan = JSON.stringify(explained.queryPlanner.winningPlan);
      if (plan.includes('COLLSCAN')) scans.push(`${q.coll}: ${JSON.stringify(filterAndSort(q))}`);
    }
    if (process.env.PRINT_SHAPES) console.log([...seen.keys()].join("\n"));
    expect(seen.size).toBeGreaterThan(25);
    expect(scans).toEqual([]);
  });
});
