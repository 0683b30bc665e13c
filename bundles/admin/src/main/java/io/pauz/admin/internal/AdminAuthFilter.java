package io.pauz.admin.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.metatype.annotations.Designate;

import io.pauz.api.rest.ApiException;
import io.pauz.api.rest.ErrorCodes;
import io.pauz.api.rest.PauzPrincipal;
import io.pauz.api.rest.RestConstants;

/**
 * Guards the operator paths ({@code admin/} and {@code metrics} by default): 401 without a bearer token, 403 with a token that is not
 * the admin token, 403 for everyone while no admin token is configured.
 */
@Component(service = ContainerRequestFilter.class, configurationPid = "io.pauz.admin")
@Designate(ocd = AdminConfig.class)
@JakartarsExtension
@JakartarsName(RestConstants.ADMIN_EXTENSION)
@PreMatching
public class AdminAuthFilter implements ContainerRequestFilter {
    private static final PauzPrincipal OPERATOR = new PauzPrincipal(null, null, null, true);
    private volatile byte[] token = new byte[0];
    private volatile List<String> paths = List.of();

    @Activate
    @Modified
    void configure(AdminConfig config) {
        token = config.token().trim().getBytes(StandardCharsets.UTF_8);
        paths = Arrays.stream(config.paths()).flatMap(p -> Arrays.stream(p.split(","))).map(String::trim)
                .filter(p -> !p.isEmpty()).map(p -> p.startsWith("/") ? p.substring(1) : p).toList();
    }

    private boolean guarded(String path) {
        // Matrix parameters (";x") are not part of the matched path: "admin;x/bundles" is admin/bundles to Jersey.
        String p = (path.startsWith("/") ? path.substring(1) : path).replaceAll(";[^/]*", "");
        return paths.stream().anyMatch(prefix -> p.equals(prefix) || p.startsWith(prefix + "/"));
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!guarded(request.getUriInfo().getPath())) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, ErrorCodes.UNAUTHORIZED, "admin token required");
        }
        byte[] expected = token;
        byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (expected.length == 0) {
            throw new ApiException(403, ErrorCodes.FORBIDDEN, "admin API is disabled: no admin token configured");
        }
        if (!MessageDigest.isEqual(expected, presented)) {
            throw new ApiException(403, ErrorCodes.FORBIDDEN, "not an admin token");
        }
        request.setSecurityContext(OPERATOR.securityContext(request.getSecurityContext().isSecure()));
    }
}
