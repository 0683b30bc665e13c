package io.pauz.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;

import org.junit.Test;

public class UriGuardTest {

    @Test
    public void ordinaryPathsPass() {
        for (String path : new String[] { "/", "/api/v1/health", "/api/v1/journal/entries/3f2a-11", "/api/v1/health/",
                "/app.js", "/api/v1/journal/entries/a%20b", "/api/v1/caf%C3%A9", "/api/v1/a.b/c..d" }) {
            assertNull(path, UriGuard.problem(path));
        }
    }

    @Test
    public void ambiguousPathsAreRefused() {
        for (String path : new String[] { "/api/v1/%2e%2e/x", "/api/v1/%2E%2E/x", "/api/v1/.%2e/x", "/api/v1/a%2fb",
                "/api/v1/a%2Fb", "/api/v1/a%5cb", "/api/v1/a%00b", "/api/v1/..;/x", "/api/v1/health/..;/x",
                "/api/v1/a;jsessionid=1", "/api/v1/a%252fb", "/api/v1/%u002e", "/api/v1/a%zz", "/api/v1/a%2",
                "/api/v1/a%0ab", "/api/v1/a%7F", "/api/v1//health", "/api/v1/../admin", "/api/v1/./health",
                "/api/v1/a\\b", "api/v1", "" }) {
            assertNotNull(path, UriGuard.problem(path));
        }
    }

    @Test
    public void drainKeepsShortRestsOnly() {
        assertTrue(RequestLimitFilter.drain(new ByteArrayInputStream(new byte[0]), 10));
        assertTrue(RequestLimitFilter.drain(new ByteArrayInputStream(new byte[10]), 10));
        assertFalse(RequestLimitFilter.drain(new ByteArrayInputStream(new byte[11]), 10));
        assertFalse(RequestLimitFilter.drain(new ByteArrayInputStream(new byte[100_000]), RequestLimitFilter.DRAIN_BYTES));
        assertEquals(64 * 1024, RequestLimitFilter.DRAIN_BYTES);
    }
}
