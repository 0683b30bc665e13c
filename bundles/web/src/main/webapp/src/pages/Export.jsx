import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorNote, PageTitle, Unavailable, saveBlob } from '../ui.jsx';

const FORMATS = [
  { id: 'pdf', label: 'PDF', note: 'to read or print' },
  { id: 'json', label: 'JSON', note: 'everything, for another app or a backup' },
  { id: 'markdown', label: 'Markdown', note: 'plain text with headings' },
];
const DONE = ['done', 'ready', 'completed', 'succeeded'];
const FAILED = ['failed', 'error'];

/** Ask for an export, follow it, download the file. */
export function Export() {
  const [format, setFormat] = useState('pdf');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [job, setJob] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [file, setFile] = useState(null);
  const poll = useRef(null);

  useEffect(() => () => clearTimeout(poll.current), []);

  async function start(e) {
    e.preventDefault();
    setError(null);
    setJob(null);
    setFile(null);
    setBusy(true);
    try {
      const body = { format };
      if (from) body.from = from;
      if (to) body.to = to;
      follow(await api('exports', { method: 'POST', body }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  function follow(j) {
    setJob(j);
    const status = String(j.status || '').toLowerCase();
    if (DONE.includes(status)) {
      download(j);
      return;
    }
    if (FAILED.includes(status)) {
      setBusy(false);
      return;
    }
    poll.current = setTimeout(async () => {
      try {
        follow(await api('exports/' + j.id));
      } catch (err) {
        setError(err);
        setBusy(false);
      }
    }, 1000);
  }

  async function download(j) {
    try {
      const res = await api(`exports/${j.id}/file`, { raw: true, headers: { Accept: '*/*' } });
      const blob = await res.blob();
      const disposition = res.headers.get('Content-Disposition') || '';
      const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
      const ext = { pdf: 'pdf', json: 'json', markdown: 'md' }[j.format || format] || 'bin';
      const name = m ? decodeURIComponent(m[1]) : `pauz-journal.${ext}`;
      setFile({ url: URL.createObjectURL(blob), name, size: blob.size });
      saveBlob(blob, name);
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  }

  if (error?.unavailable && !job) {
    return (
      <main id="main">
        <PageTitle>Export</PageTitle>
        <Unavailable what="Export" error={error} onRetry={() => setError(null)} />
      </main>
    );
  }
  const status = String(job?.status || '').toLowerCase();
  return (
    <main id="main">
      <PageTitle sub="Your journal is yours. Take it with you whenever you like.">Export</PageTitle>
      <form class="card stack" onSubmit={start}>
        <fieldset class="formats">
          <legend>Format</legend>
          {FORMATS.map((f) => (
            <label key={f.id} class={'format' + (format === f.id ? ' active' : '')}>
              <input type="radio" name="format" value={f.id} checked={format === f.id} onChange={() => setFormat(f.id)} />
              <span><strong>{f.label}</strong> <span class="muted">{f.note}</span></span>
            </label>
          ))}
        </fieldset>
        <fieldset class="range">
          <legend>Period <span class="muted">(optional; leave empty for everything)</span></legend>
          <label class="field inline"><span>From</span><input type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} /></label>
          <label class="field inline"><span>To</span><input type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} /></label>
        </fieldset>
        <ErrorNote error={error && !error.unavailable ? error : null}>{error?.unavailable ? 'Export is not available right now.' : null}</ErrorNote>
        <button class="button primary" type="submit" disabled={busy}>{busy ? 'Preparing…' : 'Create export'}</button>
      </form>
      <div role="status" aria-live="polite" class="export-status">
        {job && !DONE.includes(status) && !FAILED.includes(status) && <p>Preparing your {String(job.format || format).toUpperCase()}… ({status || 'queued'})</p>}
        {FAILED.includes(status) && <p class="note error">The export failed{job.error ? ': ' + (job.error.message || job.error) : ''}. Please try again.</p>}
        {file && (
          <p class="card quiet">
            Your export is ready: <a href={file.url} download={file.name} data-testid="export-link">{file.name}</a>{' '}
            <span class="muted">({Math.max(1, Math.round(file.size / 1024))} KB)</span>
          </p>
        )}
      </div>
    </main>
  );
}
