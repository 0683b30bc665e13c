/**
 * What a PF4J plugin implements to add to PAUZ without knowing OSGi: {@link io.pauz.plugin.spi.PromptPackExtension}
 * and {@link io.pauz.plugin.spi.GardenThemeExtension}, and base classes that serve either from a JSON resource in
 * the plugin jar. The plugin host registers every extension as the OSGi service a bundle would provide.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.pauz.plugin.spi;
