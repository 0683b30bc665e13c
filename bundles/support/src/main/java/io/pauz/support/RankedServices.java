package io.pauz.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

import org.osgi.framework.Constants;

/**
 * The services bound by a dynamic MULTIPLE reference, in the order the framework would pick them: highest
 * {@code service.ranking} first, then lowest {@code service.id}. Each carries the name its id property gives, so a
 * configuration can ask for one by name. Safe for DS bind/unbind threads and readers at the same time.
 *
 * @param <S> the service type
 */
public final class RankedServices<S> {
    /** A bound service and its name ({@code ""} when it has none). */
    public record Ranked<S>(String name, S service) {
    }

    private record Key(int ranking, long id) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Integer.compare(o.ranking, ranking);
            return c != 0 ? c : Long.compare(id, o.id);
        }
    }

    private final String idProperty;
    private final Function<? super S, String> defaultName;
    private final ConcurrentSkipListMap<Key, Ranked<S>> services = new ConcurrentSkipListMap<>();

    /** @param idProperty the service property that names a service, e.g. {@code pauz.mood.analyzer} */
    public RankedServices(String idProperty) {
        this(idProperty, s -> "");
    }

    /**
     * @param defaultName the name of a service registered without the id property; called once, when it is added
     */
    public RankedServices(String idProperty, Function<? super S, String> defaultName) {
        this.idProperty = Objects.requireNonNull(idProperty);
        this.defaultName = Objects.requireNonNull(defaultName);
    }

    /** The DS bind method's body. */
    public void add(S service, Map<String, Object> props) {
        Object n = props.get(idProperty);
        String name = n == null || n.toString().isEmpty() ? defaultName.apply(service) : n.toString();
        services.put(key(props), new Ranked<>(name == null ? "" : name, service));
    }

    /** The DS unbind method's body: drops the service these properties registered (by service.id). */
    public void remove(Map<String, Object> props) {
        // By id alone: the ranking may have been changed since the service was added.
        long id = key(props).id();
        services.keySet().removeIf(k -> k.id() == id);
    }

    /** Drops this service object, whatever properties it was added with. */
    public void remove(S service) {
        services.values().removeIf(r -> r.service() == service);
    }

    /** The highest ranked service, or null when none is bound. */
    public S highest() {
        Map.Entry<Key, Ranked<S>> first = services.firstEntry();
        return first == null ? null : first.getValue().service();
    }

    /** The highest ranked service with this name, or null. */
    public S named(String name) {
        for (Ranked<S> r : services.values()) {
            if (r.name().equals(name)) {
                return r.service();
            }
        }
        return null;
    }

    /**
     * A configured choice: the service named {@code wanted} (surrounding blanks ignored), or the highest ranked when
     * {@code wanted} is null or blank; null when there is no such service.
     */
    public S pick(String wanted) {
        return wanted == null || wanted.isBlank() ? highest() : named(wanted.strip());
    }

    /** Whether this service object is bound right now. */
    public boolean contains(S service) {
        return services.values().stream().anyMatch(r -> r.service() == service);
    }

    /** A snapshot of the bound services, highest ranked first. */
    public List<Ranked<S>> all() {
        return new ArrayList<>(services.values());
    }

    private static Key key(Map<String, Object> props) {
        Object r = props.get(Constants.SERVICE_RANKING);
        Object id = props.get(Constants.SERVICE_ID);
        return new Key(r instanceof Integer i ? i : 0, id instanceof Long l ? l : 0L);
    }
}
