package io.pauz.rest.internal;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * CORS for browser clients on other origins, from {@code cors.origins}: preflights are answered here,
 * other responses get the allow headers when their Origin is allowed. No origins configured, no headers.
 */
@Component(service = { ContainerRequestFilter.class, ContainerResponseFilter.class }, configurationPid = RestConfig.PID)
@JakartarsExtension
@JakartarsName("pauz.cors")
@PreMatching
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private static final String METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
    private static final String HEADERS = "Authorization, Content-Type, Accept";
    private volatile Set<String> origins = Set.of();

    @Activate
    @Modified
    void configure(RestConfig config) {
        origins = Arrays.stream(config.cors_origins()).flatMap(v -> Arrays.stream(v.split(","))).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private boolean allowed(String origin) {
        return origin != null && (origins.contains("*") || origins.contains(origin));
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        if ("OPTIONS".equals(request.getMethod()) && request.getHeaderString("Access-Control-Request-Method") != null
                && allowed(origin)) {
            Response.ResponseBuilder preflight = Response.noContent();
            preflight.header("Access-Control-Allow-Methods", METHODS);
            preflight.header("Access-Control-Allow-Headers", HEADERS);
            preflight.header("Access-Control-Max-Age", "600");
            request.abortWith(preflight.build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString("Origin");
        if (allowed(origin)) {
            MultivaluedMap<String, Object> headers = response.getHeaders();
            headers.putSingle("Access-Control-Allow-Origin", origins.contains("*") ? "*" : origin);
            headers.add("Vary", "Origin");
        }
    }
}
