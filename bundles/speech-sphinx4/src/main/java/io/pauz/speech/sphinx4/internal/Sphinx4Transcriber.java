package io.pauz.speech.sphinx4.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.speech.SpeechException;
import io.pauz.api.speech.Transcript;

/**
 * Transcribes 16 kHz mono 16-bit WAV files with a small pool of Sphinx4 recognizers, each built on first need
 * (or by {@link #warmUp()}) and kept: building one loads the model, which takes seconds.
 */
final class Sphinx4Transcriber implements AutoCloseable {
    static final String ENGINE = "sphinx4";
    private static final Logger LOG = LoggerFactory.getLogger(Sphinx4Transcriber.class);
    /** Shorter than this there is nothing Sphinx4 could hear (its speech detector wants a few frames). */
    private static final long MIN_DATA_BYTES = WavFile.BYTES_PER_SECOND / 10;

    private final Settings settings;
    private final LinkedBlockingQueue<Decoder> idle = new LinkedBlockingQueue<>();
    /** Decoders alive or being built; never more than the pool size. */
    private final AtomicInteger decoders = new AtomicInteger();
    private volatile boolean closed;

    Sphinx4Transcriber(Settings settings) {
        this.settings = settings;
    }

    Settings settings() {
        return settings;
    }

    /** Recognizers alive or being built. */
    int decoders() {
        return decoders.get();
    }

    /** Builds one recognizer now, unless the pool is already full, so the first transcription does not wait for it. */
    void warmUp() throws SpeechException {
        if (reserve()) {
            release(build());
        }
    }

    Transcript transcribe(Path audio) throws SpeechException {
        WavFile wav;
        try {
            wav = WavFile.open(audio);
        } catch (WavFile.InvalidWavException e) {
            throw new SpeechException(e.getMessage(), e);
        } catch (IOException e) {
            throw new SpeechException("cannot read the recording: " + e.getMessage(), e);
        }
        if (settings.maxAudioSeconds() > 0 && wav.seconds() > settings.maxAudioSeconds()) {
            throw new SpeechException(String.format("recording is %.0f s long; the sphinx4 engine takes at most %d s",
                    wav.seconds(), settings.maxAudioSeconds()), null);
        }
        if (wav.dataLength() < MIN_DATA_BYTES) {
            return new Transcript("", "en", null, ENGINE);
        }
        Decoder decoder = acquire();
        boolean healthy = false;
        try {
            Transcript t = decoder.decode(wav);
            healthy = true;
            return t;
        } catch (IOException e) {
            healthy = true; // the file failed, not the recognizer
            throw new SpeechException("cannot read the recording: " + e.getMessage(), e);
        } catch (Exception e) {
            // Sphinx4 throws NullPointerException and friends on some audio (cmusphinx/sphinx4#68); such a
            // recognizer may be left half-way through an utterance, so it is replaced rather than reused.
            throw new SpeechException("Sphinx4 could not decode the recording: " + e, e);
        } finally {
            if (healthy) {
                release(decoder);
            } else {
                discard(decoder);
            }
        }
    }

    private Decoder acquire() throws SpeechException {
        while (true) {
            if (closed) {
                throw new SpeechException("the sphinx4 engine is stopping", null);
            }
            Decoder d = idle.poll();
            if (d != null) {
                return d;
            }
            if (reserve()) {
                return build();
            }
            try {
                // Polling rather than take(): if a recognizer being built fails, a waiter gets to build one itself.
                d = idle.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SpeechException("interrupted while waiting for a free Sphinx4 recognizer", e);
            }
            if (d != null) {
                return d;
            }
        }
    }

    private boolean reserve() {
        while (true) {
            int n = decoders.get();
            if (n >= settings.poolSize()) {
                return false;
            }
            if (decoders.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    private Decoder build() throws SpeechException {
        long start = System.nanoTime();
        try {
            Decoder d = Decoder.load(settings);
            LOG.info("Sphinx4 English model loaded in {} ms", (System.nanoTime() - start) / 1_000_000);
            return d;
        } catch (Exception e) {
            decoders.decrementAndGet();
            throw new SpeechException("could not load the Sphinx4 English model: " + e, e);
        }
    }

    private void release(Decoder d) {
        idle.offer(d);
        if (closed) {
            drain();
        }
    }

    private void discard(Decoder d) {
        decoders.decrementAndGet();
        d.close();
    }

    private void drain() {
        Decoder d;
        while ((d = idle.poll()) != null) {
            discard(d);
        }
    }

    /** Frees idle recognizers now and busy ones when their transcription ends. */
    @Override
    public void close() {
        closed = true;
        drain();
    }
}
