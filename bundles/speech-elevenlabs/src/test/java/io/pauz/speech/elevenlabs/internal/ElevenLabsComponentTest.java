package io.pauz.speech.elevenlabs.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.pauz.api.speech.SpeechEngine;

public class ElevenLabsComponentTest {
    static final String KEY = ElevenLabsClientTest.KEY;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private FakeElevenLabs eleven;

    /** What the framework saw: one entry per registration, its current properties, whether it is gone. */
    static final class Registration {
        Object service;
        Map<String, Object> properties;
        boolean unregistered;
    }

    private final List<Registration> registrations = new ArrayList<>();

    @Before
    public void start() throws Exception {
        eleven = new FakeElevenLabs(KEY);
    }

    @After
    public void stop() {
        eleven.close();
    }

    @Test
    public void servicePropertiesCarryNoSecret() {
        Settings s = Settings.of("https://api.elevenlabs.io", KEY, "scribe_v1", 120, 2);
        Map<String, Object> props = toMap(ElevenLabsComponent.serviceProperties(s));
        assertEquals("elevenlabs", props.get(SpeechEngine.ID_PROPERTY));
        for (Map.Entry<String, Object> e : props.entrySet()) {
            assertFalse(e.getKey(), String.valueOf(e.getValue()).contains(KEY));
            assertFalse(e.getKey(), e.getKey().toLowerCase().contains("key"));
        }
        assertFalse(s.toString().contains(KEY));
    }

    @Test
    public void registersByHandReconfiguresAndWithdraws() throws Exception {
        ElevenLabsComponent c = new ElevenLabsComponent(context(), config(Map.of("base.url", eleven.baseUrl(),
                "api.key", KEY, "timeout.seconds", 5, "retries", 0)));
        assertEquals(1, registrations.size());
        Registration r = registrations.get(0);
        assertEquals("elevenlabs", r.properties.get(SpeechEngine.ID_PROPERTY));
        assertFalse(r.properties.toString().contains(KEY));
        SpeechEngine engine = (SpeechEngine) r.service;
        assertEquals("elevenlabs", engine.id());
        assertEquals(Set.of("audio/wav", "audio/mpeg", "audio/mp4", "audio/ogg", "audio/webm", "audio/flac"),
                engine.mediaTypes());

        Path audio = tmp.newFile("a.wav").toPath();
        Files.write(audio, new byte[] { 1, 2, 3 });
        assertEquals("Hello Grüße world.", engine.transcribe(audio, "audio/wav", null).text());

        // A new key and model apply to the same service without restart.
        try (FakeElevenLabs other = new FakeElevenLabs("sk_other_key_123456")) {
            c.modified(config(Map.of("base.url", other.baseUrl(), "api.key", "sk_other_key_123456",
                    "model.id", "scribe_v1_experimental")));
            assertEquals(1, registrations.size());
            assertSame(engine, r.service);
            assertEquals("scribe_v1_experimental", r.properties.get("pauz.speech.model"));
            engine.transcribe(audio, "audio/wav", null);
            assertEquals(1, other.calls.get());
            assertEquals("scribe_v1_experimental", other.received.get(0).fields().get("model_id"));
            assertEquals(1, eleven.calls.get());
        }

        // Key removed: the engine is withdrawn; key back: offered again.
        c.modified(config(Map.of("base.url", eleven.baseUrl(), "api.key", "  ")));
        assertTrue(r.unregistered);
        c.modified(config(Map.of("base.url", eleven.baseUrl(), "api.key", KEY)));
        assertEquals(2, registrations.size());
        assertFalse(registrations.get(1).unregistered);

        c.deactivate();
        assertTrue(registrations.get(1).unregistered);
    }

    @Test
    public void emptyKeyOrBadUrlOffersNothing() {
        new ElevenLabsComponent(context(), config(Map.of()));
        new ElevenLabsComponent(context(), config(Map.of("api.key", KEY, "base.url", "ftp://example.org")));
        new ElevenLabsComponent(context(), config(Map.of("api.key", KEY, "base.url", "https://user:pw@example.org")));
        assertTrue(registrations.isEmpty());
        try {
            Settings.of("https://user:secretpw@example.org", KEY, null, 5, 1);
        } catch (IllegalArgumentException e) {
            assertFalse(e.getMessage(), e.getMessage().contains("secretpw"));
            return;
        }
        throw new AssertionError("user info accepted");
    }

    // ---- fakes ---------------------------------------------------------------------------------------

    static Map<String, Object> toMap(Dictionary<String, ?> d) {
        Map<String, Object> m = new HashMap<>();
        for (String k : Collections.list(d.keys())) {
            m.put(k, d.get(k));
        }
        return m;
    }

    /** The annotation DS would build from the configuration: a.b keys map to a_b methods, else defaults. */
    static ElevenLabsConfig config(Map<String, Object> values) {
        return (ElevenLabsConfig) Proxy.newProxyInstance(ElevenLabsConfig.class.getClassLoader(),
                new Class<?>[] { ElevenLabsConfig.class }, (proxy, method, args) -> {
                    String key = method.getName().replace('_', '.');
                    if (values.containsKey(key)) {
                        return values.get(key);
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    if ("toString".equals(method.getName())) {
                        return "config";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @SuppressWarnings("unchecked")
    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { BundleContext.class },
                (proxy, method, args) -> {
                    if (!"registerService".equals(method.getName())) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Registration r = new Registration();
                    r.service = args[1];
                    r.properties = toMap((Dictionary<String, ?>) args[2]);
                    assertNotNull(r.service);
                    registrations.add(r);
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { ServiceRegistration.class },
                            (p, m, a) -> {
                                switch (m.getName()) {
                                case "setProperties" -> r.properties = toMap((Dictionary<String, ?>) a[0]);
                                case "unregister" -> {
                                    if (r.unregistered) {
                                        throw new IllegalStateException("already unregistered");
                                    }
                                    r.unregistered = true;
                                }
                                default -> throw new UnsupportedOperationException(m.getName());
                                }
                                return null;
                            });
                });
    }
}
