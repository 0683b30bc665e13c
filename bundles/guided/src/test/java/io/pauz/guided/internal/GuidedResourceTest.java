package io.pauz.guided.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.pauz.api.rest.ApiException;
import io.pauz.api.rest.PauzPrincipal;
import io.pauz.guided.internal.Views.SessionView;
import io.pauz.prompts.builtin.internal.BuiltinPromptPack;

/** The resource's own work: who the user is, status codes, the 503 while the service is away. */
public class GuidedResourceTest {
    private Fixture fx;
    private GuidedResource resource;
    private final SecurityContext alice = new PauzPrincipal("alice", "s1", "a@example.org", false).securityContext(true);
    private final SecurityContext bob = new PauzPrincipal("bob", "s2", "b@example.org", false).securityContext(true);

    @Before
    public void setUp() throws Exception {
        fx = new Fixture();
        fx.addPack(new BuiltinPromptPack());
        resource = new GuidedResource();
        resource.service = fx.service;
    }

    @After
    public void tearDown() throws Exception {
        fx.close();
    }

    @Test
    public void sessionLifecycleThroughTheResource() {
        @SuppressWarnings("unchecked")
        List<Views.TopicView> topics = (List<Views.TopicView>) resource.topics(alice).get("topics");
        assertEquals(8, topics.size());
        assertTrue(topics.stream().allMatch(t -> t.id().startsWith("builtin:")));

        Response created = resource.start(alice, new GuidedResource.StartInput(" builtin:career "));
        assertEquals(201, created.getStatus());
        SessionView s = (SessionView) created.getEntity();
        assertEquals("guided/sessions/" + s.id(), created.getLocation().toString());
        assertEquals("builtin:career", s.topic());

        s = resource.answer(alice, s.id(), new GuidedResource.AnswerInput(s.currentPrompt().id(), "My manager and the team."));
        assertEquals(1, s.progress().answered());
        assertEquals(1, resource.list(alice, "active", "20", null).sessions().size());
        assertEquals(0, resource.list(bob, null, "20", null).sessions().size());
        String id = s.id();
        GuidedServiceTest.assertApi(404, "session_not_found", () -> resource.get(bob, id));
        GuidedServiceTest.assertApi(404, "session_not_found", () -> resource.delete(bob, id));
        assertEquals("completed", resource.complete(alice, id).status());
        assertEquals(204, resource.delete(alice, id).getStatus());
        GuidedServiceTest.assertApi(404, "session_not_found", () -> resource.get(alice, id));
    }

    @Test
    public void badInput() {
        GuidedServiceTest.assertApi(422, "missing_topic", () -> resource.start(alice, null));
        GuidedServiceTest.assertApi(422, "missing_topic", () -> resource.start(alice, new GuidedResource.StartInput(" ")));
        GuidedServiceTest.assertApi(404, "topic_not_found", () -> resource.start(alice, new GuidedResource.StartInput("x:y")));
        GuidedServiceTest.assertApi(400, "bad_limit", () -> resource.list(alice, null, "ten", null));
        GuidedServiceTest.assertApi(400, "bad_limit", () -> resource.list(alice, null, "101", null));
        SessionView s = (SessionView) resource.start(alice, new GuidedResource.StartInput("builtin:goals")).getEntity();
        GuidedServiceTest.assertApi(422, "empty_answer", () -> resource.answer(alice, s.id(), null));
    }

    @Test
    public void anonymousCallersAreRefused() {
        SecurityContext operator = new PauzPrincipal(null, null, null, true).securityContext(true);
        for (SecurityContext ctx : new SecurityContext[] { null, operator }) {
            try {
                resource.topics(ctx);
                fail("no user");
            } catch (ApiException e) {
                assertEquals(401, e.status());
            }
        }
    }

    @Test
    public void unavailableWithoutTheService() {
        resource.service = null;
        GuidedServiceTest.assertApi(503, "guided_unavailable", () -> resource.topics(alice));
        GuidedServiceTest.assertApi(503, "guided_unavailable", () -> resource.get(alice, "x"));
    }
}
