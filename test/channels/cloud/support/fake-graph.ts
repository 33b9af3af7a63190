/**
 * A fake Graph API on loopback (real HTTP): records every request the adapter makes to the
 * messages endpoint and answers from a script (default: accepted, with a fresh wamid).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: any;
  at: number;
}

export type Scripted =
  | { status: number; body?: unknown; headers?: Record<string, string>; /** answer only once this resolves */ after?: Promise<unknown>; /** bytes instead of JSON */ raw?: Buffer }
  /** Reads the request, then drops the connection without answering (outcome unknown). */
  | { hangUp: true };

export interface FakeGraph {
  base: string;
  requests: GraphRequest[];
  /** Requests that asked to send (POST …/messages). */
  sends(): GraphRequest[];
  /** Answers for the next requests, in order; then the default. */
  script(...answers: Scripted[]): void;
  close(): Promise<void>;
}

export const PHONE_NUMBER_ID = '109876543210';

export async function startFakeGraph(): Promise<FakeGraph> {
  const requests: GraphRequest[] = [];
  const queue: Scripted[] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, body, at: Date.now() });
      const answer = queue.shift() ?? { status: 200, body: null };
      if ('hangUp' in answer) {
        req.socket.destroy();
        return;
      }
      const payload = answer.body ?? { messaging_product: 'whatsapp', contacts: [{ input: (body as any)?.to, wa_id: (body as any)?.to }], messages: [{ id: `wamid.FAKE${++n}` }] };
      void Promise.resolve(answer.after).then(() => {
        res.writeHead(answer.status, { 'content-type': answer.raw ? 'application/octet-stream' : 'application/json', ...answer.headers });
        res.end(answer.raw ?? JSON.stringify(payload));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/v24.0`,
    requests,
    sends: () => requests.filter((r) => r.method === 'POST' && r.path === `/v24.0/${PHONE_NUMBER_ID}/messages`),
    script: (...answers) => void queue.push(...answers),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Meta's error body. */
export function graphError(code: number, message = 'error', details = 'details'): unknown {
  return { error: { message: `(#${code}) ${message}`, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details }, fbtrace_id: 'AbC' } };
}
