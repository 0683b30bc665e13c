import { useEffect, useRef, useState } from 'preact/hooks';
import { api, isoDay } from '../api.js';
import { ErrorNote, Loading, PageTitle, Unavailable, useLoad } from '../ui.jsx';

const RANGES = [
  { days: 7, label: 'Week' },
  { days: 30, label: 'Month' },
  { days: 90, label: '3 months' },
];

/** Streaks, totals and two charts: the mood trend and the words written. */
export function Stats() {
  const [days, setDays] = useState(30);
  const { loading, data, error, reload } = useLoad(() => {
    const to = new Date();
    const from = new Date(to.getTime() - (days - 1) * 86400000);
    return api(`stats?from=${isoDay(from)}&to=${isoDay(to)}`);
  }, [days]);

  if (error?.unavailable) {
    return <main id="main"><PageTitle>Statistics</PageTitle><Unavailable what="Statistics" error={error} onRetry={reload} /></main>;
  }
  const t = data?.totals || {};
  const streaks = data?.streaks || {};
  const unit = days > 31 ? 'week' : 'day';
  const points = data?.series?.[unit] || [];
  return (
    <main id="main">
      <PageTitle sub="How your writing has been going. Gentle numbers, no pressure.">Statistics</PageTitle>
      <div class="segmented" role="group" aria-label="Period">
        {RANGES.map((r) => (
          <button key={r.days} type="button" aria-pressed={days === r.days} class={days === r.days ? 'seg active' : 'seg'} onClick={() => setDays(r.days)}>{r.label}</button>
        ))}
      </div>
      <ErrorNote error={error} />
      {loading && !data && <Loading />}
      {data && (
        <>
          <ul class="tiles" aria-label="Highlights">
            <Tile value={streaks.current ?? 0} label="day streak" note={`longest ${streaks.longest ?? 0}`} />
            <Tile value={t.entries ?? 0} label="entries" />
            <Tile value={t.words ?? 0} label="words" note={t.averageWordsPerEntry ? `${t.averageWordsPerEntry} per entry` : null} />
            <Tile value={t.activeDays ?? 0} label="days written" note={t.days ? `of ${t.days}` : null} />
            <Tile value={data.guided?.completed ?? 0} label="guided sessions" />
          </ul>
          <section class="card chart-card" aria-labelledby="mood-h">
            <h2 id="mood-h">Mood trend</h2>
            <Chart kind="mood" points={points} unit={unit} />
          </section>
          <section class="card chart-card" aria-labelledby="words-h">
            <h2 id="words-h">Words written</h2>
            <Chart kind="words" points={points} unit={unit} />
          </section>
          {data.topics?.length > 0 && (
            <section class="card">
              <h2>Topics you return to</h2>
              <ul class="plain compact">{data.topics.map((x) => <li key={x.topic}>{x.title || x.topic}: {x.sessions} {x.sessions === 1 ? 'session' : 'sessions'}</li>)}</ul>
            </section>
          )}
        </>
      )}
    </main>
  );
}

function Tile({ value, label, note }) {
  return (
    <li class="tile card">
      <span class="tile-value">{value}</span>
      <span class="tile-label">{label}</span>
      {note && <span class="muted small">{note}</span>}
    </li>
  );
}

function shortDate(iso) {
  return new Date(iso + 'T12:00:00').toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}

/** Chart.js (loaded on first use), with the same figures as a table for screen readers. */
function Chart({ kind, points, unit }) {
  const canvas = useRef(null);
  const chart = useRef(null);
  const labels = points.map((p) => (unit === 'week' ? 'Week of ' : '') + shortDate(p.start));
  const values = points.map((p) => (kind === 'mood' ? (p.moodAverage == null ? null : Number(p.moodAverage)) : p.words || 0));
  const empty = values.every((v) => v == null || v === 0);

  useEffect(() => {
    let cancelled = false;
    import('../charts.js').then(({ draw }) => {
      if (cancelled || !canvas.current) return;
      chart.current?.destroy();
      chart.current = draw(canvas.current, kind, labels, values);
    });
    return () => { cancelled = true; };
  }, [kind, JSON.stringify(labels), JSON.stringify(values)]);
  useEffect(() => () => chart.current?.destroy(), []);

  const summary = kind === 'mood' ? 'Average mood per ' + unit + ', from -1 (heavy) to 1 (bright)' : 'Words written per ' + unit;
  return (
    <>
      {empty && <p class="muted">Nothing to show for this period yet.</p>}
      <div class="chart-box">
        <canvas ref={canvas} role="img" aria-label={summary} />
      </div>
      <details class="as-table">
        <summary>Show as a table</summary>
        <table>
          <caption class="sr-only">{summary}</caption>
          <thead><tr><th scope="col">{unit === 'week' ? 'Week' : 'Day'}</th><th scope="col">{kind === 'mood' ? 'Mood' : 'Words'}</th></tr></thead>
          <tbody>{labels.map((l, i) => <tr key={l}><td>{l}</td><td>{values[i] == null ? '–' : values[i]}</td></tr>)}</tbody>
        </table>
      </details>
    </>
  );
}
