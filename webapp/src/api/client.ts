// The one typed client of Junction's admin API. Every call goes through `request`, which
// sends the CSRF token on state-changing calls, turns error answers into ApiError (with the
// server's message), and tells the session about 401s so that the login page appears.

export type FetchFunction = (input: string, init?: RequestInit) => Promise<Response>;

export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;

  constructor(status: number, message: string, body: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }

  /** Problems the server listed one by one (`{"errors": [{"rule"?, "message"}]}`), if any. */
  get problems(): Array<{ rule?: string; message: string }> {
    if (typeof this.body === 'object' && this.body !== null && 'errors' in this.body) {
      const errors = (this.body as { errors: unknown }).errors;
      if (Array.isArray(errors)) {
        return errors.filter(
          (item): item is { rule?: string; message: string } =>
            typeof item === 'object' && item !== null && typeof (item as { message?: unknown }).message === 'string',
        );
      }
    }
    return [];
  }
}

export interface ApiClientOptions {
  fetch?: FetchFunction;
  onUnauthorized?: () => void;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export class ApiClient {
  private readonly fetchFunction: FetchFunction;
  private csrfToken: string | undefined;
  private onUnauthorized: (() => void) | undefined;

  constructor(options: ApiClientOptions = {}) {
    this.fetchFunction = options.fetch ?? ((input, init) => fetch(input, init));
    this.onUnauthorized = options.onUnauthorized;
  }

  setCsrfToken(token: string | undefined): void {
    this.csrfToken = token;
  }

  setUnauthorizedHandler(handler: (() => void) | undefined): void {
    this.onUnauthorized = handler;
  }

  get<T>(path: string, query?: Record<string, string | number | undefined | null>): Promise<T> {
    return this.request<T>('GET', path + queryString(query));
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (!SAFE_METHODS.has(method) && this.csrfToken) {
      headers['X-Junction-CSRF'] = this.csrfToken;
    }
    let response: Response;
    try {
      response = await this.fetchFunction(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
      });
    } catch (cause) {
      throw new ApiError(0, `Junction did not answer (${describe(cause)})`, undefined);
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) {
      if (response.status === 401 && this.onUnauthorized) {
        this.onUnauthorized();
      }
      throw new ApiError(response.status, errorMessage(response.status, parsed, text), parsed);
    }
    return parsed as T;
  }
}

export function queryString(query?: Record<string, string | number | undefined | null>): string {
  if (!query) {
    return '';
  }
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      parameters.set(key, String(value));
    }
  }
  const text = parameters.toString();
  return text ? `?${text}` : '';
}

function parseJson(text: string): unknown {
  if (!text) {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function errorMessage(status: number, body: unknown, text: string): string {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (typeof error === 'string') {
      return error;
    }
  }
  if (status === 401) {
    return 'Please sign in';
  }
  if (status === 403) {
    return 'You are not allowed to do this';
  }
  return text && text.length < 300 ? `${status}: ${text.trim()}` : `Junction answered ${status}`;
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * Whether the endpoint itself does not exist on this Junction (an older or partial build):
 * the admin listener's plain-text 404 for unknown paths, not an API endpoint's JSON 404.
 */
export function isMissingEndpoint(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && typeof error.body !== 'object';
}
