package io.pauz.ai.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pauz.api.ai.AiMessage;
import io.pauz.api.ai.AiRequest;
import io.pauz.api.ai.AiResponse;
import io.pauz.api.ai.PromptType;

public class OfflineEngineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OfflineEngine engine = new OfflineEngine();

    private JsonNode ask(PromptType type, String text, Map<String, String> context) throws Exception {
        AiResponse r = engine.complete(EnginePrompts.request(type, text, context));
        assertEquals("offline", r.engine());
        return JSON.readTree(r.text());
    }

    private static String all(JsonNode n) {
        return n.toString().toLowerCase(Locale.ROOT);
    }

    @Test
    public void hintsUseTheUsersOwnWords() throws Exception {
        JsonNode a = ask(PromptType.WRITING_HINT,
                "Spent the whole afternoon in the allotment with the tomatoes. The tomatoes finally turned red and I felt proud.",
                Map.of());
        JsonNode hints = a.path("hints");
        assertTrue(hints.size() >= 3 && hints.size() <= 5);
        assertTrue("hints should mention tomatoes or allotment: " + hints, all(hints).contains("tomatoes") || all(hints).contains("allotment"));
        assertEquals("tomatoes", a.path("keywords").get(0).asText());
    }

    @Test
    public void reflectionUsesKeywordsAndNames() throws Exception {
        JsonNode a = ask(PromptType.REFLECTION,
                "Had a long argument with Marcus about the mortgage. I keep worrying about the mortgage and I can't sleep.",
                Map.of("mood.score", "-0.6", "mood.label", "negative"));
        String reflection = a.path("reflection").asText();
        assertFalse(reflection.isBlank());
        JsonNode q = a.path("questions");
        assertTrue(q.size() >= 2 && q.size() <= 4);
        String everything = all(a);
        assertTrue(everything, everything.contains("mortgage") || everything.contains("marcus"));
    }

    @Test
    public void namesAreRecognised() {
        TextFeatures.Features f = TextFeatures.of("Lunch with Priya today. Priya told me about Lisbon. Monday was hard.",
                OfflineData.shared(), null);
        assertTrue(f.names().toString(), f.names().contains("Priya"));
        assertFalse(f.names().contains("Monday"));
        assertFalse(f.keywords().contains("priya"));
    }

    @Test
    public void topicsAreDetected() {
        TextFeatures.Features f = TextFeatures.of("My boss moved the deadline again and the project meeting ran late.",
                OfflineData.shared(), null);
        assertEquals("work", f.topics().get(0));
        TextFeatures.Features g = TextFeatures.of("Slept badly, woke at four, the insomnia is back.", OfflineData.shared(), "gratitude");
        assertEquals("gratitude", g.topics().get(0)); // the topic the user chose comes first
        assertTrue(g.topics().contains("sleep"));
    }

    @Test
    public void sameInputSameAnswerDifferentInputDifferentAnswer() throws Exception {
        String text = "Walked by the river with my sister and we talked about our grandmother.";
        assertEquals(ask(PromptType.WRITING_HINT, text, Map.of()), ask(PromptType.WRITING_HINT, text, Map.of()));
        assertNotEquals(ask(PromptType.WRITING_HINT, text, Map.of()),
                ask(PromptType.WRITING_HINT, "Finished the quarterly report at work, my manager seemed pleased.", Map.of()));
    }

    @Test
    public void answersVaryAcrossManyInputs() throws Exception {
        String[] subjects = { "garden", "exam", "piano", "kitchen", "marathon", "bakery", "hospital", "wedding", "violin",
                "bicycle", "library", "airport", "mountain", "puppy", "laptop", "festival", "harbour", "museum", "tennis", "novel" };
        String[] moods = { "I loved it, such a wonderful day.", "It was awful and I feel sad.", "It was an ordinary afternoon." };
        Set<String> firstHints = new HashSet<>();
        Set<String> templatesUsed = new HashSet<>();
        int withSubject = 0;
        int total = 0;
        for (String s : subjects) {
            for (String m : moods) {
                JsonNode hints = ask(PromptType.WRITING_HINT, "Today was about the " + s + ". " + m, Map.of()).path("hints");
                firstHints.add(hints.get(0).asText());
                for (JsonNode h : hints) {
                    templatesUsed.add(h.asText().replace(s, "{k}"));
                }
                total++;
                if (all(hints).contains(s)) {
                    withSubject++;
                }
            }
        }
        System.out.printf("offline variety: %d inputs, %d distinct first hints, %d distinct templates used%n", total,
                firstHints.size(), templatesUsed.size());
        assertEquals("every answer names the input's subject", total, withSubject);
        assertTrue("distinct first hints: " + firstHints.size(), firstHints.size() >= total * 9 / 10);
        assertTrue("templates used: " + templatesUsed.size(), templatesUsed.size() >= 40);
    }

    @Test
    public void moodBandChangesTheTemplates() throws Exception {
        String text = "The interview is tomorrow.";
        JsonNode neg = ask(PromptType.REFLECTION, text, Map.of("mood.score", "-0.7"));
        JsonNode pos = ask(PromptType.REFLECTION, text, Map.of("mood.score", "0.7"));
        assertNotEquals(neg.path("reflection"), pos.path("reflection"));
    }

    @Test
    public void jsonShapesOfEveryType() throws Exception {
        String text = "Grateful for coffee with Lena and a quiet walk in the park before work.";
        JsonNode hint = ask(PromptType.WRITING_HINT, text, Map.of());
        assertTrue(hint.path("hints").isArray());
        assertTrue(hint.path("keywords").isArray());
        JsonNode refl = ask(PromptType.REFLECTION, text, Map.of());
        assertTrue(refl.path("reflection").isTextual());
        assertTrue(refl.path("questions").isArray());
        JsonNode mood = ask(PromptType.MOOD_ANALYSIS, text, Map.of());
        assertTrue(mood.path("score").isNumber());
        assertTrue(mood.path("score").asDouble() > 0);
        assertEquals("positive", mood.path("label").asText().replace("very ", ""));
        assertTrue(mood.path("emotions").path("gratitude").asDouble() > 0);
        JsonNode guided = ask(PromptType.GUIDED_PROMPT, text, Map.of());
        assertTrue(guided.path("prompt").isTextual());
        assertEquals(2, guided.path("followUps").size());
        JsonNode insight = ask(PromptType.INSIGHT, text, Map.of());
        assertTrue(insight.path("insight").isTextual());
        assertTrue(insight.path("themes").size() > 0);
        assertTrue(insight.path("suggestion").isTextual());
        // every shape is what the AI layer's own parser accepts
        for (PromptType t : PromptType.values()) {
            EnginePrompts.parse(t, engine.complete(EnginePrompts.request(t, text, Map.of())).text());
        }
    }

    @Test
    public void plainTextWhenJsonIsNotAsked() {
        AiRequest r = new AiRequest(PromptType.WRITING_HINT, List.of(AiMessage.user("The piano lesson went badly.")), Map.of(),
                0.7, 100, false);
        String text = engine.complete(r).text();
        assertTrue(text, text.startsWith("- "));
        assertTrue(text.toLowerCase(Locale.ROOT).contains("piano") || text.toLowerCase(Locale.ROOT).contains("lesson"));
    }

    @Test
    public void textWithOnlyStopwordsGetsGenericButValidAnswers() throws Exception {
        JsonNode a = ask(PromptType.WRITING_HINT, "I am ok.", Map.of());
        assertTrue(a.path("hints").size() >= 3);
        JsonNode r = ask(PromptType.REFLECTION, "...", Map.of());
        assertTrue(r.path("questions").size() >= 2);
    }

    @Test
    public void negationFlipsTheOfflineMood() {
        double good = TextFeatures.mood("It was good.", OfflineData.shared()).score();
        double notGood = TextFeatures.mood("It was not good.", OfflineData.shared()).score();
        assertTrue(good > 0);
        assertTrue(notGood < 0);
    }

    @Test
    public void badTemplateDataIsRejected() throws Exception {
        String json = new String(OfflineEngine.class.getResourceAsStream(OfflineData.RESOURCE).readAllBytes());
        JsonNode root = JSON.readTree(json.replaceFirst("\\{keyword}", "{keywrod}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OfflineData.of(root));
        assertTrue(e.getMessage(), e.getMessage().contains("keywrod"));
        List<String> counts = new ArrayList<>();
        OfflineData.shared().templates.forEach((type, slots) -> slots.forEach((slot, sel) -> counts
                .add(type + "." + slot + "=" + sel.values().stream().mapToInt(List::size).sum())));
        System.out.println("offline templates: " + counts);
    }
}
