package io.pauz.speech.sphinx4.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.pauz.api.speech.SpeechException;
import io.pauz.api.speech.Transcript;

public class Sphinx4TranscriberTest {
    static final String[] CLIPS = { "librivox-0880", "librivox-0930", "cards-001", "cards-002" };

    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();
    private static Sphinx4Transcriber transcriber;

    @BeforeClass
    public static void loadModel() throws Exception {
        transcriber = SharedTranscriber.get();
    }

    @Test
    public void transcribesRealSpeechWithALowWordErrorRate() throws Exception {
        int errors = 0;
        int referenceWords = 0;
        double audioSeconds = 0;
        double decodeSeconds = 0;
        StringBuilder table = new StringBuilder(String.format("%n%-14s %7s %8s %6s %6s  %s%n", "clip", "audio s", "decode s", "RTF", "WER", "hypothesis"));
        for (String clip : CLIPS) {
            Path wav = TestWavs.fixture(tmp.getRoot().toPath(), clip + ".wav");
            String reference = reference(clip);
            double seconds = WavFile.open(wav).seconds();
            long start = System.nanoTime();
            Transcript t = transcriber.transcribe(wav);
            double decode = (System.nanoTime() - start) / 1e9;

            assertEquals("sphinx4", t.engine());
            assertEquals("en", t.language());
            assertWordsMatchText(t, seconds);
            List<String> ref = WordErrorRate.words(reference);
            int e = WordErrorRate.errors(ref, WordErrorRate.words(t.text()));
            errors += e;
            referenceWords += ref.size();
            audioSeconds += seconds;
            decodeSeconds += decode;
            table.append(String.format("%-14s %7.2f %8.2f %6.2f %6.2f  %s%n", clip, seconds, decode, decode / seconds,
                    e / (double) ref.size(), t.text()));
            // Each clip on its own, loosely: a broken decoder gives nonsense or nothing on every one of them.
            assertTrue(clip + ": \"" + t.text() + "\" vs \"" + reference + "\"", e / (double) ref.size() < 0.75);
        }
        double wer = errors / (double) referenceWords;
        table.append(String.format("%-14s %7.2f %8.2f %6.2f %6.2f  (%d errors / %d words)%n", "ALL", audioSeconds,
                decodeSeconds, decodeSeconds / audioSeconds, wer, errors, referenceWords));
        System.out.print(table);
        assertTrue("overall WER " + wer, wer < 0.5);
    }

    @Test
    public void silenceGivesEmptyText() throws Exception {
        Transcript zeros = transcriber.transcribe(TestWavs.pcm16k(tmp.newFile().toPath(), new short[3 * 16_000]));
        assertEquals("", zeros.text());
        assertTrue(zeros.words().isEmpty());
        Transcript roomTone = transcriber.transcribe(TestWavs.pcm16k(tmp.newFile().toPath(), TestWavs.roomTone(3, 42)));
        assertEquals("", roomTone.text());
        assertTrue(roomTone.words().isEmpty());
    }

    @Test
    public void emptyAudioGivesEmptyText() throws Exception {
        Transcript t = transcriber.transcribe(TestWavs.pcm16k(tmp.newFile().toPath(), new short[0]));
        assertEquals("", t.text());
        assertEquals("sphinx4", t.engine());
    }

    @Test
    public void speechAfterSilenceIsStillFoundWithShiftedTimings() throws Exception {
        // Two seconds of room tone, then a clip: the words and their times must move by two seconds.
        Path clip = TestWavs.fixture(tmp.newFolder().toPath(), "cards-001.wav");
        WavFile original = WavFile.open(clip);
        byte[] speech;
        try (InputStream in = original.samples()) {
            speech = in.readAllBytes();
        }
        byte[] lead = TestWavs.encode(TestWavs.roomTone(2, 7));
        byte[] joined = new byte[lead.length + speech.length];
        System.arraycopy(lead, 0, joined, 0, lead.length);
        System.arraycopy(speech, 0, joined, lead.length, speech.length);
        Path shifted = TestWavs.write(tmp.newFile().toPath(), 1, 1, 16_000, 16, joined);

        Transcript plain = transcriber.transcribe(clip);
        Transcript later = transcriber.transcribe(shifted);
        assertEquals(plain.text(), later.text());
        assertTrue(later.text(), WordErrorRate.of(reference("cards-001"), later.text()) < 0.75);
        assertTrue(!later.words().isEmpty());
        assertTrue("first word at " + later.words().get(0).start(), later.words().get(0).start() >= 1.8);
        assertWordsMatchText(later, 2 + original.seconds());
    }

    @Test
    public void aTranscriptDoesNotDependOnTheJobsBeforeIt() throws Exception {
        Path dir = tmp.newFolder().toPath();
        Path clip = TestWavs.fixture(dir, "cards-002.wav");
        Path other = TestWavs.fixture(dir, "librivox-0930.wav");
        Transcript first = transcriber.transcribe(clip);
        transcriber.transcribe(other);
        transcriber.transcribe(TestWavs.pcm16k(tmp.newFile().toPath(), TestWavs.roomTone(3, 3)));
        assertEquals(first, transcriber.transcribe(clip));
    }

    @Test
    public void wrongFormatsAndGarbageAreRejectedWithAClearMessage() throws Exception {
        assertRejected(TestWavs.write(tmp.newFile().toPath(), 1, 1, 8_000, 16, new byte[16_000]), "8000 Hz");
        assertRejected(TestWavs.write(tmp.newFile().toPath(), 1, 2, 16_000, 16, new byte[64_000]), "2 channels");
        byte[] garbage = new byte[50_000];
        new java.util.Random(1).nextBytes(garbage);
        assertRejected(Files.write(tmp.newFile().toPath(), garbage), "not a WAV");
        assertRejected(tmp.getRoot().toPath().resolve("missing.wav"), "cannot read");
    }

    @Test
    public void tooLongRecordingsAreRefused() throws Exception {
        Sphinx4Transcriber strict = new Sphinx4Transcriber(Settings.DEFAULTS.withMaxAudioSeconds(1));
        try {
            strict.transcribe(TestWavs.pcm16k(tmp.newFile().toPath(), new short[2 * 16_000]));
            fail("accepted 2 s with a limit of 1 s");
        } catch (SpeechException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("at most 1 s"));
        } finally {
            strict.close();
        }
    }

    @Test
    public void concurrentCallersShareTheRecognizerOneAtATime() throws Exception {
        Path a = TestWavs.fixture(tmp.newFolder().toPath(), "cards-001.wav");
        Path b = TestWavs.fixture(tmp.newFolder().toPath(), "cards-002.wav");
        String expectedA = transcriber.transcribe(a).text();
        String expectedB = transcriber.transcribe(b).text();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Path p = i % 2 == 0 ? a : b;
                results.add(pool.submit(() -> transcriber.transcribe(p).text()));
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(i % 2 == 0 ? expectedA : expectedB, results.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static String reference(String clip) throws IOException {
        try (InputStream in = Sphinx4TranscriberTest.class.getResourceAsStream("/speech/" + clip + ".txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    private static void assertWordsMatchText(Transcript t, double audioSeconds) {
        List<String> fromWords = new ArrayList<>();
        double last = 0;
        for (Transcript.Word w : t.words()) {
            fromWords.add(w.text());
            assertTrue(w + " starts before the previous word ends", w.start() >= last - 0.05);
            assertTrue(w + " is not within the audio", w.start() <= w.end() && w.end() <= audioSeconds + 0.05);
            last = w.end();
        }
        assertEquals(WordErrorRate.words(t.text()), WordErrorRate.words(String.join(" ", fromWords)));
    }

    private static void assertRejected(Path file, String expected) {
        try {
            transcriber.transcribe(file);
            fail("accepted " + file.getFileName());
        } catch (SpeechException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }
}
