/**
 * Size limits on what comes in. Inbound WhatsApp media above 16 MB is refused while it is being
 * read — the declared size is not trusted, a download that never declares one is cut off at the
 * cap, never buffered whole. HTTP bodies above the routes' limits (17 MB here) are refused with
 * 413 and a clear error, and the service keeps serving.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphClient } from '../../src/channels/cloud/graph-client';
import { cloudSettingsSchema } from '../../src/channels/cloud/settings';
import { signedIn } from '../dashboard/support';
import { startTestService, type TestService } from '../support/service';

jest.setTimeout(60_000);

const MB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x41);

/** A Graph API stand-in whose media file is endless (no length) or declares 17 MB. */
async function endlessMedia() {
  let written = 0;
  const server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === '/111' || req.url === '/222') {
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ url: `${base}/file${req.url}`, mime_type: 'image/jpeg' }));
    }
    if (req.url === '/file/222') res.setHeader('content-length', String(17 * MB));
    const pump = () => {
      while (!res.destroyed && res.write(CHUNK)) written += CHUNK.length;
      if (!res.destroyed) res.once('drain', pump);
    };
    res.on('close', () => res.destroy());
    pump();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, written: () => written, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

describe('inbound media', () => {
  test('when a media download never says its size and goes past 16 MB, then it is refused as too large and cut off near the cap', async () => {
    const graph = await endlessMedia();
    try {
      const max = cloudSettingsSchema.shape.maxMediaBytes.parse(undefined);
      expect(max).toBe(16 * MB);
      const client = new GraphClient({ apiBase: graph.base, phoneNumberId: '1', accessToken: 'token-for-tests-0123456789', requestTimeoutMs: 20_000, now: () => new Date() });
      await expect(client.media('111', max)).rejects.toThrow(/media too large \(over 16 MB\)/);
      // The server kept writing until the client hung up: never far past the cap (socket buffers aside).
      expect(graph.written()).toBeLessThan(24 * MB);
      await expect(client.media('222', max)).rejects.toThrow(/media too large/);
    } finally {
      await graph.close();
    }
  });
});

describe('HTTP bodies', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({});
  });
  afterAll(async () => {
    await t?.close();
  });

  const big = (n: number) => 'x'.repeat(n);

  test('when a 17 MB body is posted to the JSON API, the simulator or a dashboard form, then 413 says it is too large, and the service keeps serving', async () => {
    const api = await t.api('POST', '/api/v1/tickets', JSON.stringify({ body: big(17 * MB) }));
    expect(api.status).toBe(413);
    expect(api.body.error).toMatchObject({ code: 'too_large', message: expect.stringMatching(/request body is too large \(limit \d+ bytes\)/) });
    const sim = await t.api('POST', '/simulator/messages', JSON.stringify({ from: '6281377793001', text: big(17 * MB) }), null);
    expect(sim.status).toBe(413);

    const staff = await signedIn(t, 'admin', ['admin']);
    const csrf = await staff.csrf('/dashboard/applications/import');
    const res = await fetch(`${t.baseUrl}/dashboard/applications/import`, {
      method: 'POST',
      headers: { cookie: [...staff.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'multipart/form-data; boundary=XX' },
      body: `--XX\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--XX\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n${big(17 * MB)}\r\n--XX--\r\n`,
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('Data yang dikirim terlalu besar');

    expect((await t.api('GET', '/healthz', undefined, null)).status).toBe(200);
  });
});
