import { useEffect, useState } from 'preact/hooks';
import { api, clearSession, objectUrl } from '../api.js';
import { applyTheme } from '../theme.js';
import { ErrorNote, Loading, PageTitle, Unavailable, useLoad } from '../ui.jsx';

/** Name, picture, preferences and sign-out. */
export function Profile({ onProfile, onPrefs }) {
  const me = useLoad(() => api('me'), []);
  const prefs = useLoad(() => api('me/preferences'), []);
  const [name, setName] = useState('');
  const [picture, setPicture] = useState(null);
  const [note, setNote] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => { if (me.data) setName(me.data.name || ''); }, [me.data?.id]);
  useEffect(() => {
    if (!me.data?.pictureUrl) return undefined;
    let url;
    objectUrl('me/picture?size=256&v=' + encodeURIComponent(me.data.pictureUrl)).then((u) => { url = u; setPicture(u); }).catch(() => {});
    return () => url && URL.revokeObjectURL(url);
  }, [me.data?.pictureUrl]);

  async function saveName(e) {
    e.preventDefault();
    setError(null);
    try {
      const updated = await api('me', { method: 'PATCH', body: { name } });
      me.set(updated);
      onProfile?.(updated);
      setNote('Name saved.');
    } catch (err) {
      setError(err);
    }
  }

  async function upload(e) {
    const file = e.currentTarget.files[0];
    if (!file) return;
    setError(null);
    setNote('Uploading your picture…');
    try {
      const updated = await api('me/picture', { method: 'PUT', body: file, headers: { 'Content-Type': file.type || 'application/octet-stream' } });
      me.set({ ...updated, pictureUrl: (updated.pictureUrl || 'me/picture') + '#' + Date.now() });
      onProfile?.(updated);
      setNote('Picture saved.');
    } catch (err) {
      setNote(null);
      setError(err);
    }
  }

  async function savePrefs(change) {
    const next = { ...(prefs.data || {}), ...change };
    prefs.set(next);
    if (change.theme) applyTheme(change.theme);
    try {
      const saved = await api('me/preferences', { method: 'PUT', body: next });
      prefs.set(saved);
      onPrefs?.(saved);
      setNote('Preferences saved.');
    } catch (err) {
      setError(err);
    }
  }

  async function signOut() {
    try {
      await api('auth/logout', { method: 'POST' });
    } catch {
      // the session ends here either way
    }
    clearSession();
  }

  if (me.error?.unavailable) return <main id="main"><PageTitle>Profile</PageTitle><Unavailable what="Your profile" error={me.error} onRetry={me.reload} /></main>;
  const p = prefs.data || {};
  const reminders = Array.isArray(p.reminderHours) ? p.reminderHours : [];
  return (
    <main id="main">
      <PageTitle sub={me.data?.email}>Profile</PageTitle>
      {me.loading && <Loading />}
      <p role="status" aria-live="polite" class="muted">{note}</p>
      <ErrorNote error={error} />
      {me.data && (
        <div class="profile-grid">
          <section class="card profile-card" aria-labelledby="you-h">
            <h2 id="you-h">You</h2>
            <div class="avatar-row">
              {picture ? <img class="avatar big" src={picture} alt="Your profile picture" /> : <span class="avatar big initials" aria-hidden="true">{(me.data.name || me.data.email || '?').slice(0, 1).toUpperCase()}</span>}
              <label class="button ghost file-button">
                Change picture
                <input type="file" accept="image/png,image/jpeg" onChange={upload} class="sr-only" />
              </label>
            </div>
            <form onSubmit={saveName} class="stack">
              <label class="field"><span>Name</span><input value={name} onInput={(e) => setName(e.currentTarget.value)} maxLength={200} autoComplete="name" /></label>
              <button class="button" type="submit">Save name</button>
            </form>
          </section>
          <section class="card" aria-labelledby="prefs-h">
            <h2 id="prefs-h">Preferences</h2>
            {prefs.loading && !prefs.data && <Loading />}
            {prefs.error && <ErrorNote error={prefs.error} />}
            {prefs.data && <fieldset class="stack">
              <legend class="sr-only">Appearance</legend>
              <label class="field"><span>Appearance</span>
                <select value={p.theme || 'system'} onChange={(e) => savePrefs({ theme: e.currentTarget.value })}>
                  <option value="system">Follow my device</option>
                  <option value="light">Light</option>
                  <option value="dark">Dark</option>
                </select>
              </label>
              <label class="check"><input type="checkbox" checked={p.voice !== false} onChange={(e) => savePrefs({ voice: e.currentTarget.checked })} /> Show voice recording</label>
              <label class="field"><span>Daily reminder</span>
                <select value={reminders[0] ?? ''} onChange={(e) => savePrefs({ reminderHours: e.currentTarget.value === '' ? [] : [Number(e.currentTarget.value)] })}>
                  <option value="">No reminder</option>
                  {[7, 8, 9, 12, 18, 20, 21, 22].map((h) => <option key={h} value={h}>{String(h).padStart(2, '0')}:00</option>)}
                </select>
              </label>
            </fieldset>}
          </section>
          <section class="card" aria-labelledby="session-h">
            <h2 id="session-h">Session</h2>
            <p class="muted">Signed in as {me.data.email}.</p>
            <button type="button" class="button ghost" onClick={signOut}>Sign out</button>
          </section>
        </div>
      )}
    </main>
  );
}
