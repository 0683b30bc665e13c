package io.pauz.memory.infinispan.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expiry and size of one cache.
 *
 * @param lifespan   how long an entry lives after it was written; {@code null} for no expiry
 * @param maxEntries entries kept before eviction; 0 for unbounded
 * @param maxIdle    how long an unread entry lives; {@code null} for no idle expiry
 */
public record CacheSettings(Duration lifespan, long maxEntries, Duration maxIdle) {

    public CacheSettings {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("max entries must be 0 (unbounded) or more, not " + maxEntries);
        }
        lifespan = positiveOrNull(lifespan);
        maxIdle = positiveOrNull(maxIdle);
    }

    private static Duration positiveOrNull(Duration d) {
        if (d == null || d.isZero()) {
            return null;
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("a duration cannot be negative: " + d);
        }
        return d;
    }

    /** This with the fields given in an override such as {@code lifespan:PT24H,max:100000,idle:PT30M}. */
    CacheSettings with(String fields) {
        Duration l = lifespan;
        long m = maxEntries;
        Duration i = maxIdle;
        for (String field : fields.split(",")) {
            String f = field.trim();
            if (f.isEmpty()) {
                continue;
            }
            int colon = f.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("expected key:value, got '" + f + "'");
            }
            String key = f.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = f.substring(colon + 1).trim();
            switch (key) {
                case "lifespan" -> l = parseDuration(value);
                case "max", "max-entries", "maxentries" -> m = parseCount(value);
                case "idle", "max-idle", "maxidle" -> i = parseDuration(value);
                default -> throw new IllegalArgumentException(
                        "unknown cache setting '" + key + "' (known: lifespan, max, idle)");
            }
        }
        return new CacheSettings(l, m, i);
    }

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    /**
     * ISO-8601 ({@code PT24H}, {@code P7D}) or a number with a unit ({@code 200ms}, {@code 30s},
     * {@code 15m}, {@code 24h}, {@code 7d}); {@code none}, {@code 0} or empty for no expiry ({@code null}).
     */
    static Duration parseDuration(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("none") || t.equals("0") || t.equals("-1")) {
            return null;
        }
        try {
            if (t.startsWith("p")) {
                return positiveOrNull(Duration.parse(t.toUpperCase(Locale.ROOT)));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use PT24H, P7D, 200ms, 30s, 15m, 24h, 7d or none)");
        }
        Matcher matcher = SHORT.matcher(t);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use PT24H, P7D, 200ms, 30s, 15m, 24h, 7d or none)");
        }
        long n = Long.parseLong(matcher.group(1));
        return positiveOrNull(switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        });
    }

    static long parseCount(String text) {
        String t = text.trim().replace("_", "");
        try {
            long n = Long.parseLong(t);
            if (n < 0) {
                throw new IllegalArgumentException("max entries must be 0 (unbounded) or more, not " + text);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number of entries: '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return "lifespan=" + (lifespan == null ? "none" : lifespan) + ", max=" + (maxEntries == 0 ? "unbounded" : maxEntries)
                + ", idle=" + (maxIdle == null ? "none" : maxIdle);
    }
}
