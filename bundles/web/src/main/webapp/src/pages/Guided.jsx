import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { navigate } from '../router.js';
import { ErrorNote, Hints, Loading, MoodChip, PageTitle, Reflection, Unavailable, formatDay, useLoad } from '../ui.jsx';

/** Topics of every installed prompt pack, and sessions to pick up again. */
export function GuidedHome() {
  const topics = useLoad(() => api('guided/topics'), []);
  const sessions = useLoad(() => api('guided/sessions?limit=10'), []);
  const [starting, setStarting] = useState(null);
  const [error, setError] = useState(null);

  async function start(topic) {
    setStarting(topic.id);
    setError(null);
    try {
      const s = await api('guided/sessions', { method: 'POST', body: { topic: topic.id } });
      navigate('/guided/' + s.id);
    } catch (e) {
      setError(e);
      setStarting(null);
    }
  }

  if (topics.error?.unavailable) {
    return <main id="main"><PageTitle>Guided sessions</PageTitle><Unavailable what="Guided journaling" error={topics.error} onRetry={topics.reload} /></main>;
  }
  const active = (sessions.data?.sessions || []).filter((s) => s.status === 'active');
  const done = (sessions.data?.sessions || []).filter((s) => s.status !== 'active');
  return (
    <main id="main">
      <PageTitle sub="A few prompts, one at a time. Take as long as you need.">Guided sessions</PageTitle>
      <ErrorNote error={error || (topics.error && !topics.error.unavailable ? topics.error : null)} />
      {active.length > 0 && (
        <section aria-labelledby="resume-title">
          <h2 id="resume-title">Pick up where you left off</h2>
          <ul class="plain">
            {active.map((s) => (
              <li key={s.id}>
                <a class="card session-link" href={'/guided/' + s.id}>
                  <strong>{s.topicTitle}</strong>
                  <span class="muted">{s.progress.answered} of {s.progress.planned} prompts · started {formatDay(s.startedAt, { day: 'numeric', month: 'short' })}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="topics-title">
        <h2 id="topics-title">Choose a topic</h2>
        {topics.loading && <Loading />}
        <ul class="topic-grid">
          {(topics.data?.topics || []).map((t) => (
            <li key={t.id} class="card topic">
              <h3>{t.title}</h3>
              <p>{t.description}</p>
              <button type="button" class="button" onClick={() => start(t)} disabled={!!starting} aria-label={`Begin ${t.title}`}>
                {starting === t.id ? 'Starting…' : 'Begin'}
              </button>
            </li>
          ))}
        </ul>
      </section>
      {done.length > 0 && (
        <section aria-labelledby="done-title">
          <h2 id="done-title">Completed</h2>
          <ul class="plain compact">
            {done.map((s) => (
              <li key={s.id}>
                <a href={'/guided/' + s.id}>{s.topicTitle}</a>{' '}
                <span class="muted">{formatDay(s.completedAt || s.startedAt, { day: 'numeric', month: 'short' })}</span>{' '}
                {s.mood && <MoodChip score={s.mood.score} label={s.mood.label} />}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}

/** One session, prompt by prompt, with progress; finishing reads the mood and plants a flower. */
export function GuidedSession({ id }) {
  const { loading, data, error, reload, set } = useLoad(() => api('guided/sessions/' + id), [id]);
  const [answer, setAnswer] = useState('');
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState(null);
  const promptRef = useRef(null);
  const s = data;

  useEffect(() => {
    // Each new prompt is announced and focused, so keyboard users continue right there.
    if (s?.currentPrompt) promptRef.current?.focus({ preventScroll: false });
  }, [s?.currentPrompt?.id]);

  async function submit(e) {
    e.preventDefault();
    if (!answer.trim()) return;
    setBusy(true);
    setActionError(null);
    try {
      set(await api(`guided/sessions/${id}/responses`, { method: 'POST', body: { promptId: s.currentPrompt.id, text: answer } }));
      setAnswer('');
    } catch (err) {
      setActionError(err);
    }
    setBusy(false);
  }

  async function complete() {
    setBusy(true);
    setActionError(null);
    try {
      set(await api(`guided/sessions/${id}/complete`, { method: 'POST' }));
    } catch (err) {
      setActionError(err);
    }
    setBusy(false);
  }

  if (loading && !s) return <main id="main"><Loading /></main>;
  if (error) {
    return (
      <main id="main">
        <PageTitle>Guided session</PageTitle>
        {error.unavailable ? <Unavailable what="Guided journaling" error={error} onRetry={reload} />
          : <ErrorNote>{error.status === 404 ? 'This session does not exist (or is not yours).' : error.message}</ErrorNote>}
        <p><a href="/guided">All topics</a></p>
      </main>
    );
  }
  const { progress } = s;
  const completed = s.status === 'completed';
  const answersText = s.responses.map((r) => r.text).join('\n\n');
  return (
    <main id="main" class="guided">
      <p class="back"><a href="/guided">← All topics</a></p>
      <PageTitle sub={completed ? 'Completed' : `Prompt ${Math.min(progress.answered + 1, progress.planned)} of ${progress.planned}`}>{s.topicTitle}</PageTitle>
      <div class="progress-wrap">
        <label for="session-progress" class="sr-only">Session progress</label>
        <progress id="session-progress" max="100" value={progress.completionPercentage}>{progress.completionPercentage}%</progress>
        <span class="muted small" aria-hidden="true">{progress.completionPercentage}%</span>
      </div>

      {s.currentPrompt && !completed && (
        <form class="card prompt-card" onSubmit={submit}>
          <p class="stage">{stageName(s.currentPrompt.stage)}</p>
          <h2 class="prompt" tabIndex={-1} ref={promptRef} id="prompt-text" aria-live="polite">{s.currentPrompt.text}</h2>
          <label class="field">
            <span class="sr-only">Your answer</span>
            <textarea class="writing" rows={8} value={answer} onInput={(e) => setAnswer(e.currentTarget.value)}
              aria-labelledby="prompt-text" placeholder="Write as much or as little as you like…"
              onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit(e); }} />
          </label>
          <ErrorNote error={actionError} />
          <div class="assist-row">
            <Hints text={answer} topic={(s.topic || '').split(':').pop()} />
            <button class="button primary" type="submit" disabled={busy || !answer.trim()}>
              {busy ? 'Saving…' : progress.answered + 1 >= progress.planned ? 'Save last answer' : 'Next prompt'}
            </button>
          </div>
          <p class="muted small">Ctrl + Enter saves the answer.</p>
        </form>
      )}

      {!s.currentPrompt && !completed && (
        <section class="card finish">
          <h2>That was the last prompt</h2>
          <p>Close the session to see its mood, and a new flower in your garden.</p>
          <ErrorNote error={actionError} />
          <button class="button primary" type="button" onClick={complete} disabled={busy}>{busy ? 'Closing…' : 'Finish session'}</button>
        </section>
      )}

      {completed && (
        <section class="card finish" aria-labelledby="done-h">
          <h2 id="done-h">Session complete</h2>
          {s.mood ? (
            <>
              <p>The mood of your answers: <MoodChip score={s.mood.score} label={s.mood.label} /></p>
              <Emotions emotions={s.mood.emotions} />
            </>
          ) : <p class="muted">No mood reading this time.</p>}
          <div class="assist-row">
            <Reflection text={answersText} label="Reflect on this session" />
            <a class="button" href="/garden">See your garden</a>
          </div>
        </section>
      )}

      {s.responses.length > 0 && (
        <details class="card answers">
          <summary>{completed ? 'Your answers' : 'Your answers so far'} ({s.responses.length})</summary>
          <ol>
            {s.responses.map((r) => (
              <li key={r.promptId}>
                <p class="muted">{s.prompts.find((p) => p.id === r.promptId)?.text}</p>
                <p>{r.text}</p>
              </li>
            ))}
          </ol>
        </details>
      )}
    </main>
  );
}

function stageName(stage) {
  return { OPENING: 'To begin', DEEPENING: 'Going deeper', CLOSING: 'To close' }[stage] || '';
}

function Emotions({ emotions }) {
  const list = Object.entries(emotions || {}).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]).slice(0, 5);
  if (!list.length) return null;
  return (
    <ul class="emotions" aria-label="Emotions in your answers">
      {list.map(([k, v]) => (
        <li key={k}>
          <span class="emo-name">{k}</span>
          <span class="bar" aria-hidden="true"><span style={{ width: Math.round(v * 100) + '%' }} /></span>
          <span class="sr-only">{Math.round(v * 100)}%</span>
        </li>
      ))}
    </ul>
  );
}
