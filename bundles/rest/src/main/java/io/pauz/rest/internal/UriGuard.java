package io.pauz.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.Preprocessor;

/**
 * Refuses ambiguous request paths ({@code %2e%2e}, {@code %2f}, {@code %5c}, {@code %25}, {@code ..;},
 * dot or empty segments, control characters) with the API's JSON 400 {@code bad_uri}, before any servlet
 * or Jersey sees them, so they are never decoded or normalised into another path.
 * <p>
 * Jetty would refuse them itself, but on its own HTML page and before any application code runs; the
 * runtime therefore sets Jetty's URI compliance to {@code UNSAFE} (runtime/pauz.bndrun,
 * {@code org.eclipse.jetty.UriComplianceMode}) and this whiteboard preprocessor, which runs ahead of every
 * servlet, does the refusing. Only the raw (still encoded) path is inspected.
 */
@Component(service = Preprocessor.class)
public class UriGuard implements Preprocessor {
    static final String BAD_URI = "bad_uri";
    /** Encoded forms that decode to a dot, slash, backslash, percent (double encoding) or NUL, and %u escapes. */
    private static final String[] AMBIGUOUS = { "%2e", "%2f", "%5c", "%25", "%00" };

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse out) {
            String problem = problem(http.getRequestURI());
            if (problem != null) {
                byte[] body = ErrorMapper.json(400, BAD_URI, problem).getBytes(StandardCharsets.UTF_8);
                if (!bodyConsumed(http)) {
                    // Same reason as in RequestLimitFilter: say so when the connection cannot be kept.
                    out.setHeader("Connection", "close");
                }
                out.setStatus(400);
                out.setContentType("application/json;charset=utf-8");
                out.setContentLength(body.length);
                out.getOutputStream().write(body);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** True when the request has no body or its (short) body has now been read to the end. */
    private static boolean bodyConsumed(HttpServletRequest request) {
        if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
            return true;
        }
        try {
            return RequestLimitFilter.drain(request.getInputStream(), RequestLimitFilter.DRAIN_BYTES);
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    /** Why the raw request path is refused, or null when it is unambiguous. */
    static String problem(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return "the request path must start with /";
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "control characters are not allowed in the request path";
            }
            if (c == '\\') {
                return "backslashes are not allowed in the request path";
            }
            if (c == ';') {
                return "path parameters (;) are not allowed";
            }
            if (c == '%' && (i + 2 >= rawPath.length() || hex(rawPath.charAt(i + 1)) < 0 || hex(rawPath.charAt(i + 2)) < 0)) {
                return "malformed percent-encoding in the request path";
            }
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        for (String encoded : AMBIGUOUS) {
            if (lower.contains(encoded)) {
                return "ambiguous encoding " + encoded.toUpperCase(Locale.ROOT) + " in the request path";
            }
        }
        // Percent-encoded control characters (%01..%1F, %7F) decode to what the raw check refuses.
        for (int i = lower.indexOf('%'); i >= 0; i = lower.indexOf('%', i + 1)) {
            int value = hex(lower.charAt(i + 1)) * 16 + hex(lower.charAt(i + 2)); // well formed, checked above
            if (value < 0x20 || value == 0x7f) {
                return "control characters are not allowed in the request path";
            }
        }
        if (lower.contains("//")) {
            return "empty path segments are not allowed";
        }
        for (String segment : lower.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "dot segments are not allowed in the request path";
            }
        }
        return null;
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
