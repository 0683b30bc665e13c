package io.pauz.api.rest;

import java.security.Principal;

/**
 * Who is calling, as set by the platform's authentication: {@code @Context SecurityContext} then
 * {@code getUserPrincipal()} gives this. Resources take the user id from here, never from the request.
 *
 * @param userId    the signed-in user's id, or {@code null} for the operator (admin token)
 * @param sessionId the session, or {@code null} for the operator
 */
public record PauzPrincipal(String userId, String sessionId, String email, boolean admin) implements Principal {
    @Override
    public String getName() {
        return admin ? "admin" : userId;
    }

    /** A security context carrying this principal, for filters that authenticate a request. */
    public jakarta.ws.rs.core.SecurityContext securityContext(boolean secure) {
        PauzPrincipal self = this;
        return new jakarta.ws.rs.core.SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return self;
            }

            @Override
            public boolean isUserInRole(String role) {
                return admin ? "admin".equals(role) : "user".equals(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "Bearer";
            }
        };
    }

    /** The current user of a request, or a 401 when the request has none. */
    public static PauzPrincipal of(jakarta.ws.rs.core.SecurityContext context) {
        if (context != null && context.getUserPrincipal() instanceof PauzPrincipal p && p.userId() != null) {
            return p;
        }
        throw new ApiException(401, ErrorCodes.UNAUTHORIZED, "sign in first");
    }
}
