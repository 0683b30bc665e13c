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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.platform.Bundles;
import io.pauz.api.rest.ApiException;

/** Bundle operations shared by the REST resource and the Gogo commands. */
@Component(service = BundleControl.class, configurationPid = "io.pauz.admin")
public class BundleControl {
    private static final Logger LOG = LoggerFactory.getLogger(BundleControl.class);
    private final BundleContext context;
    /** How long a side-by-side update waits for the new revision's components before it rolls back. */
    private volatile int readySeconds;
    private final ServiceComponentRuntime scr;
    private final SideBySideInstalls sideBySide;

    @Activate
    public BundleControl(BundleContext context, AdminConfig config, @Reference ServiceComponentRuntime scr,
            @Reference SideBySideInstalls sideBySide) {
        this.context = context;
        this.scr = scr;
        this.sideBySide = sideBySide;
        configure(config);
    }

    @Modified
    void configure(AdminConfig config) {
        readySeconds = Math.max(1, config.update_ready_seconds());
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
     * Returns the bundle now serving (a new bundle after a side-by-side update) and whether it was new.
     */
    public synchronized Map.Entry<Bundle, Boolean> installOrUpdate(InputStream jar) throws IOException, BundleException {
        Path temp = Files.createTempFile("pauz-upload", ".jar");
        try {
            Files.copy(jar, temp, StandardCopyOption.REPLACE_EXISTING);
            Manifest manifest = manifest(temp);
            String bsn = symbolicName(manifest);
            Bundle existing = bySymbolicName(bsn);
            if (existing != null) {
                requireChangeable(existing);
                if (canRunSideBySide(existing, manifest)) {
                    return Map.entry(updateSideBySide(existing, temp), false);
                }
                updateInPlace(existing, temp);
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

    /** Stop, replace and start as update() would, one step at a time so that the log tells where the gap went. */
    private void updateInPlace(Bundle existing, Path jar) throws IOException, BundleException {
        long t0 = System.nanoTime();
        existing.stop(Bundle.STOP_TRANSIENT);
        long t1 = System.nanoTime();
        try (InputStream in = Files.newInputStream(jar)) {
            existing.update(in);
        }
        refresh(existing);
        long t2 = System.nanoTime();
        wiring().resolveBundles(List.of(existing));
        long t3 = System.nanoTime();
        startUnlessFragment(existing);
        long t4 = System.nanoTime();
        LOG.info("updated {} in {} ms (stop {} ms, replace {} ms, resolve {} ms, start {} ms)", existing.getSymbolicName(),
                millis(t0, t4), millis(t0, t1), millis(t1, t2), millis(t2, t3), millis(t3, t4));
    }

    /**
     * Both revisions declare {@link Bundles#SIDE_BY_SIDE}, the framework lets {@link SideBySideInstalls} allow two
     * bundles of one symbolic name and version ({@code org.osgi.framework.bsnversion} not {@code single}), the running
     * one is active, no other bundle is wired to it (an importer would keep using the old revision's classes) and it
     * registers nothing for the JAX-RS whiteboard (two revisions of a resource on the same paths would break the one
     * Jersey application, whatever the bundle declares).
     */
    private boolean canRunSideBySide(Bundle existing, Manifest upload) {
        String declared = upload.getMainAttributes().getValue(Bundles.UPDATE_HEADER);
        if (!Bundles.updatesSideBySide(existing) || declared == null || !Bundles.SIDE_BY_SIDE.equals(declared.trim())
                || Constants.FRAMEWORK_BSNVERSION_SINGLE.equals(context.getProperty(Constants.FRAMEWORK_BSNVERSION))
                || existing.getState() != Bundle.ACTIVE || Bundles.isFragment(existing)) {
            return false;
        }
        ServiceReference<?>[] registered = existing.getRegisteredServices();
        for (ServiceReference<?> r : registered == null ? new ServiceReference<?>[0] : registered) {
            for (String key : r.getPropertyKeys()) {
                if (key.startsWith("osgi.jakartars.")) {
                    return false;
                }
            }
        }
        BundleWiring wiring = existing.adapt(BundleWiring.class);
        return wiring != null && wiring.getProvidedWires(null).stream()
                .noneMatch(w -> w.getRequirer().getBundle().getBundleId() != existing.getBundleId());
    }

    /**
     * Installs and starts the new revision beside the running one, waits until every component that was up in the old
     * revision is up in the new one, then stops and uninstalls the old one: services of the old revision are there
     * until the new ones are, so dynamic references move over without a gap. If the new revision does not come up
     * within {@code update.ready.seconds} (config {@code io.pauz.admin}, 20), it is removed and the old one keeps serving (409 {@code update_not_ready}).
     */
    private Bundle updateSideBySide(Bundle existing, Path jar) throws IOException, BundleException {
        long t0 = System.nanoTime();
        Bundle next;
        try (InputStream in = Files.newInputStream(jar);
                SideBySideInstalls.Allowance allowed = sideBySide.allow(existing.getSymbolicName())) {
            next = context.installBundle("pauz:upload:" + existing.getSymbolicName() + ":" + System.currentTimeMillis(), in);
        }
        long t1 = System.nanoTime();
        List<String> notUp;
        try {
            next.adapt(BundleStartLevel.class).setStartLevel(existing.adapt(BundleStartLevel.class).getStartLevel());
            next.start();
            notUp = awaitComponents(existing, next, TimeUnit.SECONDS.toNanos(readySeconds));
        } catch (BundleException | RuntimeException e) {
            next.uninstall();
            throw e;
        }
        long t2 = System.nanoTime();
        if (!notUp.isEmpty()) {
            next.uninstall();
            LOG.warn("update of {} rolled back: components {} did not come up within {} s; the running revision serves on",
                    existing.getSymbolicName(), notUp, readySeconds);
            throw new ApiException(409, "update_not_ready", "the new revision's components " + notUp + " did not come up within "
                    + readySeconds + " s; it was removed and the running revision serves on");
        }
        existing.stop(Bundle.STOP_TRANSIENT);
        existing.uninstall();
        refresh(existing);
        long t3 = System.nanoTime();
        LOG.info("updated {} side by side in {} ms (install {} ms, start until its components are up {} ms, stop and "
                + "uninstall of the old revision {} ms)", existing.getSymbolicName(), millis(t0, t3), millis(t0, t1),
                millis(t1, t2), millis(t2, t3));
        return next;
    }

    /** Names of the components up (active or satisfied) in {@code old} that are not yet up in {@code next}. */
    private List<String> awaitComponents(Bundle old, Bundle next, long timeoutNanos) {
        Set<String> wanted = new TreeSet<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(old)) {
            if (scr.getComponentConfigurationDTOs(d).stream().anyMatch(BundleControl::up)) {
                wanted.add(d.name);
            }
        }
        long end = System.nanoTime() + timeoutNanos;
        while (true) {
            Set<String> missing = new TreeSet<>(wanted);
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(next)) {
                if (scr.getComponentConfigurationDTOs(d).stream().anyMatch(BundleControl::up)) {
                    missing.remove(d.name);
                }
            }
            if (missing.isEmpty() || System.nanoTime() > end) {
                return List.copyOf(missing);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.copyOf(missing);
            }
        }
    }

    private static boolean up(ComponentConfigurationDTO c) {
        return c.state == ComponentConfigurationDTO.ACTIVE || c.state == ComponentConfigurationDTO.SATISFIED;
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
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

    private static Manifest manifest(Path jar) {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest manifest = in.getManifest();
            if (manifest == null) {
                throw ApiException.unprocessable("invalid_bundle", "the upload is not an OSGi bundle (no manifest)");
            }
            return manifest;
        } catch (IOException e) {
            throw ApiException.unprocessable("invalid_bundle", "the upload is not a readable jar");
        }
    }

    private static String symbolicName(Manifest manifest) {
        String bsn = manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (bsn == null || bsn.isBlank()) {
            throw ApiException.unprocessable("invalid_bundle", "the upload is not an OSGi bundle (no Bundle-SymbolicName)");
        }
        int semicolon = bsn.indexOf(';');
        return (semicolon < 0 ? bsn : bsn.substring(0, semicolon)).trim();
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
