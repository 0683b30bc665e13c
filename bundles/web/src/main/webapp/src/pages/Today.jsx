import { useState } from 'preact/hooks';
import { api, isoDay, zone } from '../api.js';
import { EntryEditor } from '../editor.jsx';
import { Recorder } from '../recorder.jsx';
import { ErrorNote, Hints, Loading, PageTitle, Reflection, Unavailable, formatDay, useLoad } from '../ui.jsx';

/** Today's written entry (the one typed today, or a new one) with autosave, voice, hints and a reflection. */
export function Today({ voice = true }) {
  const today = isoDay();
  const { loading, data, error, reload } = useLoad(async () => {
    const page = await api(`journal/entries?from=${today}&to=${today}&tz=${encodeURIComponent(zone())}&limit=50`);
    const typed = page.entries.find((e) => e.source === 'text');
    return typed ? api('journal/entries/' + typed.id) : { none: true };
  }, [today]);
  const [saved, setSaved] = useState(null);
  const entry = saved || (data && !data.none ? data : null);

  return (
    <main id="main">
      <PageTitle sub={formatDay(new Date())}>Today</PageTitle>
      {loading && <Loading />}
      {error && (error.unavailable ? <Unavailable what="The journal" error={error} onRetry={reload} /> : <ErrorNote error={error} />)}
      {!loading && !error && (
        <>
          <section class="card writing-card" aria-label="Today's entry">
            <EntryEditor entry={data.none ? null : data} onSaved={setSaved} label="Today's entry" />
            <div class="assist-row">
              <Hints text={entry?.text} />
              <Reflection entryId={entry?.id} disabled={!entry} label="Reflect on today" />
            </div>
          </section>
          {voice && <Recorder />}
        </>
      )}
    </main>
  );
}
