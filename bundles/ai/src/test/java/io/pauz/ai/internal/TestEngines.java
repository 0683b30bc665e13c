package io.pauz.ai.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.pauz.api.ai.AiEngine;
import io.pauz.api.ai.AiEngineException;
import io.pauz.api.ai.AiRequest;
import io.pauz.api.ai.AiResponse;

/** Tiny engines standing for plug-ins: counting, broken, slow, or answering what a test tells them to. */
final class TestEngines {
    private TestEngines() {
    }

    /** Answers like the offline engine, under its own id, and counts calls. */
    static class Counting implements AiEngine {
        final AtomicInteger calls = new AtomicInteger();
        final OfflineEngine inner = new OfflineEngine();
        final String id;

        Counting(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String model() {
            return id + "-model";
        }

        @Override
        public AiResponse complete(AiRequest request) throws AiEngineException {
            calls.incrementAndGet();
            AiResponse r = inner.complete(request);
            return new AiResponse(r.text(), id, model(), 10, 20);
        }
    }

    /** A broken plug-in: every call fails, the way a remote engine does when its service is down. */
    static class Failing implements AiEngine {
        final AtomicInteger calls = new AtomicInteger();
        final boolean runtime;

        Failing(boolean runtime) {
            this.runtime = runtime;
        }

        @Override
        public String id() {
            return "failing";
        }

        @Override
        public String model() {
            return "failing-model";
        }

        @Override
        public AiResponse complete(AiRequest request) throws AiEngineException {
            calls.incrementAndGet();
            if (runtime) {
                throw new IllegalStateException("plug-in bug");
            }
            throw new AiEngineException("failing: HTTP 503 overloaded", null, false, true);
        }
    }

    /** Never answers in time (until released). */
    static class Slow implements AiEngine {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        final OfflineEngine inner = new OfflineEngine();
        final long maxWaitMs;

        Slow(long maxWaitMs) {
            this.maxWaitMs = maxWaitMs;
        }

        @Override
        public String id() {
            return "slow";
        }

        @Override
        public String model() {
            return "slow-model";
        }

        @Override
        public AiResponse complete(AiRequest request) throws AiEngineException {
            calls.incrementAndGet();
            try {
                release.await(maxWaitMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                throw new AiEngineException("interrupted", e, false, false);
            }
            AiResponse r = inner.complete(request);
            return new AiResponse(r.text(), "slow", model(), 0, 0);
        }
    }

    /** Answers whatever the function returns for the request: for fences, prose, garbage. */
    static class Scripted implements AiEngine {
        final AtomicInteger calls = new AtomicInteger();
        final Function<AiRequest, String> answer;
        volatile AiRequest last;

        Scripted(Function<AiRequest, String> answer) {
            this.answer = answer;
        }

        @Override
        public String id() {
            return "scripted";
        }

        @Override
        public String model() {
            return "scripted-model";
        }

        @Override
        public AiResponse complete(AiRequest request) {
            calls.incrementAndGet();
            last = request;
            return new AiResponse(answer.apply(request), "scripted", model(), 0, 0);
        }
    }
}
