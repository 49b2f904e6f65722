import type { FetchFunction } from '../api/client';

// A small, honest stand-in for Junction's admin listener in component tests (jsdom has no
// Junction): answers by method and path, like the server, and records every request.
// The end-to-end tests (e2e/) run the console against a real Junction.

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

export type Answer = { status: number; body?: unknown; text?: string };
type Handler = (request: RecordedRequest) => Answer;

export class FakeJunction {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Array<{ method: string; pattern: RegExp; handler: Handler }> = [];

  on(method: string, path: string | RegExp, handler: Handler | Answer): this {
    const pattern = typeof path === 'string' ? new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : path;
    this.routes.push({ method, pattern, handler: typeof handler === 'function' ? handler : () => handler });
    return this;
  }

  /** The anonymous admin of a Junction without authentication: /api/v1/me does not exist. */
  withoutAuthentication(): this {
    return this.on('GET', '/api/v1/me', { status: 404, text: 'Not found: /api/v1/me' }).on('GET', '/api/v1/info', {
      status: 200,
      body: { version: '0.1.0-test', proxyUri: 'http://junction.example.com:8080', startedAt: '2026-01-01T00:00:00Z' },
    });
  }

  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && request.path === path);
  }

  readonly fetch: FetchFunction = async (input, init) => {
    const url = new URL(input, 'http://console.test');
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const request: RecordedRequest = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    };
    this.requests.push(request);
    // the newest registration wins, so that a test can change an answer
    const route = [...this.routes].reverse().find((item) => item.method === request.method && item.pattern.test(request.path));
    const answer = route ? route.handler(request) : { status: 404, text: `Not found: ${request.path}` };
    if (answer.text !== undefined) {
      return new Response(answer.text, { status: answer.status, headers: { 'Content-Type': 'text/plain' } });
    }
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'Content-Type': 'application/json' },
    });
  };
}
