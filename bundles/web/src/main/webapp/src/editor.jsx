// The journal editor: saves by itself a moment after the typing stops, when the tab is hidden, and on leaving.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.js';
import { formatTime, MoodChip } from './ui.jsx';

const DELAY_MS = 900;

export function EntryEditor({ entry, onSaved, placeholder = 'What is on your mind today?', label = 'Your entry' }) {
  const [title, setTitle] = useState(entry?.title || '');
  const [text, setText] = useState(entry?.text || '');
  const [status, setStatus] = useState({ state: entry ? 'saved' : 'idle', at: entry?.updatedAt, message: null });
  const [current, setCurrent] = useState(entry);
  const live = useRef({ id: entry?.id, version: entry?.version, title, text, dirty: false, saving: null, timer: null });

  async function save({ keepalive = false } = {}) {
    const s = live.current;
    clearTimeout(s.timer);
    if (!s.dirty) return;
    if (s.saving) { // one save at a time; the newest text is sent when this one ends
      s.again = true;
      return;
    }
    if (!s.id && !s.text.trim()) return;
    s.dirty = false;
    setStatus({ state: 'saving' });
    const body = { text: s.text, title: s.title.trim() || null };
    const run = async () => {
      if (!s.id) return api('journal/entries', { method: 'POST', body, keepalive });
      return api('journal/entries/' + s.id, { method: 'PUT', body, keepalive, headers: { 'If-Match': `"${s.version}"` } });
    };
    s.saving = run().catch(async (err) => {
      if (err.status === 409 && s.id) { // changed elsewhere meanwhile: take its version and write ours on top
        const fresh = await api('journal/entries/' + s.id);
        s.version = fresh.version;
        return run();
      }
      throw err;
    });
    try {
      const saved = await s.saving;
      s.id = saved.id;
      s.version = saved.version;
      setCurrent(saved);
      setStatus({ state: 'saved', at: saved.updatedAt });
      onSaved?.(saved);
    } catch (err) {
      s.dirty = true;
      setStatus({ state: 'error', message: err.status === 422 ? 'An entry needs a few words before it can be kept.' : err.message });
    } finally {
      s.saving = null;
      if (s.again) {
        s.again = false;
        save();
      }
    }
  }

  function change(field, value) {
    const s = live.current;
    s[field] = value;
    s.dirty = true;
    if (field === 'text') setText(value); else setTitle(value);
    setStatus((st) => (st.state === 'saving' ? st : { state: 'editing' }));
    clearTimeout(s.timer);
    s.timer = setTimeout(save, DELAY_MS);
  }

  useEffect(() => {
    const hidden = () => document.visibilityState === 'hidden' && save({ keepalive: true });
    document.addEventListener('visibilitychange', hidden);
    return () => {
      document.removeEventListener('visibilitychange', hidden);
      save({ keepalive: true });
    };
  }, []);

  const words = text.trim() ? text.trim().split(/\s+/).length : 0;
  return (
    <div class="editor">
      <label class="field">
        <span class="sr-only">Title (optional)</span>
        <input class="title-input" name="title" placeholder="A title, if you like" value={title} maxLength={200}
          onInput={(e) => change('title', e.currentTarget.value)} onBlur={() => save()} />
      </label>
      <label class="field">
        <span class="sr-only">{label}</span>
        <textarea name="text" class="writing" placeholder={placeholder} value={text} rows={12}
          onInput={(e) => change('text', e.currentTarget.value)} onBlur={() => save()} />
      </label>
      <div class="editor-foot">
        <span class="muted">{words} {words === 1 ? 'word' : 'words'}</span>
        {current?.moodLabel && <MoodChip score={current.moodScore} label={current.moodLabel} />}
        <span class={'save-state ' + status.state} role="status" aria-live="polite">
          {status.state === 'saving' && 'Saving…'}
          {status.state === 'saved' && status.at && `Saved at ${formatTime(status.at)}`}
          {status.state === 'editing' && 'Writing…'}
          {status.state === 'error' && `Not saved yet: ${status.message}`}
        </span>
        {status.state === 'error' && <button type="button" class="button small" onClick={() => { live.current.dirty = true; save(); }}>Retry</button>}
      </div>
    </div>
  );
}
