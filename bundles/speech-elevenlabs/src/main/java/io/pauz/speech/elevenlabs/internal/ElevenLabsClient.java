package io.pauz.speech.elevenlabs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.speech.SpeechException;
import io.pauz.api.speech.Transcript;

/**
 * One configuration's view of ElevenLabs {@code POST /v1/speech-to-text}: streams the recording as
 * multipart/form-data, retries 429/5xx/network failures with exponential backoff, and turns answers into a
 * {@link Transcript} or a {@link SpeechException} an operator can act on. Immutable; a configuration change
 * makes a new one.
 */
final class ElevenLabsClient {
    static final String ENGINE_ID = "elevenlabs";
    /** Waits longer than this (Retry-After) are not sat out: the job fails and can be retried later. */
    static final long MAX_WAIT_MS = 60_000;
    /** A transcript of hours of speech with word timings is a few MB; this only bounds a broken answer. */
    static final int MAX_ANSWER_BYTES = 64 << 20;
    static final int MAX_ERROR_BYTES = 64 << 10;

    private static final Logger LOG = LoggerFactory.getLogger(ElevenLabsClient.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, String> ISO3_TO_ISO2 = iso3ToIso2();

    /** Lets tests see the backoff without waiting for it. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final Settings settings;
    private final HttpClient http;
    private final Sleeper sleeper;
    private final long initialBackoffMs;

    ElevenLabsClient(Settings settings) {
        this(settings, Thread::sleep, 1000);
    }

    ElevenLabsClient(Settings settings, Sleeper sleeper, long initialBackoffMs) {
        this.settings = settings;
        this.sleeper = sleeper;
        this.initialBackoffMs = initialBackoffMs;
        this.http = HttpClient.newBuilder()
                // HTTP/1.1: one upload per request gains nothing from HTTP/2, and plain-http bases (proxies,
                // tests) would otherwise get an h2c upgrade attempt.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout().compareTo(Duration.ofSeconds(15)) < 0 ? settings.timeout()
                        : Duration.ofSeconds(15))
                // A redirect must not carry xi-api-key anywhere else.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Settings settings() {
        return settings;
    }

    Transcript transcribe(Path audio, String mediaType, String language) throws SpeechException {
        if (audio == null || !Files.isRegularFile(audio) || !Files.isReadable(audio)) {
            throw new SpeechException("ElevenLabs: cannot read the recording " + audio, null);
        }
        String languageCode = languageCode(language);
        int attempts = settings.retries() + 1;
        Failure last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            long started = System.nanoTime();
            Failure failure;
            try {
                HttpResponse<InputStream> response = http.send(request(audio, mediaType, languageCode),
                        HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                if (status == 200) {
                    byte[] body = read(response.body(), MAX_ANSWER_BYTES);
                    Transcript t = parseTranscript(body, contentType(response));
                    LOG.debug("ElevenLabs transcribed {} ({} bytes) in {} ms, attempt {}", audio.getFileName(),
                            Files.size(audio), (System.nanoTime() - started) / 1_000_000, attempt);
                    return t;
                }
                byte[] body = read(response.body(), MAX_ERROR_BYTES);
                failure = httpFailure(status, body, contentType(response), retryAfter(response));
            } catch (AnswerTooLarge e) {
                throw new SpeechException("ElevenLabs: " + e.getMessage(), e);
            } catch (HttpConnectTimeoutException e) {
                // Nothing was sent: safe to try again.
                failure = new Failure("could not connect to " + settings.endpoint().getHost() + " within "
                        + settingsConnectSeconds() + " s", true, -1, e);
            } catch (HttpTimeoutException e) {
                // The upload went out and ElevenLabs may still be working (and billing) on it: sending it again
                // would most likely time out again and cost twice.
                throw new SpeechException("ElevenLabs gave no answer within " + settings.timeout().toSeconds()
                        + " s (timeout.seconds); the recording may be too long for this timeout", e);
            } catch (IOException e) {
                failure = new Failure("network error talking to " + settings.endpoint().getHost() + ": "
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + redact(e.getMessage())),
                        true, -1, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SpeechException("ElevenLabs: transcription interrupted", e);
            }
            last = failure;
            if (!failure.retryable) {
                throw new SpeechException(failure.message, failure.cause);
            }
            if (attempt == attempts) {
                break;
            }
            long wait = failure.retryAfterMs >= 0 ? failure.retryAfterMs : backoff(attempt);
            if (wait > MAX_WAIT_MS) {
                throw new SpeechException(failure.message + "; ElevenLabs asks to wait " + wait / 1000
                        + " s before trying again, try the job later", failure.cause);
            }
            LOG.warn("{}; attempt {}/{}, next in {} ms", failure.message, attempt, attempts, wait);
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SpeechException("ElevenLabs: transcription interrupted", e);
            }
        }
        throw new SpeechException(last.message + " (gave up after " + attempts + " attempts)", last.cause);
    }

    private long settingsConnectSeconds() {
        return Math.min(15, settings.timeout().toSeconds());
    }

    /** 1, 2, 4 ... times the initial delay, plus up to 25 % jitter so that parallel jobs do not retry in step. */
    long backoff(int attempt) {
        long base = initialBackoffMs << Math.min(attempt - 1, 16);
        return Math.min(MAX_WAIT_MS, base + ThreadLocalRandom.current().nextLong(base / 4 + 1));
    }

    private HttpRequest request(Path audio, String mediaType, String languageCode) throws IOException {
        String boundary = "pauz-" + HexFormat.of().formatHex(randomBytes(16));
        StringBuilder head = new StringBuilder();
        field(head, boundary, "model_id", settings.modelId());
        if (languageCode != null) {
            field(head, boundary, "language_code", languageCode);
        }
        head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"file\"; filename=\"").append(filename(audio))
                .append("\"\r\n")
                .append("Content-Type: ").append(safeMediaType(mediaType)).append("\r\n\r\n");
        String tail = "\r\n--" + boundary + "--\r\n";
        // ofFile streams the recording from disk and knows its length, so no chunking and no copy in memory.
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofByteArray(head.toString().getBytes(StandardCharsets.UTF_8)),
                HttpRequest.BodyPublishers.ofFile(audio),
                HttpRequest.BodyPublishers.ofByteArray(tail.getBytes(StandardCharsets.US_ASCII)));
        return HttpRequest.newBuilder(settings.endpoint())
                .timeout(settings.timeout())
                .header("xi-api-key", settings.apiKey())
                .header("Accept", "application/json")
                .header("User-Agent", "PAUZ io.pauz.speech.elevenlabs")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(body)
                .build();
    }

    private static void field(StringBuilder b, String boundary, String name, String value) {
        b.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n");
    }

    /** The name shown to ElevenLabs; quotes and line breaks would break the part header. */
    static String filename(Path audio) {
        Path name = audio.getFileName();
        String n = name == null ? "audio" : name.toString();
        return n.replaceAll("[\"\\\\\r\n]", "_");
    }

    private static String safeMediaType(String mediaType) {
        if (mediaType == null || mediaType.isBlank() || !mediaType.matches("[\\w.+-]+/[\\w.+-]+(\\s*;.*)?")
                || mediaType.contains("\r") || mediaType.contains("\n")) {
            return "application/octet-stream";
        }
        return mediaType.trim();
    }

    /** BCP 47 {@code en-GB} becomes ElevenLabs' ISO 639 {@code en}; no hint lets ElevenLabs detect it. */
    static String languageCode(String bcp47) {
        if (bcp47 == null || bcp47.isBlank()) {
            return null;
        }
        String l = Locale.forLanguageTag(bcp47.trim().replace('_', '-')).getLanguage();
        return l.isEmpty() || "und".equals(l) ? null : l;
    }

    /** ElevenLabs reports ISO 639-3 ({@code eng}); PAUZ speaks BCP 47, which prefers the two-letter code. */
    static String normaliseLanguage(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        String c = code.trim().toLowerCase(Locale.ROOT);
        return ISO3_TO_ISO2.getOrDefault(c, c);
    }

    private static Map<String, String> iso3ToIso2() {
        Map<String, String> m = new HashMap<>();
        for (String iso2 : Locale.getISOLanguages()) {
            try {
                m.put(new Locale(iso2).getISO3Language(), iso2);
            } catch (java.util.MissingResourceException e) {
                // no three-letter code known for it
            }
        }
        return Map.copyOf(m);
    }

    // ---- answers ---------------------------------------------------------------------------------------

    Transcript parseTranscript(byte[] body, String contentType) throws SpeechException {
        Object json = json(body);
        if (!(json instanceof Map<?, ?> root)) {
            throw new SpeechException("ElevenLabs answered HTTP 200 with something that is not JSON"
                    + describeContentType(contentType) + ": " + snippet(body), null);
        }
        if (!(root.get("text") instanceof String text)) {
            throw new SpeechException("ElevenLabs answered HTTP 200 without a transcript text: " + snippet(body), null);
        }
        List<Transcript.Word> words = new ArrayList<>();
        double lastEnd = 0;
        if (root.get("words") instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> w) || !(w.get("text") instanceof String wordText)) {
                    continue;
                }
                Object type = w.get("type");
                // "spacing" and "audio_event" ((laughter) ...) are not words of the transcript's speech.
                if (type != null && !"word".equals(type)) {
                    continue;
                }
                double start = w.get("start") instanceof Double d ? d : lastEnd;
                double end = w.get("end") instanceof Double d ? d : start;
                words.add(new Transcript.Word(wordText, start, end));
                lastEnd = end;
            }
        }
        String language = root.get("language_code") instanceof String l ? normaliseLanguage(l) : null;
        return new Transcript(text, language, words, ENGINE_ID);
    }

    private Failure httpFailure(int status, byte[] body, String contentType, long retryAfterMs) {
        ErrorDetail detail = errorDetail(body);
        StringBuilder m = new StringBuilder("ElevenLabs answered HTTP ").append(status);
        if (detail != null) {
            if (detail.status != null) {
                m.append(' ').append(detail.status);
            }
            if (detail.message != null) {
                m.append(": ").append(detail.message);
            }
        } else if (body.length > 0) {
            m.append(" (not JSON").append(describeContentType(contentType).replace(" (", ", ").replace(")", ""))
                    .append("): ").append(snippet(body));
        }
        String hint = switch (status) {
        case 401 -> "check api.key in configuration " + ElevenLabsConfig.PID;
        case 403 -> "the API key is not allowed to use Speech to Text (key permissions or plan)";
        case 404, 405 -> "check base.url in configuration " + ElevenLabsConfig.PID;
        case 413 -> "the recording is too large for ElevenLabs";
        case 422 -> "ElevenLabs rejected the request fields (model.id " + settings.modelId() + ", file type)";
        case 429 -> "ElevenLabs is rate limiting this key (too many requests or concurrent jobs for the plan)";
        default -> status >= 500 ? "ElevenLabs has a problem on its side" : null;
        };
        if (hint != null) {
            m.append(" — ").append(hint);
        }
        boolean retryable = status == 429 || status >= 500;
        return new Failure(redact(m.toString()), retryable, retryable ? retryAfterMs : -1, null);
    }

    record ErrorDetail(String status, String message) {
    }

    /**
     * ElevenLabs errors: {@code {"detail":{"status":..,"message":..}}}, FastAPI validation
     * {@code {"detail":[{"loc":[..],"msg":..,"type":..}]}} or {@code {"detail":"text"}}.
     */
    static ErrorDetail errorDetail(byte[] body) {
        Object json;
        try {
            json = Json.parse(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!(json instanceof Map<?, ?> root)) {
            return null;
        }
        Object detail = root.containsKey("detail") ? root.get("detail") : root;
        if (detail instanceof String s) {
            return new ErrorDetail(null, s);
        }
        if (detail instanceof Map<?, ?> d) {
            String status = d.get("status") instanceof String s ? s : null;
            String message = d.get("message") instanceof String s ? s
                    : d.get("msg") instanceof String s2 ? s2 : null;
            return status == null && message == null ? null : new ErrorDetail(status, message);
        }
        if (detail instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            for (Object o : list) {
                if (o instanceof Map<?, ?> e) {
                    String where = e.get("loc") instanceof List<?> loc
                            ? String.join(".", loc.stream().map(String::valueOf).toList()) : null;
                    String msg = e.get("msg") instanceof String s ? s : String.valueOf(e.get("message"));
                    parts.add(where == null ? msg : where + ": " + msg);
                }
            }
            return parts.isEmpty() ? null : new ErrorDetail(null, String.join("; ", parts));
        }
        return null;
    }

    private static Object json(byte[] body) {
        try {
            return Json.parse(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String contentType(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse(null);
    }

    private static String describeContentType(String contentType) {
        return contentType == null ? "" : " (" + contentType + ")";
    }

    /** Seconds or an HTTP date; -1 when absent or unreadable. */
    static long retryAfter(HttpResponse<?> r) {
        Optional<String> v = r.headers().firstValue("Retry-After");
        return v.map(ElevenLabsClient::retryAfterMs).orElse(-1L);
    }

    static long retryAfterMs(String v) {
        String s = v.trim();
        try {
            return Math.max(0, Long.parseLong(s)) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(ZonedDateTime.now(at.getZone()), at).toMillis());
            } catch (DateTimeParseException notDate) {
                return -1;
            }
        }
    }

    private static byte[] read(InputStream in, int limit) throws IOException {
        try (in) {
            byte[] b = in.readNBytes(limit + 1);
            if (b.length > limit) {
                throw new AnswerTooLarge("answer larger than " + limit + " bytes");
            }
            return b;
        }
    }

    /** The start of an unexpected body on one line, for the log and the job's error. */
    private String snippet(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ").trim();
        return redact(body.length > 200 ? s + "…" : s.isEmpty() ? "(empty)" : s);
    }

    /** Defence in depth: a proxy or error page echoing the request must not leak the key. */
    private String redact(String s) {
        String key = settings.apiKey();
        return key.length() >= 4 ? s.replace(key, "***") : s;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static final class AnswerTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        AnswerTooLarge(String message) {
            super(message);
        }
    }

    private record Failure(String message, boolean retryable, long retryAfterMs, Throwable cause) {
    }
}
