import { useEffect, useRef, useState } from 'preact/hooks';
import { api, zone } from '../api.js';
import { navigate } from '../router.js';
import { ErrorNote, Loading, MoodChip, PageTitle, Unavailable, formatDay, formatTime } from '../ui.jsx';

/** Every entry, newest first, with full-text search and "show more". */
export function Entries() {
  const initial = new URLSearchParams(location.search).get('q') || '';
  const [q, setQ] = useState(initial);
  const [query, setQuery] = useState(initial);
  const [state, setState] = useState({ loading: true, entries: [], next: null, error: null });
  const timer = useRef(null);

  async function load(search, cursor) {
    setState((s) => ({ ...s, loading: true, error: null }));
    const params = new URLSearchParams({ limit: '20', tz: zone() });
    if (search) params.set('q', search);
    if (cursor) params.set('cursor', cursor);
    try {
      const page = await api('journal/entries?' + params);
      setState((s) => ({ loading: false, error: null, next: page.nextCursor,
        entries: cursor ? [...s.entries, ...page.entries] : page.entries }));
    } catch (error) {
      setState({ loading: false, entries: [], next: null, error });
    }
  }

  useEffect(() => { load(query); }, [query]);

  function type(e) {
    const v = e.currentTarget.value;
    setQ(v);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => apply(v), 400);
  }

  function apply(v) {
    clearTimeout(timer.current);
    const t = v.trim();
    history.replaceState(null, '', t ? '/entries?q=' + encodeURIComponent(t) : '/entries');
    setQuery(t);
  }

  const { entries, loading, error, next } = state;
  return (
    <main id="main">
      <PageTitle sub="Everything you have written and said.">Your journal</PageTitle>
      <form role="search" class="search" onSubmit={(e) => { e.preventDefault(); apply(q); }}>
        <label for="search-q" class="sr-only">Search your journal</label>
        <input id="search-q" type="search" placeholder="Search your journal" value={q} onInput={type} autoComplete="off" />
        <button class="button" type="submit">Search</button>
      </form>
      {error && (error.unavailable ? <Unavailable what="The journal" error={error} onRetry={() => load(query)} /> : <ErrorNote error={error} />)}
      <p class="sr-only" role="status" aria-live="polite">
        {!loading && !error && `${entries.length}${next ? '+' : ''} ${entries.length === 1 && !next ? 'entry' : 'entries'}${query ? ` match “${query}”` : ''}`}
      </p>
      {!error && entries.length === 0 && !loading && (
        <section class="card quiet empty">
          {query ? <p>Nothing matches “{query}” yet.</p> : <p>No entries yet. <a href="/">Write today’s entry</a> or start a <a href="/guided">guided session</a>.</p>}
        </section>
      )}
      <ol class="entry-list" aria-label="Entries">
        {entries.map((e) => (
          <li key={e.id}>
            <a class="entry-card card" href={`/entries/${e.id}`}>
              <span class="entry-meta">
                <time datetime={e.createdAt}>{formatDay(e.createdAt, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' })} · {formatTime(e.createdAt)}</time>
                {e.source === 'voice' && <span class="chip">voice</span>}
                <MoodChip score={e.moodScore} label={e.moodLabel} />
              </span>
              <strong class="entry-title">{e.title || (e.preview ? e.preview.split(/[.!?\n]/)[0].slice(0, 80) : 'Untitled')}</strong>
              <span class="entry-preview">{e.preview || (e.transcriptionStatus && e.transcriptionStatus !== 'done' ? 'Transcription ' + e.transcriptionStatus + '…' : '')}</span>
              <span class="muted small">{e.wordCount} words</span>
            </a>
          </li>
        ))}
      </ol>
      {loading && <Loading />}
      {next && !loading && <button type="button" class="button ghost wide" onClick={() => load(query, next)}>Show older entries</button>}
      <p><button type="button" class="button" onClick={() => navigate('/')}>Write today’s entry</button></p>
    </main>
  );
}
