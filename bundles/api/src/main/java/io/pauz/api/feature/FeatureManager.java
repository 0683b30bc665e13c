package io.pauz.api.feature;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Lists, installs and removes features (named groups of bundles with default configuration). */
@ProviderType
public interface FeatureManager {

    /** Every feature the platform knows, installed or not. */
    List<FeatureInfo> features();

    Optional<FeatureInfo> feature(String name);

    /** Installs and starts the feature's bundles and applies its default configuration. */
    FeatureInfo install(String name) throws FeatureException;

    /** Stops and uninstalls the bundles no other installed feature needs, and removes its configuration. */
    FeatureInfo uninstall(String name) throws FeatureException;
}
