package io.pauz.stats.internal;

import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands {@code pauz:stats-rebuild [userId]} and {@code pauz:stats-reports [userId]}. Gogo maps a function name
 * to a method name, which cannot hold a hyphen, so each command is its own {@link Function} service.
 */
final class StatsCommands {
    private StatsCommands() {
    }

    static String format(Map<String, Object> result) {
        StringBuilder sb = new StringBuilder();
        result.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }

    static String user(List<Object> args) {
        return args == null || args.isEmpty() || args.get(0) == null ? null : args.get(0).toString();
    }

    @Component(service = Function.class, property = { "osgi.command.scope=pauz", "osgi.command.function=stats-rebuild" })
    public static class Rebuild implements Function {
        private final StatsService stats;

        @Activate
        public Rebuild(@Reference StatsService stats) {
            this.stats = stats;
        }

        @Override
        public Object execute(CommandSession session, List<Object> args) {
            String user = user(args);
            return format(user == null ? stats.rebuildAll() : stats.rebuildOne(user));
        }
    }

    @Component(service = Function.class, property = { "osgi.command.scope=pauz", "osgi.command.function=stats-reports" })
    public static class ReportsNow implements Function {
        private final StatsService stats;

        @Activate
        public ReportsNow(@Reference StatsService stats) {
            this.stats = stats;
        }

        @Override
        public Object execute(CommandSession session, List<Object> args) {
            return format(stats.reports.run(user(args)));
        }
    }
}
