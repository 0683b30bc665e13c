package io.pauz.testsupport;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Constants;

/** Service properties as DS hands them to bind methods, for components' tests that bind services by hand. */
public final class ServiceProps {
    private static final AtomicLong SERVICE_IDS = new AtomicLong(100);

    private ServiceProps() {
    }

    /** {@code service.id} (increasing, so later registrations lose ties), {@code service.ranking} and the id property. */
    public static Map<String, Object> of(String idProperty, String id, int ranking) {
        Map<String, Object> props = new HashMap<>();
        props.put(Constants.SERVICE_ID, SERVICE_IDS.incrementAndGet());
        props.put(Constants.SERVICE_RANKING, ranking);
        props.put(idProperty, id);
        return props;
    }

    /** As {@link #of(String, String, int)} with ranking 0. */
    public static Map<String, Object> of(String idProperty, String id) {
        return of(idProperty, id, 0);
    }
}
