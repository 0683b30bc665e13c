package io.pauz.api.feature;

import java.util.List;

/**
 * A feature and its state.
 *
 * @param state   {@code up} when every bundle is active, {@code down} when installed but some bundle is
 *                not, {@code uninstalled} when none of its own bundles is present
 * @param bundles the feature's bundles with their current state
 */
public record FeatureInfo(String name, String id, String description, String state, List<BundleRef> bundles) {
    public FeatureInfo {
        bundles = List.copyOf(bundles);
    }

    /** A bundle of a feature: Maven id, symbolic name and framework state ({@code ACTIVE}, {@code MISSING}, ...). */
    public record BundleRef(String mavenId, String symbolicName, String version, String state) {
    }
}
