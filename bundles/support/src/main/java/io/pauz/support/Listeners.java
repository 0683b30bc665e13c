package io.pauz.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.osgi.service.component.ComponentServiceObjects;

/**
 * Whiteboard listeners bound as {@link ComponentServiceObjects}, so binding one does not create it.
 * <p>
 * Why: listeners of a service usually reference that service back (stats listens to the journal and reads it). If the
 * service's activation obtained each listener, and a listener's activation obtained the service, two threads building
 * that graph in opposite order (the start-level thread and the Jakarta REST whiteboard, say) each wait for the object
 * the other is creating: Felix blocks both forever and the platform never serves. Here a listener object is obtained on
 * the first event it receives, off any activation path, and released when it is unbound.
 *
 * @param <L> the listener type
 */
public final class Listeners<L> {
    private final Map<ComponentServiceObjects<L>, Holder<L>> bound = new ConcurrentHashMap<>();

    private static final class Holder<L> {
        private final ComponentServiceObjects<L> objects;
        private L listener;
        private boolean released;

        Holder(ComponentServiceObjects<L> objects) {
            this.objects = objects;
        }

        synchronized L get() {
            if (listener == null && !released) {
                listener = objects.getService();
            }
            return released ? null : listener;
        }

        synchronized void release() {
            released = true;
            if (listener != null) {
                try {
                    objects.ungetService(listener);
                } catch (IllegalStateException | IllegalArgumentException gone) {
                    // the providing bundle stopped first
                }
                listener = null;
            }
        }
    }

    /** Call from the reference's bind method. */
    public void add(ComponentServiceObjects<L> objects) {
        bound.put(objects, new Holder<>(objects));
    }

    /** Call from the reference's unbind method. */
    public void remove(ComponentServiceObjects<L> objects) {
        Holder<L> holder = bound.remove(objects);
        if (holder != null) {
            holder.release();
        }
    }

    public boolean isEmpty() {
        return bound.isEmpty();
    }

    /**
     * Hands every bound listener to {@code call}, obtaining it first if this is its first event. A listener that cannot
     * be obtained (its component failed to activate) is skipped; {@code failed} hears about it and about any exception
     * {@code call} throws, and the other listeners still get the event.
     */
    public void forEach(Consumer<? super L> call, FailureHandler failed) {
        for (Holder<L> holder : List.copyOf(bound.values())) {
            L listener = null;
            try {
                listener = holder.get();
                if (listener != null) {
                    call.accept(listener);
                }
            } catch (RuntimeException e) {
                failed.failed(listener, e);
            }
        }
    }

    /** Told about a listener that failed; {@code listener} is null when it could not be obtained. */
    @FunctionalInterface
    public interface FailureHandler {
        void failed(Object listener, RuntimeException error);
    }
}
