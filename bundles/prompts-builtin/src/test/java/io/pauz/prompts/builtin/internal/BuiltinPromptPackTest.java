package io.pauz.prompts.builtin.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.BeforeClass;
import org.junit.Test;

import io.pauz.api.prompt.Prompt;
import io.pauz.api.prompt.Prompt.Stage;
import io.pauz.api.prompt.PromptPack;
import io.pauz.api.prompt.Topic;

/** Checks the shipped data through the component, exactly as a consumer of the service sees it. */
public class BuiltinPromptPackTest {
    private static PromptPack pack;

    @BeforeClass
    public static void activate() {
        long start = System.nanoTime();
        pack = new BuiltinPromptPack();
        System.out.printf("builtin pack activation (JSON parse + validation, cold JVM): %.1f ms%n",
                (System.nanoTime() - start) / 1e6);
        long[] runs = new long[20];
        for (int i = 0; i < runs.length; i++) {
            start = System.nanoTime();
            new BuiltinPromptPack();
            runs[i] = System.nanoTime() - start;
        }
        Arrays.sort(runs);
        System.out.printf("builtin pack activation (20 more runs): median %.2f ms, min %.2f ms%n", runs[10] / 1e6, runs[0] / 1e6);
    }

    @Test
    public void identity() {
        assertEquals("builtin", pack.id());
        assertEquals("PAUZ essentials", pack.name());
    }

    @Test
    public void expectedTopicsPresent() {
        Set<String> ids = pack.topics().stream().map(Topic::id).collect(Collectors.toSet());
        assertTrue(ids.toString(), ids.containsAll(Set.of("gratitude", "anxiety", "relationships", "career", "self-reflection")));
        assertTrue("5 required topics plus 2-3 more", ids.size() >= 7 && ids.size() <= 8);
        assertEquals("topic ids unique", pack.topics().size(), ids.size());
        for (Topic t : pack.topics()) {
            assertFalse(t.id(), t.title().isBlank());
            assertFalse(t.id(), t.description().isBlank());
        }
    }

    @Test
    public void everyTopicHasAllStagesAndAtLeastTenPrompts() {
        for (Topic t : pack.topics()) {
            List<Prompt> prompts = pack.prompts(t.id());
            assertTrue(t.id() + " has " + prompts.size() + " prompts", prompts.size() >= 10);
            Set<Stage> stages = prompts.stream().map(Prompt::stage).collect(Collectors.toCollection(() -> EnumSet.noneOf(Stage.class)));
            assertEquals(t.id(), EnumSet.allOf(Stage.class), stages);
            // A session deepens for several turns, so deepening prompts must be the largest group.
            long deepening = prompts.stream().filter(p -> p.stage() == Stage.DEEPENING).count();
            assertTrue(t.id(), deepening >= prompts.size() / 2);
        }
    }

    @Test
    public void promptIdsUniqueAcrossPackAndTopicIdsConsistent() {
        Set<String> seen = new HashSet<>();
        for (Topic t : pack.topics()) {
            for (Prompt p : pack.prompts(t.id())) {
                assertTrue("duplicate prompt id " + p.id(), seen.add(p.id()));
                assertEquals(p.id(), t.id(), p.topicId());
                assertTrue("id names its topic: " + p.id(), p.id().startsWith(t.id() + "-"));
                assertFalse(p.id(), p.text().isBlank());
            }
        }
        assertTrue(seen.size() >= 10 * pack.topics().size());
    }

    @Test
    public void tagsAreLowercaseWordsAndEveryPromptHasSome() {
        for (Prompt p : allPrompts()) {
            assertFalse(p.id() + " has no tags", p.tags().isEmpty());
            for (String tag : p.tags()) {
                assertEquals(p.id(), tag.toLowerCase(Locale.ROOT), tag);
                assertTrue(p.id() + ": " + tag, tag.matches("[a-z]+(-[a-z]+)*"));
            }
        }
    }

    @Test
    public void followUpsExistForTypicalAnswers() {
        // The examples from the content brief: an answer about deadlines or about sleepless nights finds a deepening anxiety prompt.
        for (String word : List.of("deadline", "boss", "sleep", "night", "tired")) {
            assertTrue(word, pack.prompts("anxiety").stream()
                    .anyMatch(p -> p.stage() == Stage.DEEPENING && p.tags().contains(word)));
        }
    }

    @Test
    public void unknownTopicIsEmpty() {
        assertTrue(pack.prompts("no-such-topic").isEmpty());
        assertTrue(pack.prompts("").isEmpty());
        assertTrue(pack.prompts(null).isEmpty());
        assertTrue(pack.prompts("Anxiety").isEmpty());
    }

    @Test
    public void resultsAreImmutable() {
        assertThrows(UnsupportedOperationException.class, () -> pack.topics().clear());
        assertThrows(UnsupportedOperationException.class, () -> pack.prompts("anxiety").clear());
    }

    @Test
    public void componentDescriptionRegistersThePackWithItsId() throws Exception {
        // bnd writes the DS descriptor in process-classes, before the tests run.
        Path xml = Path.of("target/classes/OSGI-INF/" + BuiltinPromptPack.class.getName() + ".xml");
        assertTrue(xml + " missing", Files.exists(xml));
        String text = Files.readString(xml);
        assertTrue(text, text.contains("interface=\"" + PromptPack.class.getName() + "\""));
        assertTrue(text, text.contains("name=\"" + PromptPack.ID_PROPERTY + "\"") && text.contains("value=\"" + pack.id() + "\""));
    }

    private static List<Prompt> allPrompts() {
        List<Prompt> all = pack.topics().stream().flatMap(t -> pack.prompts(t.id()).stream()).toList();
        assertNotNull(all);
        System.out.printf("builtin pack: %d topics, %d prompts, %d distinct tags%n", pack.topics().size(), all.size(),
                all.stream().flatMap(p -> p.tags().stream()).distinct().count());
        return all;
    }

}
