package io.pauz.ai.gemini.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.pauz.api.ai.AiEngine;
import io.pauz.testsupport.Configs;

public class SettingsTest {
    private static final String KEY = "AIzaSyQpR7uW2zX9cV4bN1mK8jH3gF-x0y1z2a3";

    private static Settings settings(Map<String, Object> values) {
        return Settings.of(Configs.of(GeminiConfig.class, values));
    }

    @Test
    public void servicePropertiesCarryNoKey() {
        Settings s = settings(Map.of("api.key", KEY));
        Hashtable<String, Object> props = s.serviceProperties();
        assertEquals("gemini", props.get(AiEngine.ID_PROPERTY));
        assertEquals("gemini-2.0-flash", props.get("pauz.ai.model"));
        assertEquals("generativelanguage.googleapis.com", props.get("pauz.ai.host"));
        for (Map.Entry<String, Object> e : props.entrySet()) {
            assertFalse(e.getKey(), e.getKey().contains("key") && !e.getKey().equals(AiEngine.ID_PROPERTY));
            assertFalse(e.getKey(), String.valueOf(e.getValue()).contains(KEY));
        }
        assertFalse(s.toString().contains(KEY));
    }

    @Test
    public void endpointsAndDefaults() {
        Settings s = settings(Map.of("api.key", KEY));
        assertEquals("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent",
                s.endpoint().toString());
        assertEquals(30, s.timeout().toSeconds());
        assertEquals(2, s.retries());
        assertEquals(500, s.backoffMillis());
        assertEquals("http://127.0.0.1:8080/v1/models/gemini-2.5-pro:generateContent", settings(Map.of(
                "base.url", "http://127.0.0.1:8080/v1/", "model", "models/gemini-2.5-pro")).endpoint().toString());
        assertEquals("127.0.0.1:8080", settings(Map.of("base.url", "http://127.0.0.1:8080")).host());
    }

    @Test
    public void refusedConfigurations() {
        refused(Map.of(), "api.key is empty");
        refused(Map.of("base.url", "ftp://example.org"), "http(s)");
        refused(Map.of("base.url", "http://user:" + KEY + "@example.org"), "credentials");
        refused(Map.of("api.key", KEY, "model", " "), "model must be");
        refused(Map.of("api.key", KEY, "model", "../../v1/files?x=1"), "model must be");
    }

    private static void refused(Map<String, Object> values, String why) {
        try {
            settings(values);
            fail("accepted " + values.keySet());
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(why));
            assertFalse(e.getMessage().contains(KEY));
        }
    }

    /** The component against a recording BundleContext: what it registers, and how it follows changes. */
    @Test
    public void componentRegistersWithoutKeyAndFollowsChanges() {
        List<Object> services = new ArrayList<>();
        List<Dictionary<String, ?>> properties = new ArrayList<>();
        boolean[] unregistered = { false };
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] { ServiceRegistration.class }, (p, m, a) -> {
                    switch (m.getName()) {
                    case "setProperties" -> properties.add(copy((Dictionary<String, ?>) a[0]));
                    case "unregister" -> unregistered[0] = true;
                    default -> throw new UnsupportedOperationException(m.getName());
                    }
                    return null;
                });
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { BundleContext.class }, (p, m, a) -> {
                    if (m.getName().equals("registerService") && a[0] == AiEngine.class) {
                        services.add(a[1]);
                        properties.add(copy((Dictionary<String, ?>) a[2]));
                        return registration;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });

        GeminiComponent component = new GeminiComponent(context,
                Configs.of(GeminiConfig.class, Map.of("api.key", KEY)));
        assertEquals(1, services.size());
        AiEngine engine = (AiEngine) services.get(0);
        assertEquals("gemini-2.0-flash", engine.model());
        assertFalse(properties.get(0).toString().contains(KEY));

        component.modified(Configs.of(GeminiConfig.class, Map.of("api.key", KEY, "model", "gemini-2.5-flash")));
        assertEquals("same service, updated in place", 1, services.size());
        assertEquals("gemini-2.5-flash", engine.model());
        assertEquals("gemini-2.5-flash", properties.get(1).get("pauz.ai.model"));
        assertFalse(properties.get(1).toString().contains(KEY));

        component.modified(Configs.of(GeminiConfig.class, Map.of("api.key", "")));
        assertTrue("an unusable configuration withdraws the engine", unregistered[0]);
        component.deactivate();
    }

    private static Dictionary<String, ?> copy(Dictionary<String, ?> d) {
        Hashtable<String, Object> h = new Hashtable<>();
        for (var keys = d.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            h.put(k, d.get(k));
        }
        return h;
    }
}
