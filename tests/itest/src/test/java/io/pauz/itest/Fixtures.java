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

    private Fixtures() {
    }

    /** A bundle serving GET /api/v1/hello with {@code answer}. */
    public static Path helloBundle(Path dir, String version, String answer) throws Exception {
        return helloBundle(dir, version, answer, Map.of());
    }

    /** With more manifest headers (bnd instructions), e.g. {@code Pauz-Update} or an {@code Import-Package}. */
    public static Path helloBundle(Path dir, String version, String answer, Map<String, String> headers) throws Exception {
        Files.createDirectories(dir);
        Path out = dir.resolve(HELLO_BSN + "-" + version + ".jar");
        try (Builder builder = new Builder()) {
            builder.setProperty("Bundle-SymbolicName", HELLO_BSN);
            builder.setProperty("Bundle-Version", version);
            builder.setProperty("Pauz-Hello", answer);
            builder.setProperty("-privatepackage", "io.pauz.itest.fixture");
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
