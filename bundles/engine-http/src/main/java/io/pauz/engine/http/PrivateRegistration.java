package io.pauz.engine.http;

import java.util.Dictionary;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * At most one service registered from code instead of by DS. Engines whose configuration holds an API key
 * use it: DS copies every configuration property onto the services it registers, where any bundle or shell
 * can read them. Offering again while registered reconfigures the same service object in place, so
 * consumers keep their reference across configuration changes.
 */
public final class PrivateRegistration<S> {
    private final BundleContext context;
    private final Class<S> type;
    private S service;
    private ServiceRegistration<S> registration;

    public PrivateRegistration(BundleContext context, Class<S> type) {
        this.context = context;
        this.type = type;
    }

    /**
     * Registers a service made by {@code create}, or applies {@code reconfigure} to the registered one.
     *
     * @return {@code true} when a new service was registered
     */
    public synchronized boolean offer(Supplier<? extends S> create, Consumer<? super S> reconfigure,
            Dictionary<String, ?> properties) {
        if (registration == null) {
            service = create.get();
            registration = context.registerService(type, service, properties);
            return true;
        }
        reconfigure.accept(service);
        registration.setProperties(properties);
        return false;
    }

    /** Unregisters the service, if any. */
    public synchronized void withdraw() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework took it down already
            }
            registration = null;
            service = null;
        }
    }

    public synchronized boolean offered() {
        return registration != null;
    }
}
