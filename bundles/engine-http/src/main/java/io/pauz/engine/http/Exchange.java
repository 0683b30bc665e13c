package io.pauz.engine.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.ai.AiEngineException;

/**
 * One completion call with the retry policy: 429 (unless the service says waiting cannot help), 5xx and
 * network errors are tried again after an exponential backoff, or after the service's Retry-After; other
 * answers are final. The whole call, waits included, stays within one time budget, so a caller waits at
 * most {@code timeout.seconds} before it falls back.
 */
public final class Exchange {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    private static final int MAX_MESSAGE = 300;

    /** A non-2xx answer as the service explained it; {@code retryAfterMillis} is -1 when it named no wait. */
    public record Failure(String message, boolean retryable, long retryAfterMillis) {
    }

    @FunctionalInterface
    public interface ErrorReader {
        Failure read(int status, HttpHeaders headers, String body);
    }

    private final String engine;
    private final String host;
    private final String secret;
    private final Duration timeout;
    private final int retries;
    private final long backoffMillis;

    /** @param secret scrubbed from every message, in case a server echoes it back */
    public Exchange(String engine, String host, String secret, Duration timeout, int retries, long backoffMillis) {
        this.engine = engine;
        this.host = host;
        this.secret = secret;
        this.timeout = timeout;
        this.retries = retries;
        this.backoffMillis = backoffMillis;
    }

    /** @return the 2xx answer; its body is the caller's to read */
    public HttpResponse<String> send(HttpClient client, HttpRequest.Builder request, ErrorReader errors)
            throws AiEngineException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        for (int attempt = 1;; attempt++) {
            Failure failure;
            IOException cause = null;
            try {
                HttpRequest r = request.timeout(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))).build();
                HttpResponse<String> response = client.send(r, BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (response.statusCode() / 100 == 2) {
                    LOG.debug("{}: HTTP {} in {} ms, attempt {}", engine, response.statusCode(), millisSince(start),
                            attempt);
                    return response;
                }
                failure = errors.read(response.statusCode(), response.headers(), response.body());
            } catch (HttpTimeoutException e) {
                // The budget is spent: no further attempt, the caller falls back now.
                throw new AiEngineException(engine + ": no answer from " + host + " within " + timeout.toSeconds()
                        + " s", e, true, true);
            } catch (IOException e) {
                cause = e;
                failure = new Failure("cannot reach " + host + " (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", true, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AiEngineException(engine + ": interrupted", e, false, false);
            }
            String message = engine + ": " + clean(failure.message());
            long wait = failure.retryAfterMillis() >= 0 ? failure.retryAfterMillis()
                    : backoffMillis << Math.min(attempt - 1, 20);
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (!failure.retryable() || attempt > retries || wait >= left) {
                LOG.debug("{}: giving up after {} attempt(s), {} ms", engine, attempt, millisSince(start));
                throw new AiEngineException(message, cause, false, failure.retryable());
            }
            LOG.info("{} - attempt {} of {}, next in {} ms", message, attempt, retries + 1, wait);
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AiEngineException(engine + ": interrupted", e, false, false);
            }
        }
    }

    /** Retry-After (seconds or an HTTP date) or retry-after-ms; -1 when absent or unreadable. */
    public static long retryAfterMillis(HttpHeaders headers) {
        try {
            var ms = headers.firstValue("retry-after-ms");
            if (ms.isPresent()) {
                return Math.max(0, Math.round(Double.parseDouble(ms.get().strip())));
            }
            var value = headers.firstValue("retry-after");
            if (value.isEmpty()) {
                return -1;
            }
            String v = value.get().strip();
            if (!v.isEmpty() && Character.isDigit(v.charAt(0))) {
                return Math.max(0, Math.round(Double.parseDouble(v) * 1000));
            }
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            return Math.max(0, at.toInstant().toEpochMilli() - System.currentTimeMillis());
        } catch (NumberFormatException | DateTimeParseException e) {
            return -1;
        }
    }

    private String clean(String message) {
        String m = message == null ? "" : message.strip();
        if (!secret.isEmpty()) {
            m = m.replace(secret, "***");
        }
        return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
