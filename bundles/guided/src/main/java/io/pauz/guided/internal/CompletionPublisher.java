package io.pauz.guided.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.support.DaemonThreads;

/**
 * Hands completions to listeners in order, on one background thread, after the commit; a slow or failing listener
 * delays or loses only its own events (the journal's whiteboard contract). A whiteboard reference for the future
 * API listener type only has to add and remove a sink here.
 */
final class CompletionPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(CompletionPublisher.class);

    private final List<Consumer<SessionCompletion>> sinks = new CopyOnWriteArrayList<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(DaemonThreads.named("pauz-guided-events"));

    void add(Consumer<SessionCompletion> sink) {
        sinks.add(sink);
    }

    void remove(Consumer<SessionCompletion> sink) {
        sinks.remove(sink);
    }

    void publish(SessionCompletion event) {
        if (sinks.isEmpty()) {
            return;
        }
        try {
            thread.execute(() -> {
                for (Consumer<SessionCompletion> sink : sinks) {
                    try {
                        sink.accept(event);
                    } catch (RuntimeException e) {
                        LOG.warn("guided session listener {} failed", sink, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("guided journal shutting down; completion of {} not delivered", event.sessionId());
        }
    }

    void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
