import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { useSession } from './session';

export function LoginPage({ loginMethods }: { loginMethods: string[] }) {
  const { login } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    if (!username.trim() || !password) {
      setError('Enter your user name and password');
      return;
    }
    setBusy(true);
    try {
      await login(username.trim(), password);
    } catch (failure) {
      setError(failure instanceof ApiError && failure.status === 401 ? 'Wrong user name or password' : failure instanceof Error ? failure.message : String(failure));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  const password_ = loginMethods.includes('password') || loginMethods.includes('ldap');
  return (
    <main className="login" id="main">
      <section className="card" aria-labelledby="login-title">
        <h1 id="login-title">Sign in to Junction</h1>
        {password_ ? (
          <form onSubmit={submit} noValidate>
            <div className="field">
              <label htmlFor="login-user">User name</label>
              <input id="login-user" autoComplete="username" value={username} onChange={(event) => setUsername(event.target.value)} autoFocus />
            </div>
            <div className="field">
              <label htmlFor="login-password">Password</label>
              <input id="login-password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} />
            </div>
            {error ? (
              <div className="error" role="alert">
                {error}
              </div>
            ) : null}
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
        ) : null}
        {loginMethods.includes('oidc') ? (
          <p>
            <a className="button" href="/api/v1/login/oidc">
              Sign in with single sign-on
            </a>
          </p>
        ) : null}
      </section>
    </main>
  );
}
