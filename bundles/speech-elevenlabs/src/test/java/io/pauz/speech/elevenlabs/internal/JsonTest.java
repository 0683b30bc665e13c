package io.pauz.speech.elevenlabs.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;

import org.junit.Test;

public class JsonTest {
    @Test
    public void readsNestedValues() {
        Object v = Json.parse(" {\"a\": [1, -2.5e1, true, false, null, {}], \"b\": \"x\\\"\\u00e9\\ud83d\\ude00\\n\", \"c\": []} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of(1.0, -25.0, true, false), ((List<?>) m.get("a")).subList(0, 4));
        assertNull(((List<?>) m.get("a")).get(4));
        assertEquals(Map.of(), ((List<?>) m.get("a")).get(5));
        assertEquals("x\"é😀\n", m.get("b"));
        assertEquals(List.of(), m.get("c"));
    }

    @Test
    public void rejectsWhatIsNotJson() {
        for (String bad : new String[] { "", "<html>", "{\"a\":1", "{\"a\" 1}", "[1,]", "{} x", "\"open", "tru", "{a:1}",
                "\"\\x\"", "-" }) {
            try {
                Json.parse(bad);
                fail("accepted " + bad);
            } catch (IllegalArgumentException expected) {
                // fine
            }
        }
    }
}
