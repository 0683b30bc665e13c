import { useEffect, useState } from 'preact/hooks';
import { api, saveSession } from '../api.js';
import { ErrorNote, PageTitle } from '../ui.jsx';

/** Local account sign-in and sign-up; Google when the server has it configured. */
export function SignIn() {
  const [mode, setMode] = useState(location.pathname === '/signup' ? 'register' : 'login');
  const [form, setForm] = useState({ email: '', password: '', name: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [google, setGoogle] = useState(false);

  useEffect(() => {
    // A provider that is configured answers its login path with a redirect; unknown ones with 404.
    fetch('/api/v1/auth/google/login', { redirect: 'manual' })
      .then((r) => setGoogle(r.type === 'opaqueredirect' || r.status === 302))
      .catch(() => setGoogle(false));
    // After a browser sign-in the server may hand the session back in the fragment.
    const m = /token=([^&]+)/.exec(location.hash);
    if (m) {
      history.replaceState(null, '', '/');
      saveSession({ token: decodeURIComponent(m[1]), user: null });
    }
  }, []);

  const register = mode === 'register';
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });

  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = register ? form : { email: form.email, password: form.password };
      saveSession(await api(register ? 'auth/local/register' : 'auth/local/login', { method: 'POST', body }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <main id="main" class="signin">
      <div class="signin-card card">
        <p class="brand-big" aria-hidden="true">PAUZ</p>
        <PageTitle sub="A quiet place to write, breathe and notice.">{register ? 'Create your journal' : 'Welcome back'}</PageTitle>
        <div class="tabs" role="tablist" aria-label="Sign in or create an account">
          <button role="tab" type="button" aria-selected={!register} class={!register ? 'tab active' : 'tab'} onClick={() => { setMode('login'); setError(null); }}>Sign in</button>
          <button role="tab" type="button" aria-selected={register} class={register ? 'tab active' : 'tab'} onClick={() => { setMode('register'); setError(null); }}>Create account</button>
        </div>
        <form onSubmit={submit} class="stack" aria-label={register ? 'Create account' : 'Sign in'}>
          {register && (
            <label class="field">
              <span>Your name</span>
              <input name="name" autoComplete="name" value={form.name} onInput={set('name')} required maxLength={200} />
            </label>
          )}
          <label class="field">
            <span>Email</span>
            <input name="email" type="email" autoComplete="email" value={form.email} onInput={set('email')} required />
          </label>
          <label class="field">
            <span>Password</span>
            <input name="password" type="password" autoComplete={register ? 'new-password' : 'current-password'}
              value={form.password} onInput={set('password')} required minLength={register ? 8 : undefined}
              aria-describedby={register ? 'pw-help' : undefined} />
            {register && <small id="pw-help" class="muted">At least 8 characters.</small>}
          </label>
          <ErrorNote error={error} />
          <button class="button primary" type="submit" disabled={busy}>
            {busy ? 'One moment…' : register ? 'Create account' : 'Sign in'}
          </button>
        </form>
        {google && (
          <>
            <p class="or" aria-hidden="true"><span>or</span></p>
            <a class="button ghost wide" href="/api/v1/auth/google/login">Continue with Google</a>
          </>
        )}
      </div>
    </main>
  );
}
