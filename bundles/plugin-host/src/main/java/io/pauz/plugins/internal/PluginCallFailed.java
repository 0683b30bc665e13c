package io.pauz.plugins.internal;

/** A call into plugin code failed; it has been logged and counted against the plugin already. */
final class PluginCallFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PluginCallFailed(String message) {
        super(message);
    }

    PluginCallFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
