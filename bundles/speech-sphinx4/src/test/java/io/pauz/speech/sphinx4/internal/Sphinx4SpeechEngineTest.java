package io.pauz.speech.sphinx4.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.pauz.api.speech.SpeechException;
import io.pauz.api.speech.Transcript;

public class Sphinx4SpeechEngineTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** What DS hands the component: the annotation's defaults, overridden by configuration properties. */
    static Sphinx4Config config(Map<String, Object> values) {
        return (Sphinx4Config) Proxy.newProxyInstance(Sphinx4Config.class.getClassLoader(), new Class<?>[] { Sphinx4Config.class },
                (proxy, method, args) -> {
                    Method m = method;
                    if (m.getDeclaringClass() == Object.class) {
                        return m.getName().equals("toString") ? "Sphinx4Config" : m.invoke(values, args);
                    }
                    Object v = values.get(m.getName());
                    return v != null ? v : m.getDefaultValue();
                });
    }

    @Test
    public void describesItselfAndRejectsBadInputWithoutLoadingTheModel() throws Exception {
        Sphinx4SpeechEngine engine = new Sphinx4SpeechEngine(config(Map.of("preload", false)));
        try {
            assertEquals("sphinx4", engine.id());
            assertTrue(engine.mediaTypes().contains("audio/wav"));
            Path stereo = TestWavs.write(tmp.newFile().toPath(), 1, 2, 16_000, 16, new byte[64_000]);
            assertRejected(engine, stereo, "2 channels");
            assertRejected(engine, Files.write(tmp.newFile().toPath(), "RIFF....junk".getBytes()), "not a WAV");
        } finally {
            engine.deactivate();
        }
    }

    @Test
    public void preloadsTheModelAndTranscribesWithIt() throws Exception {
        Sphinx4SpeechEngine engine = new Sphinx4SpeechEngine(config(Map.of("preload", true, "absolute_beam_width", 3000)));
        try {
            Path clip = TestWavs.fixture(tmp.getRoot().toPath(), "cards-001.wav");
            // Called while the preload thread is still loading: it waits for that recognizer, as pool_size is 1.
            Transcript t = engine.transcribe(clip, "audio/wav", "en-GB");
            assertEquals("sphinx4", t.engine());
            assertTrue(t.text(), WordErrorRate.of(Sphinx4TranscriberTest.reference("cards-001"), t.text()) < 0.75);
            assertEquals(1, engine.transcriber().decoders());
        } finally {
            engine.deactivate();
        }
        assertEquals(0, engine.transcriber().decoders());
        try {
            engine.transcribe(tmp.getRoot().toPath().resolve("cards-001.wav"), "audio/wav", null);
            fail("transcribed after deactivation");
        } catch (SpeechException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("stopping"));
        }
    }

    @Test
    public void refusesNonsenseConfiguration() {
        try {
            new Sphinx4SpeechEngine(config(Map.of("pool_size", 0, "preload", false)));
            fail("accepted pool_size 0");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("pool_size"));
        }
    }

    private static void assertRejected(Sphinx4SpeechEngine engine, Path file, String expected) {
        try {
            engine.transcribe(file, "audio/wav", "en");
            fail("accepted " + file);
        } catch (SpeechException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }
}
