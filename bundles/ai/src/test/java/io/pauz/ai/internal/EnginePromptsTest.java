package io.pauz.ai.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pauz.api.ai.AiRequest;
import io.pauz.api.ai.PromptType;

public class EnginePromptsTest {

    @Test
    public void requestExplainsTheRoleAndAsksForJson() {
        AiRequest r = EnginePrompts.request(PromptType.REFLECTION, "my text", Map.of("mood.label", "negative", "mood.score", "-0.4"));
        assertTrue(r.json());
        assertEquals("system", r.messages().get(0).role());
        String system = r.messages().get(0).content();
        assertTrue(system.contains("journaling companion"));
        assertTrue(system.contains("never diagnose"));
        assertTrue(system.contains("JSON"));
        assertTrue(r.messages().get(1).content().contains("my text"));
        assertTrue(r.messages().get(1).content().contains("negative"));
        assertEquals("my text", r.context().get("text"));
    }

    @Test
    public void fencesAndProseAreStripped() throws Exception {
        ObjectNode a = EnginePrompts.parse(PromptType.WRITING_HINT,
                "```json\n{\"hints\": [\"1. Write about the sea\", \"- Name one colour\", \"3 things you saw\"]}\n```");
        assertEquals("Write about the sea", a.path("hints").get(0).asText());
        assertEquals("Name one colour", a.path("hints").get(1).asText());
        assertEquals("3 things you saw", a.path("hints").get(2).asText());
        ObjectNode b = EnginePrompts.parse(PromptType.REFLECTION,
                "Sure! Here it is: {\"reflection\": \"You sound tired.\", \"questions\": [\"What helps?\", \"Who knows?\", \"Why?\", \"When?\", \"Five?\"]} Hope it helps");
        assertEquals(4, b.path("questions").size());
    }

    @Test
    public void garbageIsRejected() {
        assertThrows(EnginePrompts.BadAnswer.class, () -> EnginePrompts.parse(PromptType.WRITING_HINT, "I think you should write more."));
        assertThrows(EnginePrompts.BadAnswer.class, () -> EnginePrompts.parse(PromptType.WRITING_HINT, "{\"hints\": [\"only one\"]}"));
        assertThrows(EnginePrompts.BadAnswer.class, () -> EnginePrompts.parse(PromptType.WRITING_HINT, "{\"hints\": \"a, b, c\"}"));
        assertThrows(EnginePrompts.BadAnswer.class, () -> EnginePrompts.parse(PromptType.REFLECTION, "{\"questions\": [\"a\", \"b\"]}"));
        assertThrows(EnginePrompts.BadAnswer.class, () -> EnginePrompts.parse(PromptType.MOOD_ANALYSIS, "{\"score\": \"happy\"}"));
        assertThrows(EnginePrompts.BadAnswer.class, () -> EnginePrompts.parse(PromptType.MOOD_ANALYSIS, "{\"label\": \"positive\"}"));
        assertThrows(EnginePrompts.BadAnswer.class, () -> EnginePrompts.parse(PromptType.MOOD_ANALYSIS, "{\"score\": 0.1, \"emotions\": [1,2]}"));
        assertThrows(EnginePrompts.BadAnswer.class, () -> EnginePrompts.parse(PromptType.MOOD_ANALYSIS, "{\"score\": 0.1, \"emotions\": {\"joy\": \"lots\"}}"));
        assertThrows(EnginePrompts.BadAnswer.class, () -> EnginePrompts.parse(PromptType.MOOD_ANALYSIS, ""));
    }

    @Test
    public void moodIsClampedAndLabelled() throws Exception {
        ObjectNode m = EnginePrompts.parse(PromptType.MOOD_ANALYSIS,
                "{\"score\": 3.5, \"label\": \"<script>\", \"emotions\": {\"Joy\": 7, \"fear\": -2, \"bad key!\": 0.5, \"calm\": \"0.25\"}}");
        assertEquals(1.0, m.path("score").asDouble(), 0);
        assertEquals("very positive", m.path("label").asText());
        assertEquals(1.0, m.path("emotions").path("joy").asDouble(), 0);
        assertEquals(0.0, m.path("emotions").path("fear").asDouble(), 0);
        assertEquals(0.25, m.path("emotions").path("calm").asDouble(), 0);
        assertTrue(m.path("emotions").path("bad key!").isMissingNode());
        ObjectNode n = EnginePrompts.parse(PromptType.MOOD_ANALYSIS, "{\"score\": \"-0.3\", \"label\": \"Anxious\"}");
        assertEquals(-0.3, n.path("score").asDouble(), 0);
        assertEquals("anxious", n.path("label").asText());
    }

    @Test
    public void cacheKeyIgnoresCaseAndSpacingButNotTypeEngineOrContext() {
        String a = AiService.cacheKey("offline", "m", PromptType.WRITING_HINT, "  Hello   World\n", Map.of("topic", "work"));
        assertEquals(a, AiService.cacheKey("offline", "m", PromptType.WRITING_HINT, "hello world", Map.of("topic", "work")));
        assertTrue(!a.equals(AiService.cacheKey("offline", "m", PromptType.REFLECTION, "hello world", Map.of("topic", "work"))));
        assertTrue(!a.equals(AiService.cacheKey("openai", "m", PromptType.WRITING_HINT, "hello world", Map.of("topic", "work"))));
        assertTrue(!a.equals(AiService.cacheKey("offline", "m2", PromptType.WRITING_HINT, "hello world", Map.of("topic", "work"))));
        assertTrue(!a.equals(AiService.cacheKey("offline", "m", PromptType.WRITING_HINT, "hello world", Map.of("topic", "family"))));
        assertTrue(!a.equals(AiService.cacheKey("offline", "m", PromptType.WRITING_HINT, "hello world!", Map.of("topic", "work"))));
        assertTrue(a.matches("ai:[0-9a-f]{64}"));
    }
}
