package io.pauz.plugins.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.garden.GardenTheme;
import io.pauz.api.prompt.PromptPack;
import io.pauz.plugin.spi.GardenThemeExtension;
import io.pauz.plugin.spi.PromptPackExtension;

/**
 * The plugins folder: each {@link #scan()} compares it with what is loaded and loads new jars, reloads changed ones
 * and unloads removed ones. A jar is taken only when its size and time are the same as on the previous scan, so a
 * jar still being copied is left alone. Not thread-safe: one thread scans; {@link #plugins()} may be read from any.
 */
final class PluginFolder implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(PluginFolder.class);
    /** Below the built-in packs and themes (ranking 0 and up): a plugin never shadows a platform service id. */
    static final int RANKING = -100;
    static final String PLUGIN_ID = "pauz.plugin.id";
    static final String PLUGIN_VERSION = "pauz.plugin.version";
    static final String PLUGIN_EXTENSION = "pauz.plugin.extension";
    /** Service ids as the consumers accept them (guided: {@code [A-Za-z0-9._-]{1,100}}). */
    static final Pattern SERVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final BundleContext context;
    private final Path dir;
    private final String systemVersion;
    private final Map<Path, LoadedPlugin> plugins = new ConcurrentHashMap<>();
    private final Map<Path, FileStamp> seen = new HashMap<>();

    PluginFolder(BundleContext context, Path dir, String systemVersion) {
        this.context = context;
        this.dir = dir.toAbsolutePath().normalize();
        this.systemVersion = systemVersion;
    }

    Path dir() {
        return dir;
    }

    /** The jars handled so far, by file name. */
    List<LoadedPlugin> plugins() {
        List<LoadedPlugin> out = new ArrayList<>(plugins.values());
        out.sort(Comparator.comparing(p -> p.file.getFileName().toString()));
        return out;
    }

    /** One look at the folder. A folder that does not exist is an empty one. */
    void scan() {
        Map<Path, FileStamp> now = list();
        for (Path file : new ArrayList<>(plugins.keySet())) {
            if (!now.containsKey(file)) {
                LoadedPlugin gone = plugins.remove(file);
                LOG.info("plugin jar {} removed: unloading {}", file.getFileName(), gone.label());
                unload(gone);
            }
        }
        seen.keySet().retainAll(now.keySet());
        for (Map.Entry<Path, FileStamp> e : now.entrySet()) {
            Path file = e.getKey();
            FileStamp stamp = e.getValue();
            LoadedPlugin current = plugins.get(file);
            if (current != null && current.stamp.equals(stamp)) {
                if (current.duplicateId && !idTaken(current.descriptor.id())) {
                    // e.g. nature-1.1.jar dropped before nature-1.0.jar was deleted: its turn now
                    plugins.remove(file);
                    plugins.put(file, load(file, stamp));
                }
                continue;
            }
            if (!stamp.equals(seen.put(file, stamp))) {
                continue; // new or still changing: wait for one more look
            }
            seen.remove(file);
            if (current != null) {
                LOG.info("plugin jar {} changed: replacing {}", file.getFileName(), current.label());
                plugins.remove(file);
                unload(current);
            }
            plugins.put(file, load(file, stamp));
        }
    }

    private boolean idTaken(String id) {
        return plugins.values().stream().anyMatch(p -> p.loaded && p.descriptor != null && p.descriptor.id().equals(id));
    }

    private Map<Path, FileStamp> list() {
        Map<Path, FileStamp> out = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path file : files) {
                if (file.getFileName().toString().startsWith(".") || !Files.isRegularFile(file)) {
                    continue; // hidden: a copy in progress by convention
                }
                try {
                    out.put(file, FileStamp.of(file));
                } catch (NoSuchFileException gone) {
                    // removed between listing and reading: absent
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list plugin folder {}: {}", dir, e.toString());
            // Keep what is loaded rather than unloading everything on a transient error.
            plugins.keySet().forEach(file -> out.put(file, plugins.get(file).stamp));
        }
        return out;
    }

    private LoadedPlugin load(Path file, FileStamp stamp) {
        LoadedPlugin plugin = new LoadedPlugin(file, stamp);
        PluginJar jar;
        try {
            jar = PluginJar.read(file);
        } catch (PluginJar.BadJar e) {
            plugin.error("bad plugin jar: " + e.getMessage(), null);
            return plugin;
        }
        plugin.descriptor = jar;
        for (LoadedPlugin other : plugins.values()) {
            PluginJar d = other.descriptor;
            if (other.loaded && d != null && d.id().equals(jar.id())) {
                plugin.duplicateId = true;
                plugin.error("plugin id " + jar.id() + " is already loaded from " + other.file.getFileName()
                        + "; this jar is loaded when that one is removed", null);
                return plugin;
            }
        }
        HostPluginManager manager = new HostPluginManager(dir, systemVersion);
        plugin.manager = manager;
        try {
            String id = manager.loadPlugin(file);
            PluginWrapper wrapper = manager.getPlugin(id);
            plugin.classLoader = wrapper.getPluginClassLoader();
            PluginState state = manager.startPlugin(id);
            if (state != PluginState.STARTED) {
                Throwable why = wrapper.getFailedException();
                throw new IllegalStateException("plugin did not start (state " + state + ")"
                        + (state == PluginState.DISABLED && jar.requires() != null
                                ? ": it requires PAUZ " + jar.requires() + ", this is " + systemVersion : "")
                        + (why == null ? "" : ": " + LoadedPlugin.describe(why)));
            }
            registerExtensions(plugin, manager, wrapper);
        } catch (RuntimeException | LinkageError e) {
            plugin.error("cannot load plugin: " + LoadedPlugin.describe(e), e);
            unload(plugin);
            return plugin;
        }
        if (plugin.services.isEmpty()) {
            plugin.error("provides no usable " + PromptPackExtension.class.getSimpleName() + " or "
                    + GardenThemeExtension.class.getSimpleName() + " (is META-INF/extensions.idx in the jar? PF4J's "
                    + "annotation processor writes it for classes annotated @Extension)", null);
            unload(plugin);
            return plugin;
        }
        plugin.loaded = true;
        LOG.info("plugin {} loaded from {}: {}", plugin.label(), file.getFileName(),
                plugin.services.stream().map(s -> s.type() + " " + s.id()).toList());
        return plugin;
    }

    private void registerExtensions(LoadedPlugin plugin, PluginManager manager, PluginWrapper wrapper) {
        for (String className : manager.getExtensionClassNames(wrapper.getPluginId())) {
            Object extension;
            try {
                Class<?> type = wrapper.getPluginClassLoader().loadClass(className);
                if (!PromptPackExtension.class.isAssignableFrom(type) && !GardenThemeExtension.class.isAssignableFrom(type)) {
                    plugin.error("extension " + className + " implements neither " + PromptPackExtension.class.getName()
                            + " nor " + GardenThemeExtension.class.getName() + "; ignored", null);
                    continue;
                }
                extension = manager.getExtensionFactory().create(type);
            } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
                plugin.error("extension " + className + " cannot be created: " + LoadedPlugin.describe(e), e);
                continue;
            }
            if (extension instanceof PromptPackExtension pack) {
                register(plugin, className, PromptPack.class, PromptPack.ID_PROPERTY, "PromptPack", pack::id,
                        id -> new GuardedPromptPack(plugin, pack, id));
            }
            if (extension instanceof GardenThemeExtension theme) {
                register(plugin, className, GardenTheme.class, GardenTheme.ID_PROPERTY, "GardenTheme", theme::id,
                        id -> new GuardedGardenTheme(plugin, theme, id));
            }
        }
    }

    private <S> void register(LoadedPlugin plugin, String className, Class<S> type, String idProperty, String typeName,
            java.util.function.Supplier<String> idCall, java.util.function.Function<String, S> guarded) {
        String id;
        try {
            id = idCall.get();
        } catch (RuntimeException | LinkageError e) {
            plugin.error(typeName + " " + className + ": id() failed: " + LoadedPlugin.describe(e), e);
            return;
        }
        if (id == null || !SERVICE_ID.matcher(id).matches()) {
            plugin.error(typeName + " " + className + ": unusable id '" + id + "' (letters, digits, . _ -; at most 100)", null);
            return;
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(idProperty, id);
        props.put(PLUGIN_ID, plugin.descriptor.id());
        props.put(PLUGIN_VERSION, plugin.descriptor.version());
        props.put(PLUGIN_EXTENSION, className);
        props.put(Constants.SERVICE_RANKING, RANKING);
        props.put(Constants.SERVICE_DESCRIPTION, typeName + " " + id + " from PF4J plugin " + plugin.label());
        ServiceRegistration<S> registration = context.registerService(type, guarded.apply(id), props);
        plugin.services.add(new LoadedPlugin.Provided(typeName, id, className, registration));
    }

    /** Services first (consumers stop calling), then PF4J stops the plugin and the class loader releases the jar. */
    private void unload(LoadedPlugin plugin) {
        plugin.closed = true;
        plugin.loaded = false;
        for (LoadedPlugin.Provided s : plugin.services) {
            try {
                s.registration().unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework is stopping
            }
        }
        plugin.services.clear();
        PluginManager manager = plugin.manager;
        if (manager != null) {
            try {
                for (PluginWrapper w : new ArrayList<>(manager.getPlugins())) {
                    manager.unloadPlugin(w.getPluginId());
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("plugin {}: unloading failed: {}", plugin.label(), LoadedPlugin.describe(e));
            }
        }
        if (plugin.classLoader instanceof Closeable c) {
            try {
                c.close(); // again, in case PF4J gave up before closing it
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing class loader of {}", plugin.label(), e);
            }
        }
        plugin.manager = null;
        plugin.classLoader = null;
    }

    /** Unloads everything (component deactivated, or the folder changed). */
    @Override
    public void close() {
        Collection<LoadedPlugin> all = new ArrayList<>(plugins.values());
        plugins.clear();
        seen.clear();
        all.forEach(this::unload);
    }
}
