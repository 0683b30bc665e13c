package io.pauz.admin.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.pauz.api.feature.FeatureException;
import io.pauz.api.feature.FeatureInfo;
import io.pauz.api.feature.FeatureManager;

/**
 * Gogo commands for operators: {@code pauz:features}, {@code pauz:install <feature>},
 * {@code pauz:uninstall <feature>}. Bundle commands are Gogo's own ({@code lb}, {@code install}, ...).
 */
@Component(service = PauzCommands.class, property = { "osgi.command.scope=pauz",
        "osgi.command.function=features", "osgi.command.function=install", "osgi.command.function=uninstall" })
public class PauzCommands {
    private final FeatureManager features;

    @Activate
    public PauzCommands(@Reference FeatureManager features) {
        this.features = features;
    }

    public String features() {
        StringBuilder out = new StringBuilder(String.format("%-24s %-12s %s%n", "FEATURE", "STATE", "BUNDLES"));
        for (FeatureInfo f : features.features()) {
            out.append(String.format("%-24s %-12s %d%n", f.name(), f.state(), f.bundles().size()));
        }
        return out.toString();
    }

    public String install(String name) throws FeatureException {
        return "feature " + name + " is " + features.install(name).state();
    }

    public String uninstall(String name) throws FeatureException {
        return "feature " + name + " is " + features.uninstall(name).state();
    }
}
