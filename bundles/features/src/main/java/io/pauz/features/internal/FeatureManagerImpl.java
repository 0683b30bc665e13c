package io.pauz.features.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.feature.Feature;
import org.osgi.service.feature.FeatureBundle;
import org.osgi.service.feature.FeatureConfiguration;
import org.osgi.service.feature.FeatureService;
import org.osgi.service.feature.ID;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.feature.FeatureException;
import io.pauz.api.feature.FeatureInfo;
import io.pauz.api.feature.FeatureManager;
import io.pauz.api.platform.Bundles;

/**
 * Features from OSGi Feature JSON (Compendium ch. 159, read by the Felix Feature Service): the built-in
 * descriptors of the top-level {@code features/} folder, plus any in {@code extra.dir}.
 *
 * <p>A feature's name is the artifact id of its feature id. A bundle of a feature is matched to an
 * installed bundle by symbolic name, which for PAUZ bundles is the artifact id. Installing looks the
 * jar up in the configured Maven-layout repositories (or where the bundle was installed from before);
 * removing uninstalls only bundles no other installed feature lists, and refreshes only those, so
 * unrelated bundles never restart.
 */
@Component(configurationPid = "io.pauz.features", immediate = true)
@Designate(ocd = FeaturesConfig.class)
public class FeatureManagerImpl implements FeatureManager {
    /** Marks configurations created from a feature, so removing the feature removes only those. */
    static final String FEATURE_PROPERTY = "pauz.feature";
    private static final Logger LOG = LoggerFactory.getLogger(FeatureManagerImpl.class);

    private final BundleContext context;
    private final FeatureService featureService;
    private final ConfigurationAdmin configAdmin;
    /** Where a bundle was installed from, remembered so a removed feature can come back. */
    private final Map<String, String> knownLocations = new ConcurrentHashMap<>();
    private final Map<Path, ParsedFile> extraCache = new ConcurrentHashMap<>();
    private Map<String, Feature> builtIn;
    private volatile FeaturesConfig config;

    @Activate
    public FeatureManagerImpl(BundleContext context, @Reference FeatureService featureService,
            @Reference ConfigurationAdmin configAdmin, FeaturesConfig config) {
        this.context = context;
        this.featureService = featureService;
        this.configAdmin = configAdmin;
        modified(config);
        // Features whose bundles the runtime already ships get their default configuration now.
        for (Feature feature : load().values()) {
            if (state(feature).equals("up") || state(feature).equals("down")) {
                try {
                    applyConfigurations(feature);
                } catch (IOException e) {
                    LOG.error("Cannot apply configuration of feature {}", name(feature), e);
                }
            }
        }
    }

    @Modified
    void modified(FeaturesConfig config) {
        this.config = config;
    }

    /**
     * Every feature descriptor, by name; extra-dir files override built-in ones. Built-in files are
     * parsed once; extra files again only when their modification time changes (health asks often).
     */
    Map<String, Feature> load() {
        Map<String, Feature> features = new LinkedHashMap<>(builtIn());
        String extra = config.extra_dir();
        if (!extra.isBlank() && Files.isDirectory(Path.of(extra))) {
            Set<Path> seen = new HashSet<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(extra), "*.json")) {
                for (Path file : files) {
                    seen.add(file);
                    Feature feature = parsedExtra(file);
                    if (feature != null) {
                        features.put(name(feature), feature);
                    }
                }
            } catch (IOException e) {
                LOG.error("Cannot list {}", extra, e);
            }
            extraCache.keySet().retainAll(seen);
        }
        return features;
    }

    private synchronized Map<String, Feature> builtIn() {
        if (builtIn == null) {
            Map<String, Feature> features = new LinkedHashMap<>();
            Enumeration<URL> entries = context.getBundle().findEntries("features", "*.json", false);
            while (entries != null && entries.hasMoreElements()) {
                URL url = entries.nextElement();
                try (InputStream in = url.openStream()) {
                    Feature feature = read(new InputStreamReader(in, StandardCharsets.UTF_8));
                    features.put(name(feature), feature);
                } catch (IOException | RuntimeException e) {
                    LOG.error("Bad built-in feature file {}", url, e);
                }
            }
            builtIn = features;
        }
        return builtIn;
    }

    private Feature parsedExtra(Path file) {
        try {
            long modified = Files.getLastModifiedTime(file).toMillis();
            ParsedFile cached = extraCache.get(file);
            if (cached != null && cached.modified() == modified) {
                return cached.feature();
            }
            try (Reader reader = Files.newBufferedReader(file)) {
                Feature feature = read(reader);
                extraCache.put(file, new ParsedFile(modified, feature));
                return feature;
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Bad feature file {}", file, e);
            return null;
        }
    }

    private record ParsedFile(long modified, Feature feature) {
    }

    private Feature read(Reader reader) throws IOException {
        return featureService.readFeature(reader);
    }

    static String name(Feature feature) {
        return feature.getID().getArtifactId();
    }

    @Override
    public List<FeatureInfo> features() {
        return load().values().stream().map(this::info)
                .sorted(java.util.Comparator.comparing(FeatureInfo::name)).toList();
    }

    @Override
    public Optional<FeatureInfo> feature(String name) {
        return Optional.ofNullable(load().get(name)).map(this::info);
    }

    @Override
    public synchronized FeatureInfo install(String name) throws FeatureException {
        Feature feature = require(name);
        List<Bundle> installed = new ArrayList<>();
        try {
            for (FeatureBundle fb : feature.getBundles()) {
                Bundle bundle = find(fb.getID());
                if (bundle == null) {
                    bundle = installFromRepository(fb.getID());
                    installed.add(bundle);
                }
            }
            applyConfigurations(feature);
            for (FeatureBundle fb : feature.getBundles()) {
                Bundle bundle = find(fb.getID());
                if (bundle != null && !Bundles.isFragment(bundle)) {
                    bundle.start();
                }
            }
        } catch (BundleException | IOException | RuntimeException e) {
            // All or nothing: what this call installed goes again.
            for (Bundle b : installed) {
                try {
                    b.uninstall();
                } catch (BundleException | IllegalStateException ignored) {
                    // already gone
                }
            }
            throw new FeatureException("cannot install feature " + name + ": " + e.getMessage(), false, e);
        }
        LOG.info("Installed feature {}", name);
        return info(feature);
    }

    @Override
    public synchronized FeatureInfo uninstall(String name) throws FeatureException {
        Feature feature = require(name);
        if (split(config.protected_features()).contains(name)) {
            throw new FeatureException("feature " + name + " is protected and cannot be removed", false, null);
        }
        Set<String> stillNeeded = new HashSet<>();
        for (Feature other : load().values()) {
            if (!name(other).equals(name) && !state(other).equals("uninstalled")) {
                other.getBundles().forEach(b -> stillNeeded.add(b.getID().getArtifactId()));
            }
        }
        List<Bundle> removed = new ArrayList<>();
        try {
            for (FeatureBundle fb : feature.getBundles()) {
                Bundle bundle = find(fb.getID());
                if (bundle != null && !stillNeeded.contains(fb.getID().getArtifactId())) {
                    knownLocations.put(fb.getID().toString(), bundle.getLocation());
                    bundle.uninstall();
                    removed.add(bundle);
                }
            }
            removeConfigurations(name);
        } catch (BundleException | IOException e) {
            throw new FeatureException("cannot remove feature " + name + ": " + e.getMessage(), false, e);
        }
        refresh(removed);
        LOG.info("Removed feature {} ({} bundles)", name, removed.size());
        return info(feature);
    }

    /** Refreshes only the given bundles and what is wired to them, and waits for it to finish. */
    private void refresh(Collection<Bundle> bundles) {
        if (bundles.isEmpty()) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class).refreshBundles(bundles,
                event -> {
                    if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                        done.countDown();
                    }
                });
        try {
            done.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Feature require(String name) throws FeatureException {
        Feature feature = load().get(name);
        if (feature == null) {
            throw new FeatureException("no feature named " + name, true, null);
        }
        return feature;
    }

    private Bundle find(ID id) {
        for (Bundle b : context.getBundles()) {
            if (id.getArtifactId().equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private Bundle installFromRepository(ID id) throws IOException, BundleException {
        String embedded = "jar/" + id.getArtifactId() + "-" + id.getVersion() + ".jar";
        String known = knownLocations.getOrDefault(id.toString(), embedded);
        if (known.contains(":")) {
            return context.installBundle(known);
        }
        // pauz.jar embeds the bundles it ships under jar/; the launcher installed them from there.
        try (InputStream in = ClassLoader.getSystemClassLoader().getResourceAsStream(known)) {
            if (in != null) {
                return context.installBundle(known, in);
            }
        }
        String relative = id.getGroupId().replace('.', '/') + "/" + id.getArtifactId() + "/" + id.getVersion() + "/"
                + id.getArtifactId() + "-" + id.getVersion() + id.getClassifier().map(c -> "-" + c).orElse("") + "."
                + id.getType().orElse("jar");
        for (String repository : split(config.repositories())) {
            Path jar = Path.of(repository).resolve(relative);
            if (Files.isRegularFile(jar)) {
                try (InputStream in = Files.newInputStream(jar)) {
                    return context.installBundle(jar.toUri().toString(), in);
                }
            }
        }
        throw new IOException("bundle " + id + " not found in " + split(config.repositories()));
    }

    /** Config files give lists as one comma-separated string; accept both forms. */
    static List<String> split(String[] values) {
        return java.util.Arrays.stream(values).flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    private void applyConfigurations(Feature feature) throws IOException {
        for (FeatureConfiguration fc : feature.getConfigurations().values()) {
            Configuration configuration = fc.getFactoryPid().isPresent()
                    ? configAdmin.getFactoryConfiguration(fc.getFactoryPid().get(), fc.getPid().substring(
                            fc.getPid().indexOf('~') + 1), "?")
                    : configAdmin.getConfiguration(fc.getPid(), "?");
            // Operators' config/ files win: only fill what nobody configured yet.
            if (configuration.getProperties() == null) {
                Dictionary<String, Object> props = new Hashtable<>(fc.getValues());
                props.put(FEATURE_PROPERTY, name(feature));
                configuration.update(props);
            }
        }
    }

    private void removeConfigurations(String name) throws IOException {
        try {
            Configuration[] configurations = configAdmin.listConfigurations("(" + FEATURE_PROPERTY + "=" + name + ")");
            if (configurations != null) {
                for (Configuration c : configurations) {
                    c.delete();
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private String state(Feature feature) {
        boolean anyPresent = false;
        boolean allActive = true;
        for (FeatureBundle fb : feature.getBundles()) {
            Bundle b = find(fb.getID());
            if (b == null) {
                allActive = false;
            } else {
                anyPresent = true;
                if (b.getState() != Bundle.ACTIVE && !Bundles.isFragment(b)) {
                    allActive = false;
                }
            }
        }
        return !anyPresent ? "uninstalled" : allActive ? "up" : "down";
    }

    private FeatureInfo info(Feature feature) {
        List<FeatureInfo.BundleRef> refs = new ArrayList<>();
        for (FeatureBundle fb : feature.getBundles()) {
            Bundle b = find(fb.getID());
            refs.add(new FeatureInfo.BundleRef(fb.getID().toString(), fb.getID().getArtifactId(),
                    b == null ? null : b.getVersion().toString(), b == null ? "MISSING" : Bundles.stateName(b)));
        }
        return new FeatureInfo(name(feature), feature.getID().toString(), feature.getDescription().orElse(""),
                state(feature), refs);
    }



}
