package io.pauz.api.identity;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns what a client presents into a {@link VerifiedIdentity}. Service property
 * {@value #ID_PROPERTY} names the provider in URLs ({@code /auth/{id}/...}).
 */
@ConsumerType
public interface IdentityProvider {
    String ID_PROPERTY = "pauz.identity.provider";

    /** Short id used in URLs, e.g. {@code google} or {@code local}. */
    String id();

    /**
     * Verifies a token the client already holds (an OpenID Connect ID token for OIDC providers).
     *
     * @param nonce the nonce this token must carry, or {@code null} when the client chose none
     * @throws IdentityException when the token is not valid
     */
    VerifiedIdentity verifyToken(String token, String nonce) throws IdentityException;
}
