import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient, safeUrl } from '../src/http';
import { OperationalError } from '../src/errors';

/** A loopback server whose answers are scripted per request. */
async function scripted(answers: Array<number | 'hang'>): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let i = 0;
  const server = http.createServer((req, res) => {
    const a = answers[Math.min(i++, answers.length - 1)];
    if (a === 'hang') return; // never answers: the client's timeout must fire
    res.writeHead(a, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ n: i }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => i,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

const fast = { baseDelayMs: 1, maxDelayMs: 5, service: 'test server' };

describe('HttpClient', () => {
  it('retries 5xx answers and returns the first success', async () => {
    const s = await scripted([503, 500, 200]);
    const client = new HttpClient(fast);
    const res = await client.request({ url: `${s.url}/x` });
    expect(res.status).toBe(200);
    expect(s.hits()).toBe(3);
    client.close();
    await s.close();
  });

  it('returns a 4xx answer at once without retrying', async () => {
    const s = await scripted([404, 200]);
    const client = new HttpClient(fast);
    expect((await client.request({ url: `${s.url}/x` })).status).toBe(404);
    expect(s.hits()).toBe(1);
    client.close();
    await s.close();
  });

  it('does not retry a POST after an ambiguous 500, but does after 503', async () => {
    const s = await scripted([500, 200]);
    const client = new HttpClient(fast);
    expect((await client.request({ method: 'POST', url: `${s.url}/x`, body: {} })).status).toBe(500);
    expect(s.hits()).toBe(1);
    const t = await scripted([503, 200]);
    expect((await client.request({ method: 'POST', url: `${t.url}/x`, body: {} })).status).toBe(200);
    client.close();
    await s.close();
    await t.close();
  });

  it('gives up after the retry limit with an operational error listing every attempt', async () => {
    const s = await scripted([502]);
    const client = new HttpClient({ ...fast, retries: 2 });
    const res = await client.request({ url: `${s.url}/x?token=abc` });
    expect(res.status).toBe(502);
    expect(s.hits()).toBe(3);
    client.close();
    await s.close();
  });

  it('fails with exit-3 error naming the URL without its query when nothing listens', async () => {
    const s = await scripted([200]);
    await s.close();
    const client = new HttpClient({ ...fast, retries: 2 });
    const err = await client.request({ url: `${s.url}/v1/sys/health?secret=xyz` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationalError);
    const e = err as OperationalError;
    expect(e.tried).toHaveLength(3);
    expect(e.message).toContain('ECONNREFUSED');
    expect(e.describe()).not.toContain('secret=xyz');
    client.close();
  });

  it('times out an attempt that never answers and retries it', async () => {
    const s = await scripted(['hang', 200]);
    const client = new HttpClient({ ...fast, timeoutMs: 200 });
    expect((await client.request({ url: `${s.url}/x` })).status).toBe(200);
    expect(s.hits()).toBe(2);
    client.close();
    await s.close();
  });

  it('ends an attempt whose answer trickles in slower than its timeout, however often bytes arrive', async () => {
    // The server sends the headers, then one byte every 20 ms for ever: the socket is never idle.
    const timers = new Set<NodeJS.Timeout>();
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const t = setInterval(() => res.write('.'), 20);
      timers.add(t);
      res.on('close', () => clearInterval(t));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const client = new HttpClient({ ...fast, timeoutMs: 300, retries: 1 });
    try {
      const err = await client.request({ url: `http://127.0.0.1:${port}/drip` }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OperationalError);
      expect((err as OperationalError).tried).toEqual([
        `GET http://127.0.0.1:${port}/drip → timeout after 300 ms (attempt 1)`,
        `GET http://127.0.0.1:${port}/drip → timeout after 300 ms (attempt 2)`,
      ]);
    } finally {
      client.close();
      for (const t of timers) clearInterval(t);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('serves SDKs through a fetch-compatible adapter', async () => {
    const s = await scripted([200]);
    const client = new HttpClient(fast);
    const res = await client.fetch(`${s.url}/y`, { method: 'GET', headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ n: 1 });
    client.close();
    await s.close();
  });

  it('rejects an address that is not http(s) as a configuration error', async () => {
    const client = new HttpClient(fast);
    await expect(client.request({ url: 'ftp://x/y' })).rejects.toThrow('must start with http:// or https://');
    client.close();
  });

  it('strips credentials and query strings from logged URLs', () => {
    expect(safeUrl('https://user:pw@host:8200/v1/x?token=t')).toBe('https://host:8200/v1/x');
  });
});
