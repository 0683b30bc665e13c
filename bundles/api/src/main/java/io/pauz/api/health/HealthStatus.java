package io.pauz.api.health;

import java.util.Map;

/** A state and what explains it. */
public record HealthStatus(State state, String message, Map<String, Object> details) {
    public enum State {
        UP, DEGRADED, DOWN
    }

    public HealthStatus {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static HealthStatus up(String message) {
        return new HealthStatus(State.UP, message, Map.of());
    }

    public static HealthStatus down(String message) {
        return new HealthStatus(State.DOWN, message, Map.of());
    }
}
