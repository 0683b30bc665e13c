package io.pauz.garden.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/** CSS hex colour arithmetic for the painter. Anything that is not a hex colour becomes a neutral grey. */
final class Colors {
    private static final Pattern HEX = Pattern.compile("#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})");

    private Colors() {
    }

    /** {@code #rrggbb} lower case; themes may say {@code #rgb}. Plug-in themes are not trusted to be valid. */
    static String normalize(String css) {
        if (css == null || !HEX.matcher(css).matches()) {
            return "#888888";
        }
        String h = css.substring(1);
        if (h.length() == 3) {
            h = "" + h.charAt(0) + h.charAt(0) + h.charAt(1) + h.charAt(1) + h.charAt(2) + h.charAt(2);
        }
        return "#" + h.toLowerCase(Locale.ROOT);
    }

    static int rgb(String css) {
        return Integer.parseInt(normalize(css).substring(1), 16);
    }

    /** {@code a} moved toward {@code b} by {@code t} (0..1). */
    static String mix(String a, String b, double t) {
        int x = rgb(a);
        int y = rgb(b);
        double u = Math.max(0, Math.min(1, t));
        int r = (int) Math.round(((x >> 16) & 255) * (1 - u) + ((y >> 16) & 255) * u);
        int g = (int) Math.round(((x >> 8) & 255) * (1 - u) + ((y >> 8) & 255) * u);
        int bl = (int) Math.round((x & 255) * (1 - u) + (y & 255) * u);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, bl);
    }

    static String darker(String c, double t) {
        return mix(c, "#000000", t);
    }

    static String lighter(String c, double t) {
        return mix(c, "#ffffff", t);
    }

    /** Relative brightness 0..1, to pick readable text over a sky. */
    static double luminance(String c) {
        int v = rgb(c);
        return (0.2126 * ((v >> 16) & 255) + 0.7152 * ((v >> 8) & 255) + 0.0722 * (v & 255)) / 255;
    }
}
