// Pieces every screen uses: titles that take focus, loading and error notes, the friendly "not here yet".
import { useEffect, useRef, useState, useCallback } from 'preact/hooks';
import { api } from './api.js';

/** The page heading takes focus after navigation so screen readers announce the new screen. */
export function PageTitle({ children, sub }) {
  const ref = useRef(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
    document.title = (typeof children === 'string' ? children + ' · ' : '') + 'PAUZ';
  }, []);
  return (
    <header class="page-title">
      <h1 tabIndex={-1} ref={ref}>{children}</h1>
      {sub && <p class="muted">{sub}</p>}
    </header>
  );
}

export function Loading({ label = 'Loading…' }) {
  return <p class="loading" role="status"><span class="dot" aria-hidden="true" />{label}</p>;
}

export function ErrorNote({ error, children }) {
  if (!error && !children) return null;
  return <p class="note error" role="alert">{children || error.message}</p>;
}

/** What a screen shows when its feature is not installed or is restarting (404/503). */
export function Unavailable({ what, error, onRetry }) {
  return (
    <section class="card quiet unavailable" role="status" aria-live="polite">
      <svg class="unavailable-icon" viewBox="0 0 48 48" width="44" height="44" aria-hidden="true">
        <path d="M24 44V22" stroke="currentColor" stroke-width="2.5" fill="none" stroke-linecap="round" />
        <path d="M24 26c-9 0-15-6-15-15 9 0 15 6 15 15zM24 22c0-8 5-14 14-14 0 8-5 14-14 14z" fill="currentColor" opacity=".75" />
      </svg>
      <h2>{what} is resting right now</h2>
      <p>
        {error?.status === 503
          ? 'It is starting up or taking a short break. Your journal is safe; try again in a moment.'
          : 'This part of PAUZ is not installed on this server yet. Everything else keeps working.'}
      </p>
      {onRetry && <button class="button ghost" type="button" onClick={onRetry}>Try again</button>}
    </section>
  );
}

/** Loads once (and on reload()); error keeps the ApiError so screens can tell "unavailable" apart. */
export function useLoad(fn, deps = []) {
  const [state, setState] = useState({ loading: true, data: null, error: null });
  const load = useCallback(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    fn().then(
      (data) => live && setState({ loading: false, data, error: null }),
      (error) => live && setState({ loading: false, data: null, error }),
    );
    return () => { live = false; };
  }, deps);
  useEffect(load, [load]);
  return { ...state, reload: load, set: (data) => setState({ loading: false, data, error: null }) };
}

export function formatDay(iso, opts = { weekday: 'long', day: 'numeric', month: 'long' }) {
  return new Date(iso).toLocaleDateString(undefined, opts);
}

export function formatTime(iso) {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

const MOOD_WORDS = { 'very positive': 'bright', positive: 'light', neutral: 'even', negative: 'heavy', 'very negative': 'stormy' };

export function MoodChip({ score, label }) {
  if (score == null && !label) return null;
  const tone = score == null ? 'neutral' : score > 0.25 ? 'up' : score < -0.25 ? 'down' : 'neutral';
  return (
    <span class={'chip mood ' + tone} title={score != null ? `mood score ${score.toFixed(2)}` : undefined}>
      <span class="sr-only">Mood: </span>{label || MOOD_WORDS[label] || 'mood'}
    </span>
  );
}

/** "Need a hint?" on demand: writing suggestions for what is on the page so far. */
export function Hints({ text, topic }) {
  const [state, setState] = useState({ busy: false, hints: null, error: null });
  async function ask() {
    setState({ busy: true, hints: null, error: null });
    try {
      const r = await api('ai/hints', { method: 'POST', body: { text: text || '', topic } });
      setState({ busy: false, hints: r.hints || [], error: null });
    } catch (error) {
      setState({ busy: false, hints: null, error });
    }
  }
  return (
    <div class="assist">
      <button type="button" class="button ghost" onClick={ask} disabled={state.busy} aria-expanded={state.hints ? 'true' : 'false'}>
        {state.busy ? 'Thinking…' : state.hints ? 'Another hint' : 'Need a hint?'}
      </button>
      <div aria-live="polite">
        {state.error && <p class="note">{state.error.unavailable ? 'Hints are not available right now.' : state.error.message}</p>}
        {state.hints && (
          <ul class="hints" aria-label="Writing hints">
            {state.hints.map((h) => <li key={h}>{h}</li>)}
          </ul>
        )}
      </div>
    </div>
  );
}

/** A reflection with questions and a mood reading, for an entry or for any text. */
export function Reflection({ entryId, text, label = 'Reflect on this', disabled }) {
  const [state, setState] = useState({ busy: false, result: null, error: null });
  async function ask() {
    setState({ busy: true, result: null, error: null });
    try {
      const body = entryId ? { entryId } : { text };
      setState({ busy: false, result: await api('ai/reflections', { method: 'POST', body }), error: null });
    } catch (error) {
      setState({ busy: false, result: null, error });
    }
  }
  const r = state.result;
  return (
    <div class="assist">
      <button type="button" class="button ghost" onClick={ask} disabled={disabled || state.busy}>
        {state.busy ? 'Reflecting…' : label}
      </button>
      <div aria-live="polite">
        {state.error && <p class="note">{state.error.unavailable ? 'Reflections are not available right now.' : state.error.message}</p>}
        {r && (
          <section class="reflection" aria-label="Reflection">
            <p>{r.reflection}</p>
            {r.questions?.length > 0 && (
              <>
                <h3>Questions to sit with</h3>
                <ul>{r.questions.map((q) => <li key={q}>{q}</li>)}</ul>
              </>
            )}
            {r.mood && <p class="muted">Mood of this text: <MoodChip score={r.mood.score} label={r.mood.label} /></p>}
          </section>
        )}
      </div>
    </div>
  );
}

/** Starts a browser download of a Blob. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
