package io.pauz.plugins.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.ServiceRegistration;
import org.pf4j.PluginManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One jar of the plugins folder: what was loaded from it, the services it provides and what went wrong. */
final class LoadedPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(LoadedPlugin.class);
    static final int KEPT_ERRORS = 20;

    enum State {
        /** Loaded, every service registered, no error so far. */
        ACTIVE,
        /** Loaded and serving, but an extension could not be made or a call into plugin code failed. */
        FAILING,
        /** Not loaded: a bad jar, a plugin class that cannot start, no usable extension. */
        FAILED
    }

    record Provided(String type, String id, String extension, ServiceRegistration<?> registration) {
    }

    record Failure(Instant time, String message) {
    }

    final Path file;
    final FileStamp stamp;
    volatile PluginJar descriptor;
    volatile PluginManager manager;
    volatile ClassLoader classLoader;
    volatile boolean loaded;
    volatile boolean closed;
    /** Not loaded because another jar has its plugin id: retried once that one is gone. */
    volatile boolean duplicateId;
    final List<Provided> services = new CopyOnWriteArrayList<>();
    private final Deque<Failure> errors = new ArrayDeque<>();
    private final AtomicLong errorCount = new AtomicLong();

    LoadedPlugin(Path file, FileStamp stamp) {
        this.file = file;
        this.stamp = stamp;
    }

    String label() {
        PluginJar d = descriptor;
        return d == null ? file.getFileName().toString() : d.id() + "@" + d.version();
    }

    State state() {
        if (!loaded) {
            return State.FAILED;
        }
        return errorCount.get() > 0 ? State.FAILING : State.ACTIVE;
    }

    void error(String message, Throwable cause) {
        errorCount.incrementAndGet();
        synchronized (errors) {
            errors.addLast(new Failure(Instant.now(), message));
            while (errors.size() > KEPT_ERRORS) {
                errors.removeFirst();
            }
        }
        if (cause == null) {
            LOG.warn("plugin {} ({}): {}", label(), file.getFileName(), message);
        } else {
            LOG.warn("plugin {} ({}): {}", label(), file.getFileName(), message, cause);
        }
    }

    long errorCount() {
        return errorCount.get();
    }

    List<Failure> errors() {
        synchronized (errors) {
            return new ArrayList<>(errors);
        }
    }

    /** "Type: message (caused by Type: message)" of a failure from plugin code, the root cause being the telling part. */
    static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? t.toString() : t + " (caused by " + root + ")";
    }
}
