package io.pauz.plugins.internal;

import java.util.List;

/** The JSON of {@code GET /api/v1/admin/plugins}. */
public final class PluginViews {
    private PluginViews() {
    }

    public record Listing(String dir, List<PluginView> plugins) {
    }

    /** One jar; id and version are null when the jar did not say (a bad jar). */
    public record PluginView(String id, String version, String provider, String description, String file, String state,
            List<ServiceView> services, long errorCount, List<ErrorView> errors) {
    }

    public record ServiceView(String type, String id, String extension) {
    }

    public record ErrorView(String time, String message) {
    }

    static PluginView of(LoadedPlugin p) {
        PluginJar d = p.descriptor;
        return new PluginView(d == null ? null : d.id(), d == null ? null : d.version(), d == null ? null : d.provider(),
                d == null ? null : d.description(), p.file.getFileName().toString(), p.state().name(),
                p.services.stream().map(s -> new ServiceView(s.type(), s.id(), s.extension())).toList(), p.errorCount(),
                p.errors().stream().map(e -> new ErrorView(e.time().toString(), e.message())).toList());
    }
}
