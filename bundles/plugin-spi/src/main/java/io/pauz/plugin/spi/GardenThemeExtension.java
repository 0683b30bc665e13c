package io.pauz.plugin.spi;

import org.osgi.annotation.versioning.ConsumerType;
import org.pf4j.ExtensionPoint;

import io.pauz.api.garden.GardenTheme;

/**
 * A garden theme in a PF4J plugin. Annotate the implementation with {@code @org.pf4j.Extension}; the host registers
 * it as a {@link GardenTheme} service with {@link GardenTheme#ID_PROPERTY} = {@link #id()}. Give it a public
 * no-argument constructor. {@link JsonGardenTheme} serves a theme from a JSON file in the plugin jar.
 */
@ConsumerType
public interface GardenThemeExtension extends GardenTheme, ExtensionPoint {
}
