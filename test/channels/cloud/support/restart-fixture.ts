/**
 * The set-up of a Cloud API restart test: one embedded engine and one fake Graph API shared by
 * the services a test starts in turn on the same database ("the first process", then "after the
 * restart"), so what reached Meta is counted across both. The engine's clock (its TTL sweep) is
 * the test's start, so nothing stored expires while the test runs. After the file, handlings a
 * test left hanging ("the process died here") are ended first, because a service closes only
 * once its work ends; then the services still open, the graph and the engine are closed.
 *
 * Call `restartFixture` at the top of a file or a describe block: it registers that scope's
 * beforeAll and afterAll.
 */
import { startEmbeddedMongo, type EmbeddedMongo } from '../../../../src/db/embedded';
import { startCloudService, type CloudTestService } from './cloud-service';
import { startFakeGraph, type FakeGraph } from './fake-graph';

export interface RestartFixture {
  readonly mongo: EmbeddedMongo;
  readonly graph: FakeGraph;
  /** A service on `databaseName` at `now` (the fixture's start unless given); closed after the file unless `close` is called. */
  start(databaseName: string, now?: string): Promise<CloudTestService>;
  /** Stops a service before the file ends (a process that shut down cleanly). */
  close(service: CloudTestService): Promise<void>;
  /** A promise that settles only when `endHandlings` is called or the file ends: the dead process's work, left hanging. */
  hang(): Promise<never>;
  /** Ends every hanging handling (rejects it with "process gone"), as the process's death would. */
  endHandlings(): void;
}

export function restartFixture(start: string): RestartFixture {
  let mongo: EmbeddedMongo | undefined;
  let graph: FakeGraph | undefined;
  const open: CloudTestService[] = [];
  const hanging: ((err: Error) => void)[] = [];
  const endHandlings = () => {
    for (const end of hanging.splice(0)) end(new Error('process gone'));
  };

  beforeAll(async () => {
    mongo = await startEmbeddedMongo({ now: () => Date.parse(start) });
    graph = await startFakeGraph();
  }, 60_000);
  afterAll(async () => {
    endHandlings();
    for (const s of open) await s.close().catch(() => undefined);
    await graph?.close();
    await mongo?.stop();
  });

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`restartFixture: the ${what} exists only inside a test (after beforeAll)`);
    return value;
  };

  return {
    get mongo() {
      return ready(mongo, 'embedded engine');
    },
    get graph() {
      return ready(graph, 'fake Graph API');
    },
    async start(databaseName, now = start) {
      const s = await startCloudService({ now, mongo: ready(mongo, 'embedded engine'), databaseName, graph: ready(graph, 'fake Graph API') });
      open.push(s);
      return s;
    },
    async close(service) {
      await service.close();
      open.splice(open.indexOf(service), 1);
    },
    hang: () => new Promise<never>((_resolve, reject) => hanging.push(reject)),
    endHandlings,
  };
}
