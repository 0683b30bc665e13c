package io.pauz.admin.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.platform.Bundles;
import io.pauz.api.rest.ApiException;

/** Bundle operations shared by the REST resource and the Gogo commands. */
@Component(service = BundleControl.class)
public class BundleControl {
    private static final Logger LOG = LoggerFactory.getLogger(BundleControl.class);
    private final BundleContext context;

    @Activate
    public BundleControl(BundleContext context) {
        this.context = context;
    }

    public List<Map<String, Object>> list() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            rows.add(describe(b));
        }
        return rows;
    }

    public Bundle get(long id) {
        Bundle b = context.getBundle(id);
        if (b == null) {
            throw ApiException.notFound("bundle_not_found", "no bundle with id " + id);
        }
        return b;
    }

    /**
     * Installs a jar, or updates the installed bundle of the same symbolic name, then starts it.
     * Returns the bundle and whether it was new.
     */
    public Map.Entry<Bundle, Boolean> installOrUpdate(InputStream jar) throws IOException, BundleException {
        Path temp = Files.createTempFile("pauz-upload", ".jar");
        try {
            Files.copy(jar, temp, StandardCopyOption.REPLACE_EXISTING);
            String bsn = symbolicName(temp);
            Bundle existing = bySymbolicName(bsn);
            if (existing != null) {
                requireChangeable(existing);
                // Stop, replace and start as update() would, one step at a time so that the log tells an operator
                // where an update's gap in service went.
                long t0 = System.nanoTime();
                existing.stop(Bundle.STOP_TRANSIENT);
                long t1 = System.nanoTime();
                try (InputStream in = Files.newInputStream(temp)) {
                    existing.update(in);
                }
                refresh(existing);
                long t2 = System.nanoTime();
                wiring().resolveBundles(List.of(existing));
                long t3 = System.nanoTime();
                startUnlessFragment(existing);
                long t4 = System.nanoTime();
                LOG.info("updated {} in {} ms (stop {} ms, replace {} ms, resolve {} ms, start {} ms)", bsn,
                        (t4 - t0) / 1_000_000, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
                        (t4 - t3) / 1_000_000);
                return Map.entry(existing, false);
            }
            Bundle installed;
            try (InputStream in = Files.newInputStream(temp)) {
                installed = context.installBundle("pauz:upload:" + bsn, in);
            }
            try {
                startUnlessFragment(installed);
            } catch (BundleException e) {
                installed.uninstall();
                throw e;
            }
            return Map.entry(installed, true);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public void start(Bundle b) throws BundleException {
        requireChangeable(b);
        startUnlessFragment(b);
    }

    public void stop(Bundle b) throws BundleException {
        requireChangeable(b);
        b.stop();
    }

    public void update(Bundle b) throws BundleException {
        requireChangeable(b);
        b.update();
        refresh(b);
    }

    public void uninstall(Bundle b) throws BundleException {
        requireChangeable(b);
        b.uninstall();
        refresh(b);
    }

    /**
     * Refreshes the changed bundle and only what is wired to it, and waits until that is done; nothing when no other
     * bundle still uses its old revision. Then the update's own stop and start were all it took: a refresh would stop
     * and start the bundle a second time (another gap in its service, two more REST application rebuilds).
     */
    void refresh(Bundle changed) {
        FrameworkWiring wiring = wiring();
        if (!wiring.getRemovalPendingBundles().contains(changed)) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(List.of(changed), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        try {
            done.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private FrameworkWiring wiring() {
        return context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
    }

    private void requireChangeable(Bundle b) {
        if (b.getBundleId() == 0 || b.equals(context.getBundle())) {
            throw new ApiException(409, "bundle_protected", "bundle " + b.getBundleId() + " cannot be changed here");
        }
    }

    private static void startUnlessFragment(Bundle b) throws BundleException {
        if (!Bundles.isFragment(b)) {
            b.start();
        }
    }

    private Bundle bySymbolicName(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private static String symbolicName(Path jar) {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest manifest = in.getManifest();
            String bsn = manifest == null ? null : manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (bsn == null || bsn.isBlank()) {
                throw ApiException.unprocessable("invalid_bundle", "the upload is not an OSGi bundle (no Bundle-SymbolicName)");
            }
            int semicolon = bsn.indexOf(';');
            return (semicolon < 0 ? bsn : bsn.substring(0, semicolon)).trim();
        } catch (IOException e) {
            throw ApiException.unprocessable("invalid_bundle", "the upload is not a readable jar");
        }
    }

    static Map<String, Object> describe(Bundle b) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", b.getBundleId());
        row.put("symbolicName", b.getSymbolicName());
        row.put("version", b.getVersion().toString());
        row.put("state", Bundles.stateName(b));
        row.put("location", b.getLocation());
        row.put("fragment", Bundles.isFragment(b));
        return row;
    }
}
