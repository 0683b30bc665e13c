package io.pauz.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import org.junit.Test;

public class ResourceGateTest {
    @Test
    public void aResourcesRouteIsTheFixedStartOfItsPath() {
        assertEquals("journal", ResourceGate.route("journal"));
        assertEquals("journal", ResourceGate.route("/journal/"));
        assertEquals("admin/stats", ResourceGate.route("admin/stats"));
        assertEquals("garden.svg", ResourceGate.route("garden.svg"));
        assertEquals("answers", ResourceGate.route("answers/{id}"));
        assertNull(ResourceGate.route("{anything}"));
        assertNull(ResourceGate.route("/"));
    }

    @Test
    public void onlyApiPathsAreConsidered() {
        assertEquals("journal/entries", ResourceGate.apiPath("/api/v1/journal/entries"));
        assertEquals("journal", ResourceGate.apiPath("/api/v1/journal"));
        assertNull(ResourceGate.apiPath("/index.html"));
        assertNull(ResourceGate.apiPath("/api/v10/journal"));
        assertNull(ResourceGate.apiPath(null));
    }
}
