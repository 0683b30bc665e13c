import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './styles.css';
import { api, objectUrl, onSession, session } from './api.js';
import { interceptLinks, match, navigate, usePath } from './router.js';
import { applyTheme, rememberedTheme } from './theme.js';
import { SignIn } from './pages/SignIn.jsx';
import { Today } from './pages/Today.jsx';
import { Entries } from './pages/Entries.jsx';
import { EntryView } from './pages/EntryView.jsx';
import { GuidedHome, GuidedSession } from './pages/Guided.jsx';
import { Garden } from './pages/Garden.jsx';
import { Stats } from './pages/Stats.jsx';
import { Export } from './pages/Export.jsx';
import { Profile } from './pages/Profile.jsx';

const NAV = [
  { href: '/', label: 'Today', icon: '✎' },
  { href: '/entries', label: 'Journal', icon: '☰' },
  { href: '/guided', label: 'Guided', icon: '❋' },
  { href: '/garden', label: 'Garden', icon: '✿' },
  { href: '/stats', label: 'Statistics', icon: '◔' },
  { href: '/export', label: 'Export', icon: '⇩' },
];

function route(path, props) {
  let m;
  if (path === '/' || path === '/today') return <Today voice={props.prefs?.voice !== false} />;
  if (path === '/entries') return <Entries />;
  if ((m = match('/entries/:id', path))) return <EntryView id={m.id} key={m.id} />;
  if (path === '/guided') return <GuidedHome />;
  if ((m = match('/guided/:id', path))) return <GuidedSession id={m.id} key={m.id} />;
  if (path === '/garden') return <Garden />;
  if (path === '/stats') return <Stats />;
  if (path === '/export') return <Export />;
  if (path === '/profile') return <Profile onProfile={props.onProfile} onPrefs={props.onPrefs} />;
  return (
    <main id="main">
      <h1 tabIndex={-1}>Nothing here</h1>
      <p>This page does not exist. <a href="/">Go to today’s entry</a>.</p>
    </main>
  );
}

function App() {
  const [signedIn, setSignedIn] = useState(session());
  const [me, setMe] = useState(session()?.user || null);
  const [avatar, setAvatar] = useState(null);
  const [prefs, setPrefs] = useState(null);
  const path = usePath();

  useEffect(() => onSession((s) => { setSignedIn(s); setMe(s?.user || null); }), []);
  useEffect(() => {
    if (!signedIn) {
      if (!['/signin', '/signup'].includes(location.pathname)) navigate('/signin', { replace: true });
      return;
    }
    if (['/signin', '/signup'].includes(location.pathname)) navigate('/', { replace: true });
    api('me').then(setMe).catch(() => {});
    api('me/preferences').then((p) => { setPrefs(p); applyTheme(p?.theme); }).catch(() => {});
  }, [signedIn?.token]);
  useEffect(() => {
    if (!me?.pictureUrl) { setAvatar(null); return undefined; }
    let url;
    objectUrl('me/picture?size=96').then((u) => { url = u; setAvatar(u); }).catch(() => setAvatar(null));
    return () => url && URL.revokeObjectURL(url);
  }, [me?.pictureUrl]);

  if (!signedIn) return <SignIn />;
  const current = (href) => (href === '/' ? path === '/' || path === '/today' : path === href || path.startsWith(href + '/'));
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.querySelector('#main h1')?.focus(); }}>Skip to content</a>
      <header class="topbar">
        <a class="brand" href="/" aria-label="PAUZ, today">PAUZ</a>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.href}>
                <a href={n.href} aria-current={current(n.href) ? 'page' : undefined}>
                  <span class="nav-icon" aria-hidden="true">{n.icon}</span>{n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <a class="me" href="/profile" aria-current={path === '/profile' ? 'page' : undefined} aria-label={`Profile${me?.name ? ' of ' + me.name : ''}`}>
          {avatar ? <img class="avatar" src={avatar} alt="" /> : <span class="avatar initials" aria-hidden="true">{(me?.name || me?.email || '·').slice(0, 1).toUpperCase()}</span>}
        </a>
      </header>
      <div class="page" key={path}>{route(path, { onProfile: setMe, prefs, onPrefs: setPrefs })}</div>
      <footer class="foot muted small">PAUZ · your words stay on this server</footer>
    </>
  );
}

applyTheme(rememberedTheme());
const root = document.getElementById('app');
interceptLinks(document.body);
render(<App />, root);
