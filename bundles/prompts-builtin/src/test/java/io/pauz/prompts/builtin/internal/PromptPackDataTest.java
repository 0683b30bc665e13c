package io.pauz.prompts.builtin.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

import io.pauz.api.prompt.Prompt;

/** The loader turns author mistakes into errors that name the culprit. */
public class PromptPackDataTest {

    private static final String TOPIC = "{\"id\":\"t\",\"title\":\"T\",\"description\":\"D\",\"prompts\":[%s]}";

    @Test
    public void shippedResourceParses() throws IOException {
        PromptPackData data = PromptPackData.read(BuiltinPromptPack.class.getResourceAsStream(BuiltinPromptPack.RESOURCE));
        assertEquals(BuiltinPromptPack.ID, data.id());
        assertEquals(data.topics().size(), data.promptsByTopic().size());
    }

    @Test
    public void minimalPackParses() throws IOException {
        PromptPackData data = read(pack(prompt("t-01", "OPENING", "[\"work\"]")));
        assertEquals(1, data.promptCount());
        Prompt p = data.prompts("t").get(0);
        assertEquals("t", p.topicId());
        assertEquals(Prompt.Stage.OPENING, p.stage());
        assertTrue(p.tags().contains("work"));
    }

    @Test
    public void missingTagsMeansNoTags() throws IOException {
        String prompt = "{\"id\":\"t-01\",\"stage\":\"CLOSING\",\"text\":\"Why?\"}";
        assertTrue(read(pack(prompt)).prompts("t").get(0).tags().isEmpty());
    }

    @Test
    public void duplicatePromptIdRejected() {
        assertRejected("duplicate prompt id", pack(prompt("t-01", "OPENING", "[]") + "," + prompt("t-01", "CLOSING", "[]")));
    }

    @Test
    public void uppercaseOrMultiWordTagRejected() {
        assertRejected("tag must be a lowercase word: Work", pack(prompt("t-01", "OPENING", "[\"Work\"]")));
        assertRejected("tag must be a lowercase word: bad day", pack(prompt("t-01", "OPENING", "[\"bad day\"]")));
    }

    @Test
    public void missingStageRejected() {
        assertRejected("stage missing", pack("{\"id\":\"t-01\",\"text\":\"Why?\",\"tags\":[]}"));
    }

    @Test
    public void unknownStageRejected() {
        assertThrows(IOException.class, () -> read(pack(prompt("t-01", "MIDDLE", "[]"))));
    }

    @Test
    public void misspelledFieldRejected() {
        // "tag" instead of "tags" would otherwise silently lose every tag of the prompt.
        assertThrows(IOException.class,
                () -> read(pack("{\"id\":\"t-01\",\"stage\":\"OPENING\",\"text\":\"Why?\",\"tag\":[\"work\"]}")));
    }

    @Test
    public void duplicateTopicRejected() {
        String topic = String.format(TOPIC, prompt("t-01", "OPENING", "[]"));
        String topic2 = String.format(TOPIC, prompt("t-02", "OPENING", "[]"));
        assertRejected("duplicate topic id t", "{\"id\":\"p\",\"name\":\"P\",\"topics\":[" + topic + "," + topic2 + "]}");
    }

    @Test
    public void badIdRejected() {
        assertRejected("id must match", pack(prompt("T 01", "OPENING", "[]")));
    }

    @Test
    public void missingResourceRejected() {
        assertThrows(IOException.class, () -> PromptPackData.read(null));
    }

    private static String pack(String prompts) {
        return "{\"id\":\"p\",\"name\":\"P\",\"topics\":[" + String.format(TOPIC, prompts) + "]}";
    }

    private static String prompt(String id, String stage, String tags) {
        return "{\"id\":\"" + id + "\",\"stage\":\"" + stage + "\",\"text\":\"Why?\",\"tags\":" + tags + "}";
    }

    private static PromptPackData read(String json) throws IOException {
        InputStream in = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
        return PromptPackData.read(in);
    }

    private static void assertRejected(String messagePart, String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(json));
        assertTrue(e.getMessage(), e.getMessage().contains(messagePart));
    }
}
