package io.pauz.api.identity;

/**
 * A person as vouched for by an identity provider.
 *
 * @param subject stable id of the person at that provider ({@code sub})
 */
public record VerifiedIdentity(String provider, String subject, String email, boolean emailVerified, String name,
        String pictureUrl) {
}
