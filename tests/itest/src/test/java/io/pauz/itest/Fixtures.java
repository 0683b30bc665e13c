package io.pauz.itest;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;

/**
 * Builds fixture bundles with bnd, on the runner side (bndlib is not inside the framework). The
 * bundle is what bnd-maven-plugin would produce: manifest and DS descriptor computed from annotations.
 */
public final class Fixtures {
    public static final String HELLO_BSN = "io.pauz.itest.hello";
    public static final String WORKER_BSN = "io.pauz.itest.worker";

    private Fixtures() {
    }

    /** A bundle serving GET /api/v1/hello with {@code answer}. */
    public static Path helloBundle(Path dir, String version, String answer) throws Exception {
        return helloBundle(dir, version, answer, Map.of());
    }

    /** With more manifest headers (bnd instructions), e.g. {@code Pauz-Update} or an {@code Import-Package}. */
    public static Path helloBundle(Path dir, String version, String answer, Map<String, String> headers) throws Exception {
        return build(dir, HELLO_BSN, "io.pauz.itest.fixture", version, answer, headers);
    }

    /** A bundle with {@link io.pauz.itest.fixture.worker.Worker} only (no REST resource), declared side-by-side. */
    public static Path workerBundle(Path dir, String version, String answer, Map<String, String> headers) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Pauz-Update", "side-by-side");
        return build(dir, WORKER_BSN, "io.pauz.itest.fixture.worker", version, answer, all);
    }

    private static Path build(Path dir, String bsn, String pkg, String version, String answer, Map<String, String> headers)
            throws Exception {
        Files.createDirectories(dir);
        Path out = dir.resolve(bsn + "-" + version + ".jar");
        try (Builder builder = new Builder()) {
            builder.setProperty("Bundle-SymbolicName", bsn);
            builder.setProperty("Bundle-Version", version);
            builder.setProperty("Pauz-Hello", answer);
            builder.setProperty("-privatepackage", pkg);
            builder.setProperty("-dsannotations", "*");
            headers.forEach(builder::setProperty);
            builder.addClasspath(codeSource(io.pauz.itest.fixture.HelloResource.class));
            builder.addClasspath(codeSource(jakarta.ws.rs.GET.class));
            builder.addClasspath(codeSource(io.pauz.api.rest.Public.class));
            builder.addClasspath(codeSource(org.osgi.framework.BundleContext.class));
            builder.addClasspath(codeSource(org.osgi.service.component.annotations.Component.class));
            builder.addClasspath(codeSource(org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource.class));
            Jar jar = builder.build();
            if (!builder.isOk()) {
                throw new IllegalStateException("bnd: " + builder.getErrors());
            }
            jar.write(out.toFile());
        }
        return out;
    }

    private static File codeSource(Class<?> type) throws Exception {
        return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
