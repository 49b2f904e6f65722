import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiClient, ApiError, isMissingEndpoint } from '../api/client';
import type { Info, Me, Role } from '../api/types';
import { allows, type Permission } from './permissions';

// The signed-in user (or the anonymous admin of a Junction without authentication), the
// Junction's info, and the one API client of the console.

export type SessionState =
  | { status: 'loading' }
  | { status: 'failed'; error: ApiError }
  | { status: 'signed-out'; loginMethods: string[] }
  | { status: 'signed-in'; me: Me; anonymous: boolean };

export interface Session {
  api: ApiClient;
  state: SessionState;
  info: Info | undefined;
  roles: Role[];
  can: (permission: Permission) => boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  reload: () => void;
}

/** Until authentication exists, /api/v1/me is 404 and everybody is an anonymous admin. */
export const ANONYMOUS_ADMIN: Me = { user: null, roles: ['admin'], authenticated: false, loginMethods: [] };

const SessionContext = createContext<Session | undefined>(undefined);

export function SessionProvider({ api, children }: { api: ApiClient; children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [info, setInfo] = useState<Info | undefined>(undefined);
  const [generation, setGeneration] = useState(0);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);

  useEffect(() => {
    let current = true;
    api.setUnauthorizedHandler(() => {
      if (current) {
        setState((previous) =>
          previous.status === 'signed-in' && previous.anonymous
            ? previous
            : { status: 'signed-out', loginMethods: previous.status === 'signed-in' ? previous.me.loginMethods : ['password'] },
        );
      }
    });
    loadSession(api).then(
      (next) => {
        if (current) {
          setState(next);
        }
      },
      (error: unknown) => {
        if (current) {
          setState({ status: 'failed', error: error instanceof ApiError ? error : new ApiError(0, String(error), undefined) });
        }
      },
    );
    return () => {
      current = false;
    };
  }, [api, generation]);

  const signedIn = state.status === 'signed-in';
  useEffect(() => {
    if (!signedIn) {
      return;
    }
    let current = true;
    api.get<Info>('/api/v1/info').then(
      (value) => current && setInfo(value),
      () => current && setInfo(undefined),
    );
    return () => {
      current = false;
    };
  }, [api, signedIn]);

  const login = useCallback(
    async (username: string, password: string) => {
      await api.post('/api/v1/login', { username, password });
      reload();
    },
    [api, reload],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/api/v1/logout');
    } finally {
      api.setCsrfToken(undefined);
      reload();
    }
  }, [api, reload]);

  const session = useMemo<Session>(() => {
    const roles = state.status === 'signed-in' ? state.me.roles : [];
    return {
      api,
      state,
      info,
      roles,
      can: (permission) => allows(roles, permission),
      login,
      logout,
      reload,
    };
  }, [api, state, info, login, logout, reload]);

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

async function loadSession(api: ApiClient): Promise<SessionState> {
  try {
    const me = await api.get<Me>('/api/v1/me');
    api.setCsrfToken(me.csrfToken);
    if (!me.authenticated && me.roles.length === 0) {
      return { status: 'signed-out', loginMethods: me.loginMethods.length > 0 ? me.loginMethods : ['password'] };
    }
    return { status: 'signed-in', me, anonymous: !me.authenticated };
  } catch (error) {
    if (isMissingEndpoint(error)) {
      return { status: 'signed-in', me: ANONYMOUS_ADMIN, anonymous: true };
    }
    if (error instanceof ApiError && error.status === 401) {
      return { status: 'signed-out', loginMethods: loginMethodsOf(error.body) };
    }
    throw error;
  }
}

function loginMethodsOf(body: unknown): string[] {
  if (typeof body === 'object' && body !== null && 'loginMethods' in body) {
    const methods = (body as { loginMethods: unknown }).loginMethods;
    if (Array.isArray(methods) && methods.every((item) => typeof item === 'string')) {
      return methods.length > 0 ? methods : ['password'];
    }
  }
  return ['password'];
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) {
    throw new Error('useSession outside SessionProvider');
  }
  return session;
}

export function useApi(): ApiClient {
  return useSession().api;
}
