package io.pauz.garden.internal;

import java.util.Map;

import org.osgi.framework.Constants;

/** Orders services by ranking (highest first), then by id (oldest first), as the framework would. */
record ServiceKey(int ranking, long id, String name) implements Comparable<ServiceKey> {
    static ServiceKey of(Map<String, Object> props, String nameProperty) {
        Object r = props.get(Constants.SERVICE_RANKING);
        Object n = props.get(nameProperty);
        Object id = props.get(Constants.SERVICE_ID);
        return new ServiceKey(r instanceof Integer i ? i : 0, id instanceof Long l ? l : 0L, n == null ? "" : n.toString());
    }

    @Override
    public int compareTo(ServiceKey o) {
        int c = Integer.compare(o.ranking, ranking);
        return c != 0 ? c : Long.compare(id, o.id);
    }
}
