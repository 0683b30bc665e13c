package io.pauz.plugins.internal;

import java.util.function.Supplier;

/** Runs one call into plugin code, recording what goes wrong against the plugin. */
record Guard(LoadedPlugin plugin, String what) {

    <T> T call(String method, Supplier<T> call) {
        if (plugin.closed) {
            throw new PluginCallFailed(what + " is gone: its plugin " + plugin.label() + " was removed or replaced");
        }
        T result;
        try {
            result = call.get();
        } catch (RuntimeException | LinkageError e) {
            String message = what + ": " + method + " failed: " + LoadedPlugin.describe(e);
            plugin.error(message, e);
            throw new PluginCallFailed(message, e);
        }
        if (result == null) {
            String message = what + ": " + method + " returned null";
            plugin.error(message, null);
            throw new PluginCallFailed(message);
        }
        return result;
    }
}
