package com.example.pauz.nature;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import org.junit.Test;

import io.pauz.api.prompt.Prompt;
import io.pauz.api.prompt.Topic;

/** What a plugin author checks before deploying: the JSON is valid and the extension is indexed. */
public class NaturePromptPackTest {

    @Test
    public void packReadsItsJson() {
        NaturePromptPack pack = new NaturePromptPack(); // throws, naming the culprit, if the JSON is invalid
        assertEquals("nature", pack.id());
        assertEquals(List.of("forest", "sky"), pack.topics().stream().map(Topic::id).toList());
        for (Topic topic : pack.topics()) {
            List<Prompt> prompts = pack.prompts(topic.id());
            // A guided session opens with an OPENING prompt and ends with a CLOSING one.
            assertTrue(topic.id(), prompts.stream().anyMatch(p -> p.stage() == Prompt.Stage.OPENING));
            assertTrue(topic.id(), prompts.stream().anyMatch(p -> p.stage() == Prompt.Stage.DEEPENING));
            assertTrue(topic.id(), prompts.stream().anyMatch(p -> p.stage() == Prompt.Stage.CLOSING));
        }
        assertTrue(pack.prompts("unknown").isEmpty());
    }

    @Test
    public void extensionIsIndexedForPf4j() throws Exception {
        // The processor also writes an (empty) index for the test classes: look at every index on the class path.
        StringBuilder all = new StringBuilder();
        for (URL index : Collections.list(getClass().getClassLoader().getResources("META-INF/extensions.idx"))) {
            try (InputStream in = index.openStream()) {
                all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertTrue("PF4J's annotation processor did not index the extension: " + all, all.toString().contains(NaturePromptPack.class.getName()));
    }
}
