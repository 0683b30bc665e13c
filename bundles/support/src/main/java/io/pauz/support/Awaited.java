package io.pauz.support;

import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;

import io.pauz.api.rest.ApiException;

/**
 * A dynamic reference read by a request: when the service is away for a moment (its bundle or a dependency such as
 * the bucket provider is being updated, its configuration changed, SCR re-wires it), the request waits a little for
 * it to come back instead of failing at once. Only when it stays away longer does the caller answer 503.
 * <p>
 * It never waits while the caller's own bundle is stopping: a request waiting there would hold the Jakarta REST
 * whiteboard's read lock, and the rebuild that removes the leaving resource (a write lock) would stall every other
 * request behind it. Nor while the framework starts: the caller may be the start-level thread itself (a component
 * activating), which would wait the whole grace for a bundle that only it can start.
 */
public final class Awaited {
    /**
     * How long a request waits for a service that is away: longer than the restarts measured (2-4 s), still bounded.
     * System property {@code pauz.service.grace.millis} (unit tests of the 503 path set it low).
     */
    public static final long GRACE_MILLIS = Long.getLong("pauz.service.grace.millis", 5_000);
    private static final long POLL_MILLIS = 10;

    private Awaited() {
    }

    /** {@code current}'s value, waiting up to {@link #GRACE_MILLIS} while it is null; null if it stayed away. */
    public static <T> T service(Supplier<T> current) {
        return service(current, GRACE_MILLIS);
    }

    /** {@code current}'s value, waiting up to {@code maxMillis} while it is null; null if it stayed away. */
    public static <T> T service(Supplier<T> current, long maxMillis) {
        T value = current.get();
        if (value != null) {
            return value;
        }
        long end = System.nanoTime() + maxMillis * 1_000_000;
        Bundle owner = FrameworkUtil.getBundle(current.getClass()); // the lambda's class lives in the caller's bundle
        if (owner != null && frameworkStarting(owner)) {
            return null;
        }
        try {
            while (value == null && System.nanoTime() < end && (owner == null || owner.getState() == Bundle.ACTIVE)) {
                Thread.sleep(POLL_MILLIS);
                value = current.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return value;
    }

    private static boolean frameworkStarting(Bundle owner) {
        BundleContext context = owner.getBundleContext();
        Bundle framework = context == null ? null : context.getBundle(Constants.SYSTEM_BUNDLE_ID);
        return framework != null && framework.getState() == Bundle.STARTING;
    }

    /**
     * {@code current}'s value as {@link #service(Supplier)} waits for it; when it stays away, the 503 a resource
     * answers then, with the error {@code code} and {@code message}.
     */
    public static <T> T required(Supplier<T> current, String code, String message) {
        T value = service(current);
        if (value == null) {
            throw ApiException.unavailable(code, message);
        }
        return value;
    }
}
