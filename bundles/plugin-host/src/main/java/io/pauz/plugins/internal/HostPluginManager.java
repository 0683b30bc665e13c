package io.pauz.plugins.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.file.Path;

import org.pf4j.ClassLoadingStrategy;
import org.pf4j.ExtensionFinder;
import org.pf4j.JarPluginLoader;
import org.pf4j.JarPluginManager;
import org.pf4j.LegacyExtensionFinder;
import org.pf4j.Plugin;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginFactory;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginStatusProvider;
import org.pf4j.PluginWrapper;
import org.pf4j.RuntimeMode;

/**
 * The PF4J manager of ONE plugin jar (each jar gets its own, so a broken jar is thrown away whole). Differences from
 * {@link JarPluginManager}: the platform's classes win over copies inside a plugin jar (an embedded copy of the API
 * would not be the type the platform knows); a plugin class that cannot be made is an exception with its cause, not
 * a log line and a null; no enabled.txt/disabled.txt in the operator's folder; extensions only from
 * META-INF/extensions.idx (the ServiceLoader finder can keep a jar file system open after unload).
 */
final class HostPluginManager extends JarPluginManager {

    HostPluginManager(Path root, String systemVersion) {
        super(root);
        setSystemVersion(systemVersion);
    }

    @Override
    public RuntimeMode getRuntimeMode() {
        return RuntimeMode.DEPLOYMENT; // whatever pf4j.mode says: development mode reads class folders
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new JarPluginLoader(this) {
            @Override
            public ClassLoader loadPlugin(Path pluginPath, PluginDescriptor descriptor) {
                PluginClassLoader loader = new PluginClassLoader(pluginManager, descriptor,
                        HostPluginManager.class.getClassLoader(), ClassLoadingStrategy.APD);
                loader.addFile(pluginPath.toFile());
                return loader;
            }
        };
    }

    @Override
    protected ExtensionFinder createExtensionFinder() {
        LegacyExtensionFinder finder = new LegacyExtensionFinder(this);
        addPluginStateListener(finder);
        return finder;
    }

    @Override
    protected PluginStatusProvider createPluginStatusProvider() {
        return new PluginStatusProvider() {
            @Override
            public boolean isPluginDisabled(String pluginId) {
                return false;
            }

            @Override
            public void disablePlugin(String pluginId) {
                // removing the jar is how a plugin is disabled here
            }

            @Override
            public void enablePlugin(String pluginId) {
                // every jar in the folder is enabled
            }
        };
    }

    @Override
    protected PluginFactory createPluginFactory() {
        return HostPluginManager::createPlugin;
    }

    private static Plugin createPlugin(PluginWrapper wrapper) {
        String name = wrapper.getDescriptor().getPluginClass();
        Class<?> type;
        try {
            type = wrapper.getPluginClassLoader().loadClass(name);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new PluginRuntimeException(e, "Plugin-Class {} cannot be loaded: {}", name, e);
        }
        if (!Plugin.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())) {
            throw new PluginRuntimeException("Plugin-Class {} is not a concrete subclass of org.pf4j.Plugin", name);
        }
        try {
            try {
                return (Plugin) type.getConstructor(PluginWrapper.class).newInstance(wrapper);
            } catch (NoSuchMethodException e) {
                return (Plugin) type.getConstructor().newInstance();
            }
        } catch (InvocationTargetException e) {
            throw new PluginRuntimeException(e.getCause(), "Plugin-Class {} failed in its constructor: {}", name, e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new PluginRuntimeException(e, "Plugin-Class {} cannot be created: {}", name, e);
        }
    }
}
