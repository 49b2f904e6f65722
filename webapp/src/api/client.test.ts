import { describe, expect, it, vi } from 'vitest';
import { FakeJunction } from '../test/fakeJunction';
import { ApiClient, ApiError, isMissingEndpoint, queryString } from './client';

describe('ApiClient', () => {
  it('sends the CSRF token on state-changing calls only', async () => {
    const junction = new FakeJunction().on('GET', '/api/v1/clusters', { status: 200, body: [] }).on('POST', '/api/v1/clusters', { status: 201, body: {} });
    const api = new ApiClient({ fetch: junction.fetch });
    api.setCsrfToken('token-1');
    await api.get('/api/v1/clusters');
    await api.post('/api/v1/clusters', { name: 'a' });
    expect(junction.requests[0]!.headers['x-junction-csrf']).toBeUndefined();
    expect(junction.requests[1]!.headers['x-junction-csrf']).toBe('token-1');
    expect(junction.requests[1]!.headers['content-type']).toBe('application/json');
    expect(junction.requests[1]!.body).toEqual({ name: 'a' });
  });

  it("turns an error answer into an ApiError with the server's message and problems", async () => {
    const junction = new FakeJunction().on('PUT', '/api/v1/rules', {
      status: 400,
      body: { error: 'the rules are invalid', errors: [{ rule: 'etl', message: "undeclared reference to 'sorce'" }] },
    });
    const api = new ApiClient({ fetch: junction.fetch });
    const error = await api.put('/api/v1/rules', { rules: [] }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toBe('the rules are invalid');
    expect((error as ApiError).problems).toEqual([{ rule: 'etl', message: "undeclared reference to 'sorce'" }]);
  });

  it('tells the session about a 401', async () => {
    const onUnauthorized = vi.fn();
    const junction = new FakeJunction().on('GET', '/api/v1/fleet', { status: 401, body: { error: 'sign in' } });
    const api = new ApiClient({ fetch: junction.fetch, onUnauthorized });
    await expect(api.get('/api/v1/fleet')).rejects.toThrow('sign in');
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it("tells a missing endpoint (the listener's text 404) from an API's JSON 404", async () => {
    const junction = new FakeJunction().on('GET', '/api/v1/history/q1', { status: 404, body: { error: 'no query q1' } });
    const api = new ApiClient({ fetch: junction.fetch });
    const missing = await api.get('/api/v1/rules').catch((failure: unknown) => failure);
    const unknownQuery = await api.get('/api/v1/history/q1').catch((failure: unknown) => failure);
    expect(isMissingEndpoint(missing)).toBe(true);
    expect(isMissingEndpoint(unknownQuery)).toBe(false);
  });

  it('reports an unreachable Junction', async () => {
    const api = new ApiClient({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(api.get('/api/v1/fleet')).rejects.toMatchObject({ status: 0, message: 'Junction did not answer (Failed to fetch)' });
  });

  it('leaves empty query parameters out', () => {
    expect(queryString({ user: 'alice', source: '', limit: 50, before: null, text: undefined })).toBe('?user=alice&limit=50');
    expect(queryString({})).toBe('');
  });
});
