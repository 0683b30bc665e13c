package io.pauz.support;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for a single-thread queue of background work (a feature's event queue) to finish what it holds. */
public final class Idle {
    private Idle() {
    }

    /**
     * Returns once every task queued on {@code serial} before this call has run (it must run one task at a time).
     *
     * @throws IllegalStateException if that takes longer than {@code seconds} or the queue is shut down
     */
    public static void await(ExecutorService serial, long seconds) {
        try {
            serial.submit(() -> { }).get(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            throw new IllegalStateException("queued work did not finish within " + seconds + " s", e);
        }
    }
}
