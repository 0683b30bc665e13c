package io.pauz.web.internal;

import java.net.URL;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides which built file answers a request path, with its content type and cache headers. Kept apart
 * from the servlet so the rules are tested without a web server.
 */
final class StaticFiles {
    static final String ROOT = "static/";
    static final String INDEX = "index.html";
    /** esbuild names these after their content: a new build gets new names, so they can be cached for good. */
    static final String HASHED = "assets/";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html;charset=utf-8"),
            Map.entry("js", "text/javascript;charset=utf-8"),
            Map.entry("mjs", "text/javascript;charset=utf-8"),
            Map.entry("css", "text/css;charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("webp", "image/webp"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("woff", "font/woff"),
            Map.entry("txt", "text/plain;charset=utf-8"));

    /** What to send: {@code file} is the entry to stream ({@code .gz} variant when {@code gzip}). */
    record Hit(String path, URL file, boolean gzip, String contentType, String cacheControl, String etag) {
    }

    private final Function<String, URL> entries;
    private final long builtAt;
    private final int maxAgeSeconds;
    private final boolean spaFallback;

    /**
     * @param entries finds a bundle entry by its path inside the bundle (for example {@code static/index.html}), or null
     * @param builtAt when the bundle was installed or updated, part of every ETag
     */
    StaticFiles(Function<String, URL> entries, long builtAt, int maxAgeSeconds, boolean spaFallback) {
        this.entries = entries;
        this.builtAt = builtAt;
        this.maxAgeSeconds = Math.max(0, maxAgeSeconds);
        this.spaFallback = spaFallback;
    }

    /**
     * @param requestPath the decoded path below the servlet context, starting with {@code /}
     * @return empty for a 404
     */
    Optional<Hit> resolve(String requestPath, boolean acceptsGzip) {
        String path = normalise(requestPath);
        if (path == null || path.equals("api") || path.startsWith("api/")) {
            // /api/v1 belongs to the REST application; anything else below /api is not ours to answer with HTML.
            return Optional.empty();
        }
        Optional<Hit> hit = file(path, acceptsGzip);
        if (hit.isPresent() || !spaFallback || extension(path) != null) {
            return hit;
        }
        // A client route (/entries, /guided/abc): the app's index.html routes it in the browser.
        return file(INDEX, acceptsGzip);
    }

    private Optional<Hit> file(String path, boolean acceptsGzip) {
        URL plain = entry(path);
        if (plain == null) {
            return Optional.empty();
        }
        URL gz = acceptsGzip && compressible(path) ? entry(path + ".gz") : null;
        String cache = path.startsWith(HASHED) ? IMMUTABLE
                : path.equals(INDEX) ? "no-cache" : "public, max-age=" + maxAgeSeconds;
        String etag = "\"" + Long.toHexString(builtAt) + "-" + Integer.toHexString(path.hashCode()) + (gz != null ? "-gz" : "") + "\"";
        return Optional.of(new Hit(path, gz != null ? gz : plain, gz != null, contentType(path), cache, etag));
    }

    private URL entry(String path) {
        URL url = entries.apply(ROOT + path);
        // Folders are entries too; they are never served.
        return url == null || url.getPath().endsWith("/") ? null : url;
    }

    /** Strips the leading slash; null for paths that try to leave the static folder or name hidden files. */
    static String normalise(String requestPath) {
        if (requestPath == null || requestPath.isEmpty() || requestPath.equals("/")) {
            return INDEX;
        }
        String path = requestPath.startsWith("/") ? requestPath.substring(1) : requestPath;
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1); // "/garden/" is the route "/garden"
        }
        if (path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0 || path.contains("//")) {
            return null;
        }
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.startsWith(".")) {
                return null; // "..", ".git", ".env"
            }
        }
        return path;
    }

    static String contentType(String path) {
        String ext = extension(path);
        return ext == null ? "application/octet-stream" : TYPES.getOrDefault(ext, "application/octet-stream");
    }

    private static boolean compressible(String path) {
        String type = contentType(path);
        return type.startsWith("text/") || type.startsWith("application/json") || type.equals("image/svg+xml")
                || type.equals("application/manifest+json");
    }

    private static String extension(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? null : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
