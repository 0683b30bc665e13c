import { useEffect, useState } from 'preact/hooks';
import { api, objectUrl } from '../api.js';
import { EntryEditor } from '../editor.jsx';
import { navigate } from '../router.js';
import { ErrorNote, Loading, PageTitle, Reflection, Unavailable, formatDay, formatTime, useLoad } from '../ui.jsx';

export function EntryView({ id }) {
  const { loading, data: entry, error, reload } = useLoad(() => api('journal/entries/' + id), [id]);
  const [audio, setAudio] = useState(null);
  const [job, setJob] = useState(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState(null);

  useEffect(() => {
    if (!entry?.hasAudio) return undefined;
    let url;
    objectUrl(`journal/entries/${id}/audio`).then((u) => { url = u; setAudio(u); }).catch(() => setAudio(null));
    api(`journal/entries/${id}/transcription`).then(setJob).catch(() => setJob(null));
    return () => url && URL.revokeObjectURL(url);
  }, [entry?.id]);

  async function remove() {
    if (!confirm('Delete this entry for good?')) return;
    setDeleting(true);
    try {
      await api('journal/entries/' + id, { method: 'DELETE' });
      navigate('/entries');
    } catch (e) {
      setDeleteError(e);
      setDeleting(false);
    }
  }

  if (loading) return <main id="main"><Loading /></main>;
  if (error) {
    return (
      <main id="main">
        <PageTitle>Entry</PageTitle>
        {error.unavailable ? <Unavailable what="The journal" error={error} onRetry={reload} />
          : <ErrorNote>{error.status === 404 ? 'This entry does not exist (or is not yours).' : error.message}</ErrorNote>}
        <p><a href="/entries">Back to your journal</a></p>
      </main>
    );
  }
  return (
    <main id="main">
      <p class="back"><a href="/entries">← Your journal</a></p>
      <PageTitle sub={`${formatDay(entry.createdAt)} · ${formatTime(entry.createdAt)}`}>{entry.title || 'Entry'}</PageTitle>
      {entry.hasAudio && (
        <section class="card" aria-label="Recording">
          {audio ? <audio controls src={audio} aria-label="Your recording" /> : <p class="muted">Loading the recording…</p>}
          <p class="muted" role="status">
            {job ? (job.status === 'done' ? 'Transcribed.' : job.status === 'failed' ? 'Transcription failed; the recording is kept.' : 'Transcription ' + job.status + '…') : ''}
          </p>
        </section>
      )}
      <section class="card writing-card">
        <EntryEditor entry={entry} placeholder="Write here…" />
        <div class="assist-row">
          <Reflection entryId={entry.id} />
          <button type="button" class="button danger ghost" onClick={remove} disabled={deleting}>Delete entry</button>
        </div>
        <ErrorNote error={deleteError} />
      </section>
    </main>
  );
}
