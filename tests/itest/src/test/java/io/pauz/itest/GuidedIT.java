package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.ServiceRegistration;

import com.fasterxml.jackson.databind.JsonNode;

import io.pauz.api.guided.GuidedSessionEvent;
import io.pauz.api.guided.GuidedSessionListener;
import io.pauz.api.prompt.Prompt;
import io.pauz.api.prompt.PromptPack;
import io.pauz.api.prompt.Topic;

/**
 * Guided sessions in the real runtime with the built-in prompt pack and the offline mood analyzer: topics,
 * a session whose next prompt follows the answers, completion with a mood reading and an event for other
 * features, a prompt pack arriving and leaving while the platform runs, isolation between users.
 */
public class GuidedIT extends PauzTestBase {

    @Configuration
    public Option[] config() {
        return PauzOptions.runtime(newWorkDir(GuidedIT.class), "io.pauz.accounts:password.iterations=20000");
    }

    private String[] signUp() {
        Http.Reply r = http.post("auth/local/register", "application/json", "{\"email\":\"g" + UUID.randomUUID().toString()
                .substring(0, 8) + "@example.org\",\"password\":\"correct horse\",\"name\":\"G\"}");
        assertEquals(r.body(), 201, r.status());
        return new String[] { "Authorization", "Bearer " + r.json().path("token").asText() };
    }

    private Http.Reply answer(String id, String promptId, String text, String[] auth) {
        return http.post("guided/sessions/" + id + "/responses", "application/json",
                "{\"promptId\":\"" + promptId + "\",\"text\":\"" + text + "\"}", auth);
    }

    @Test
    public void sessionAdaptsCompletesWithMoodAndTellsListeners() throws Exception {
        LinkedBlockingQueue<GuidedSessionEvent> events = new LinkedBlockingQueue<>();
        ServiceRegistration<GuidedSessionListener> listener = context.registerService(GuidedSessionListener.class,
                events::add, null);
        try {
            String[] a = signUp();
            Http.Reply topics = http.await("guided/topics", r -> r.body().contains("builtin:anxiety"), Duration.ofSeconds(20), a);
            assertEquals(topics.body(), 200, topics.status());
            assertTrue(topics.json().path("topics").size() >= 5);

            Http.Reply started = http.post("guided/sessions", "application/json", "{\"topic\":\"builtin:anxiety\"}", a);
            assertEquals(started.body(), 201, started.status());
            String id = started.json().path("id").asText();
            JsonNode current = started.json().path("currentPrompt");
            assertEquals("OPENING", current.path("stage").asText());

            Http.Reply next = answer(id, current.path("id").asText(),
                    "My boss moved the deadline again and I could not stop worrying about work", a);
            assertEquals(next.body(), 200, next.status());
            JsonNode deepening = next.json().path("currentPrompt");
            assertEquals("anxiety-04", deepening.path("id").asText()); // tagged boss / deadline
            assertEquals("wrong_prompt", answer(id, current.path("id").asText(), "again", a).errorCode());

            String[] b = signUp();
            assertEquals(404, http.get("guided/sessions/" + id, b).status());
            assertEquals(404, answer(id, deepening.path("id").asText(), "B writes here", b).status());
            assertEquals(404, http.post("guided/sessions/" + id + "/complete", "application/json", "", b).status());
            assertEquals(404, http.delete("guided/sessions/" + id, b).status());

            JsonNode prompt = deepening;
            for (int i = 0; i < 10 && !prompt.isMissingNode() && !prompt.isNull(); i++) {
                Http.Reply r = answer(id, prompt.path("id").asText(),
                        "Talking to a friend helped and I feel calmer and grateful tonight", a);
                assertEquals(r.body(), 200, r.status());
                prompt = r.json().path("currentPrompt");
            }
            Http.Reply done = http.post("guided/sessions/" + id + "/complete", "application/json", "", a);
            assertEquals(done.body(), 200, done.status());
            assertEquals(100, done.json().path("progress").path("completionPercentage").asInt());
            assertFalse(done.json().path("mood").isNull());
            assertTrue(done.json().path("mood").path("score").isNumber());
            assertEquals(409, http.post("guided/sessions/" + id + "/complete", "application/json", "", a).status());

            GuidedSessionEvent event = events.poll(10, TimeUnit.SECONDS);
            assertNotNull("listeners hear about completed sessions", event);
            assertEquals(id, event.sessionId());
            assertEquals("builtin:anxiety", event.topic());
            assertNotNull(event.moodScore());

            assertEquals(204, http.delete("guided/sessions/" + id, a).status());
            assertEquals(404, http.get("guided/sessions/" + id, a).status());
        } finally {
            listener.unregister();
        }
    }

    @Test
    public void promptPacksComeAndGoWhileThePlatformRuns() throws Exception {
        String[] a = signUp();
        PromptPack pack = new PromptPack() {
            @Override
            public String id() {
                return "sea";
            }

            @Override
            public String name() {
                return "Sea stories";
            }

            @Override
            public List<Topic> topics() {
                return List.of(new Topic("tides", "Tides", "What comes and goes"));
            }

            @Override
            public List<Prompt> prompts(String topicId) {
                if (!"tides".equals(topicId)) {
                    return List.of();
                }
                return List.of(new Prompt("t1", "tides", "What came in today?", Prompt.Stage.OPENING, Set.of()),
                        new Prompt("t2", "tides", "What went out?", Prompt.Stage.DEEPENING, Set.of("work")),
                        new Prompt("t3", "tides", "What stays?", Prompt.Stage.DEEPENING, Set.of()),
                        new Prompt("t4", "tides", "What will you carry?", Prompt.Stage.CLOSING, Set.of()));
            }
        };
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(PromptPack.ID_PROPERTY, "sea");
        ServiceRegistration<PromptPack> reg = context.registerService(PromptPack.class, pack, props);
        String id;
        try {
            assertEquals(200, http.await("guided/topics", r -> r.body().contains("sea:tides"), Duration.ofSeconds(10), a).status());
            Http.Reply started = http.post("guided/sessions", "application/json", "{\"topic\":\"sea:tides\"}", a);
            assertEquals(started.body(), 201, started.status());
            id = started.json().path("id").asText();
        } finally {
            reg.unregister();
        }
        assertFalse(http.await("guided/topics", r -> !r.body().contains("sea:tides"), Duration.ofSeconds(10), a)
                .body().contains("sea:tides"));
        assertEquals("topic_not_found", http.post("guided/sessions", "application/json", "{\"topic\":\"sea:tides\"}", a).errorCode());
        // a session started before the pack left keeps its prompts
        Http.Reply session = http.get("guided/sessions/" + id, a);
        assertEquals(200, session.status());
        assertEquals(200, answer(id, session.json().path("currentPrompt").path("id").asText(), "The tide took my worries", a).status());
    }
}
