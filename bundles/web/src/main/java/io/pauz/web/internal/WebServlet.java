package io.pauz.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves the built browser app from this bundle's {@code static/} folder as the default servlet
 * ({@code /}) of the servlet whiteboard. Jersey's {@code /api/v1/*} is a longer match, so the REST API is
 * never shadowed; unknown extension-less paths get {@code index.html} so client routes survive a reload.
 */
@Component(service = Servlet.class, configurationPid = "io.pauz.web")
@Designate(ocd = WebConfig.class)
@HttpWhiteboardServletPattern("/")
@HttpWhiteboardServletName("io.pauz.web")
public class WebServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /**
     * The app loads only its own files and talks only to its own origin; blob: is for recordings, the
     * garden picture and downloads the app fetched itself.
     */
    static final String CSP = "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; "
            + "style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "frame-ancestors 'none'; form-action 'self'";
    private static final byte[] NOT_FOUND = "<!doctype html><title>Not found</title><p>Nothing here.</p>\n"
            .getBytes(StandardCharsets.UTF_8);

    private final transient Bundle bundle;
    private transient volatile StaticFiles files;

    @Activate
    public WebServlet(BundleContext context, WebConfig config) {
        this.bundle = context.getBundle();
        configure(config);
    }

    @Modified
    void configure(WebConfig config) {
        files = new StaticFiles(bundle::getEntry, bundle.getLastModified(), config.max_age_seconds(), config.spa_fallback());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String encodings = request.getHeader("Accept-Encoding");
        Optional<StaticFiles.Hit> found = files.resolve(path, encodings != null && encodings.contains("gzip"));
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (found.isEmpty()) {
            notFound(path, response);
            return;
        }
        StaticFiles.Hit hit = found.get();
        response.setHeader("Cache-Control", hit.cacheControl());
        response.setHeader("ETag", hit.etag());
        response.setHeader("Vary", "Accept-Encoding");
        if (hit.contentType().startsWith("text/html")) {
            response.setHeader("Content-Security-Policy", CSP);
            response.setHeader("Referrer-Policy", "same-origin");
        }
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.contains(hit.etag()) || ifNoneMatch.strip().equals("*"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(hit.contentType());
        if (hit.gzip()) {
            response.setHeader("Content-Encoding", "gzip");
        }
        URLConnection connection = hit.file().openConnection();
        long length = connection.getContentLengthLong();
        if (length >= 0) {
            response.setContentLengthLong(length);
        }
        try (InputStream in = connection.getInputStream(); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }

    private static void notFound(String path, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setHeader("Cache-Control", "no-store");
        if (path.startsWith("/api/")) {
            // Same shape as every REST error, for clients that mistyped the version.
            byte[] body = "{\"error\":{\"status\":404,\"code\":\"not_found\",\"message\":\"no such resource\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            response.setContentType("application/json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            return;
        }
        response.setContentType("text/html;charset=utf-8");
        response.setContentLength(NOT_FOUND.length);
        response.getOutputStream().write(NOT_FOUND);
    }
}
