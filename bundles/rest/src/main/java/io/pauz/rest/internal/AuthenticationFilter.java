package io.pauz.rest.internal;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

import io.pauz.api.identity.Session;
import io.pauz.api.identity.Sessions;
import io.pauz.api.rest.ApiException;
import io.pauz.api.rest.ErrorCodes;
import io.pauz.api.rest.PauzPrincipal;
import io.pauz.api.rest.Public;
import io.pauz.api.rest.RestConstants;
import io.pauz.support.Awaited;

/**
 * The one authentication filter: every matched resource that is not {@link Public} needs
 * {@code Authorization: Bearer <session token>} valid per {@link Sessions}; the user is then the
 * request's {@link SecurityContext} principal. Requests the admin filter already authenticated with
 * the admin token pass.
 */
@Component(service = ContainerRequestFilter.class)
@JakartarsExtension
@JakartarsName(RestConstants.AUTHENTICATION_EXTENSION)
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {
    @Context
    private ResourceInfo resourceInfo;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Sessions sessions;

    @Override
    public void filter(ContainerRequestContext request) {
        if (isPublic() || request.getSecurityContext().getUserPrincipal() instanceof PauzPrincipal p && p.admin()) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw unauthorized("sign in first: Authorization: Bearer <token> is missing");
        }
        Sessions current = Awaited.required(() -> sessions, ErrorCodes.UNAVAILABLE, "accounts are not available right now");
        Optional<Session> session = current.validate(header.substring(7).trim());
        if (session.isEmpty()) {
            throw unauthorized("the session token is invalid, expired or revoked");
        }
        Session s = session.get();
        PauzPrincipal principal = new PauzPrincipal(s.userId(), s.sessionId(), s.email(), false);
        request.setSecurityContext(principal.securityContext(request.getSecurityContext().isSecure()));
    }

    private boolean isPublic() {
        ResourceInfo info = resourceInfo;
        if (info == null || info.getResourceClass() == null) {
            return false;
        }
        return info.getResourceClass().isAnnotationPresent(Public.class)
                || (info.getResourceMethod() != null && info.getResourceMethod().isAnnotationPresent(Public.class));
    }

    static ApiException unauthorized(String message) {
        return new ApiException(401, ErrorCodes.UNAUTHORIZED, message);
    }
}
