package io.pauz.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;

public class AwaitedTest {
    @Test
    public void aServiceThatIsThereIsReturnedAtOnce() {
        assertEquals("here", Awaited.service(() -> "here", 10_000));
    }

    @Test
    public void aServiceThatComesBackWhileWaitingIsReturned() throws Exception {
        AtomicReference<String> service = new AtomicReference<>();
        Thread restart = new Thread(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                return;
            }
            service.set("back");
        });
        restart.start();
        assertEquals("back", Awaited.service(service::get, 10_000));
        restart.join();
    }

    @Test
    public void aServiceThatStaysAwayGivesNullAfterTheGrace() {
        long start = System.nanoTime();
        assertNull(Awaited.service(() -> null, 100));
        assertTrue("waited the grace", System.nanoTime() - start >= 100_000_000L);
    }

    @Test
    public void anInterruptedWaitGivesUpAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        assertNull(Awaited.service(() -> null, 10_000));
        assertTrue(Thread.interrupted());
    }
}
