package io.pauz.api.identity;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Read-only view of the accounts, for features that need a user's display name or time zone (exports,
 * statistics) and for operator commands that walk every user (rebuilds, backups). The accounts feature provides it.
 */
@ProviderType
public interface UserDirectory {
    /** The user, if the account exists. */
    Optional<UserSummary> find(String userId);

    /** Ids of every account, oldest first. */
    List<String> userIds();

    /**
     * The user's preferences as the user stored them (see {@code GET /me/preferences}): a JSON object as maps,
     * lists, strings, numbers and booleans; empty when none are stored or the user is unknown.
     */
    default Map<String, Object> preferences(String userId) {
        return Map.of();
    }
}
