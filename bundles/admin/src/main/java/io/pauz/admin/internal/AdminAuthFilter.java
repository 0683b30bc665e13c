package io.pauz.admin.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

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

/**
 * Guards every path under {@code admin/}: 401 without a bearer token, 403 with a token that is not
 * the admin token, 403 for everyone while no admin token is configured.
 */
@Component(service = ContainerRequestFilter.class, configurationPid = "io.pauz.admin")
@Designate(ocd = AdminConfig.class)
@JakartarsExtension
@JakartarsName("pauz.admin.auth")
@PreMatching
public class AdminAuthFilter implements ContainerRequestFilter {
    private volatile byte[] token = new byte[0];

    @Activate
    @Modified
    void configure(AdminConfig config) {
        token = config.token().trim().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!(path.equals("admin") || path.startsWith("admin/") || path.startsWith("/admin"))) {
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
    }
}
