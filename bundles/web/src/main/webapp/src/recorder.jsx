// Voice entries: record with MediaRecorder, convert to 16 kHz mono WAV, upload, follow the transcription.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.js';
import { toWav16kMono } from './wav.js';

const MAX_SECONDS = 300;
const LABELS = {
  idle: '',
  asking: 'Waiting for microphone permission…',
  recording: 'Recording',
  converting: 'Preparing the recording…',
  uploading: 'Uploading…',
  pending: 'Uploaded. Waiting to be transcribed…',
  running: 'Transcribing…',
  done: 'Transcribed.',
  failed: 'Transcription failed. The recording is kept safe.',
};

export function Recorder({ onEntry }) {
  const [state, setState] = useState('idle');
  const [seconds, setSeconds] = useState(0);
  const [result, setResult] = useState(null);
  const [message, setMessage] = useState(null);
  const rec = useRef({});

  useEffect(() => () => {
    const r = rec.current;
    clearInterval(r.tick);
    clearTimeout(r.poll);
    r.cancelled = true;
    r.stream?.getTracks().forEach((t) => t.stop());
  }, []);

  async function start() {
    clearTimeout(rec.current.poll); // a new recording replaces the one being followed
    setMessage(null);
    setResult(null);
    if (!navigator.mediaDevices?.getUserMedia || !window.MediaRecorder) {
      setMessage('This browser cannot record audio. You can still type your entry.');
      return;
    }
    setState('asking');
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const recorder = new MediaRecorder(stream);
      const chunks = [];
      recorder.ondataavailable = (e) => e.data.size && chunks.push(e.data);
      recorder.onstop = () => finish(new Blob(chunks, { type: recorder.mimeType || 'audio/webm' }));
      rec.current = { stream, recorder, started: Date.now() };
      recorder.start(250);
      setSeconds(0);
      setState('recording');
      rec.current.tick = setInterval(() => {
        const s = Math.floor((Date.now() - rec.current.started) / 1000);
        setSeconds(s);
        if (s >= MAX_SECONDS) stop();
      }, 250);
    } catch (e) {
      setState('idle');
      setMessage(e.name === 'NotAllowedError' ? 'Microphone access was not allowed.' : 'No microphone could be opened.');
    }
  }

  function stop(discard = false) {
    const r = rec.current;
    clearInterval(r.tick);
    r.discard = discard;
    if (r.recorder?.state === 'recording') r.recorder.stop();
    r.stream?.getTracks().forEach((t) => t.stop());
    if (discard) setState('idle');
  }

  async function finish(blob) {
    if (rec.current.discard) return;
    try {
      setState('converting');
      const wav = await toWav16kMono(blob);
      setState('uploading');
      const title = 'Voice note ' + new Date().toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
      const lang = (navigator.language || 'en').slice(0, 2);
      const accepted = await api(`journal/voice?title=${encodeURIComponent(title)}&language=${lang}`,
        { method: 'POST', body: wav, headers: { 'Content-Type': 'audio/wav' } });
      const entry = accepted.entry;
      onEntry?.(entry);
      setResult({ entry, job: accepted.transcription });
      follow(entry.id, accepted.transcription?.status || 'pending');
    } catch (e) {
      setState('idle');
      setMessage(e.unavailable ? 'Voice entries are not available right now.' : 'The recording could not be saved: ' + e.message);
    }
  }

  function follow(id, status) {
    setState(status);
    if (status === 'done' || status === 'failed') return;
    rec.current.poll = setTimeout(async () => {
      if (rec.current.cancelled) return;
      try {
        const job = await api(`journal/entries/${id}/transcription`);
        setResult((r) => ({ ...r, job }));
        setMessage(job.message || null);
        follow(id, job.status);
      } catch (e) {
        follow(id, status);
      }
    }, 2000);
  }

  const recording = state === 'recording';
  const mm = String(Math.floor(seconds / 60)).padStart(1, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  return (
    <section class="card recorder" aria-labelledby="voice-title">
      <h2 id="voice-title">Speak instead</h2>
      <p class="muted">Record a voice note; PAUZ keeps the recording and writes it down for you.</p>
      <div class="row">
        {!recording ? (
          <button type="button" class="button record" onClick={start} disabled={['asking', 'converting', 'uploading'].includes(state)}>
            <span class="rec-dot" aria-hidden="true" /> Record a voice note
          </button>
        ) : (
          <>
            <button type="button" class="button primary" onClick={() => stop(false)}>Stop and save</button>
            <button type="button" class="button ghost" onClick={() => stop(true)}>Discard</button>
            <span class="timer" aria-label={`Recording time ${mm} minutes ${ss} seconds`}>{mm}:{ss}</span>
          </>
        )}
      </div>
      <p class="voice-status" role="status" aria-live="polite">
        {LABELS[state]}{message ? ' ' + message : ''}
      </p>
      {result?.job?.status === 'done' && (
        <blockquote class="transcript">{result.job.text || '(no words were recognised)'}</blockquote>
      )}
      {result?.job?.status === 'failed' && result.job.error && <p class="muted">{result.job.error}</p>}
      {result && <p><a href={`/entries/${result.entry.id}`}>Open the voice entry</a></p>}
    </section>
  );
}
