// Plain HTTP/1.1 requests to 127.0.0.1 (never anywhere else), each bounded in time: node:http,
// so the bench needs nothing beyond Node.
import { request } from 'node:http';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export function assertLoopback(url: URL): void {
  if (url.hostname !== '127.0.0.1' || url.protocol !== 'http:')
    throw new Error(`the bench only ever targets http://127.0.0.1, not ${url.origin}`);
}

export function send(target: string, opts: RequestOptions = {}, timeoutMs = 10_000): Promise<Answer> {
  const url = new URL(target);
  assertLoopback(url);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers, signal: AbortSignal.timeout(timeoutMs) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

export const get = (target: string, headers: Record<string, string> = {}, timeoutMs?: number): Promise<Answer> =>
  send(target, { headers }, timeoutMs);

/** The name=value pairs of an answer's Set-Cookie headers. */
export function cookiesOf(answer: Answer): Map<string, string> {
  const jar = new Map<string, string>();
  const set = answer.headers['set-cookie'] ?? [];
  for (const line of Array.isArray(set) ? set : [set]) {
    const [pair = ''] = line.split(';');
    const at = pair.indexOf('=');
    if (at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return jar;
}

export const cookieHeader = (jar: Map<string, string>): string => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

export function locationOf(answer: Answer): string {
  const location = answer.headers.location;
  if (typeof location !== 'string') throw new Error(`expected a redirect, got ${answer.status}`);
  return location;
}
