package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.nio.file.Path;
import java.time.Duration;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import io.pauz.api.identity.Sessions;

/**
 * Base of the in-framework tests: one Felix per test class, booted with the runtime's bundles, and
 * an HTTP client on the class's port, ready once health answers.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public abstract class PauzTestBase {
    @Inject
    protected BundleContext context;
    protected Http http;

    /** Health UP (every bundle active, storage present) and the accounts feature serving sessions. */
    @Before
    public void awaitPlatform() throws InterruptedException {
        http = new Http(Integer.parseInt(context.getProperty("org.osgi.service.http.port")));
        Http.Reply health = http.await("health", r -> r.status() == 200 && r.body().startsWith("{\"status\":\"UP\""),
                Duration.ofSeconds(60));
        assertEquals("platform did not come up: " + health.body(), 200, health.status());
        awaitStableRestApplication();
        ServiceTracker<Sessions, Sessions> accounts = new ServiceTracker<>(context, Sessions.class, null);
        accounts.open();
        try {
            assertNotNull("accounts did not start", accounts.waitForService(60_000));
        } finally {
            accounts.close();
        }
    }

    protected Path workDir() {
        return Path.of(context.getProperty("pauz.test.work"));
    }

    /** Runner side: a fresh work folder for one test class. */
    protected static Path newWorkDir(Class<?> testClass) {
        try {
            return java.nio.file.Files.createTempDirectory(Path.of("target").toAbsolutePath(),
                    testClass.getSimpleName() + "-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Stops the bundle, sends {@code request} meanwhile, checks that it waits rather than failing, starts the bundle
     * again and returns the request's answer: a feature's REST resource lives in a bundle of its own and waits for
     * the service its logic bundle registers.
     */
    protected Http.Reply answeredWhileStopped(String symbolicName, java.util.function.Supplier<Http.Reply> request)
            throws Exception {
        org.osgi.framework.Bundle bundle = java.util.Arrays.stream(context.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst().orElseThrow();
        bundle.stop();
        java.util.concurrent.CompletableFuture<Http.Reply> waiting;
        try {
            waiting = java.util.concurrent.CompletableFuture.supplyAsync(request);
            Thread.sleep(300);
            org.junit.Assert.assertFalse("the request waits while " + symbolicName + " is away", waiting.isDone());
        } finally {
            bundle.start();
        }
        return waiting.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /**
     * A service, waiting up to {@code seconds}; on time-out the assertion lists every Declarative Services component
     * that is not active and the references it misses, so a failure says why instead of only "gave up waiting".
     */
    protected <T> T service(Class<T> type, String filter, int seconds) throws Exception {
        String f = "(&(objectClass=" + type.getName() + ")" + (filter == null ? "" : filter) + ")";
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, context.createFilter(f), null);
        tracker.open();
        try {
            T found = tracker.waitForService(seconds * 1000L);
            if (found == null) {
                throw new AssertionError("no " + f + " after " + seconds + " s; inactive components: " + inactiveComponents());
            }
            return found;
        } finally {
            tracker.close();
        }
    }

    /**
     * Waits until every configuration of a DS component is satisfied with its references to {@code type} bound to
     * exactly the service {@code serviceId}: SCR re-wires components one by one after a provider changes, and a
     * request served before that settles may still reach the old provider.
     */
    protected void awaitBound(String component, Class<?> type, long serviceId, int seconds) throws Exception {
        var ref = context.getServiceReference(org.osgi.service.component.runtime.ServiceComponentRuntime.class);
        var scr = context.getService(ref);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        String seen = "";
        try {
            while (System.nanoTime() < end) {
                StringBuilder state = new StringBuilder();
                boolean settled = false;
                for (var description : scr.getComponentDescriptionDTOs()) {
                    if (!description.name.equals(component)) {
                        continue;
                    }
                    var configs = scr.getComponentConfigurationDTOs(description);
                    settled = !configs.isEmpty();
                    for (var config : configs) {
                        state.append(" state=").append(config.state);
                        boolean ok = config.state == org.osgi.service.component.runtime.dto.ComponentConfigurationDTO.ACTIVE
                                || config.state == org.osgi.service.component.runtime.dto.ComponentConfigurationDTO.SATISFIED;
                        for (var bound : config.satisfiedReferences) {
                            boolean ofType = java.util.Arrays.stream(description.references)
                                    .anyMatch(r -> r.name.equals(bound.name) && r.interfaceName.equals(type.getName()));
                            if (ofType) {
                                state.append(' ').append(bound.name).append("->");
                                for (var s : bound.boundServices) {
                                    state.append(s.id).append(' ');
                                }
                                ok &= bound.boundServices.length == 1 && bound.boundServices[0].id == serviceId;
                            }
                        }
                        settled &= ok;
                    }
                }
                seen = state.toString();
                if (settled) {
                    return;
                }
                Thread.sleep(50);
            }
            throw new AssertionError(component + " not bound to service " + serviceId + " after " + seconds + " s:" + seen);
        } finally {
            context.ungetService(ref);
        }
    }

    protected String inactiveComponents() {
        var ref = context.getServiceReference(org.osgi.service.component.runtime.ServiceComponentRuntime.class);
        if (ref == null) {
            return "(no SCR)";
        }
        var scr = context.getService(ref);
        StringBuilder sb = new StringBuilder();
        for (var description : scr.getComponentDescriptionDTOs()) {
            for (var config : scr.getComponentConfigurationDTOs(description)) {
                if (config.state != org.osgi.service.component.runtime.dto.ComponentConfigurationDTO.ACTIVE
                        && config.state != org.osgi.service.component.runtime.dto.ComponentConfigurationDTO.SATISFIED) {
                    sb.append("\n  ").append(description.name).append(" state=").append(config.state);
                    for (var missing : config.unsatisfiedReferences) {
                        sb.append(" missing ").append(missing.name).append(' ').append(missing.target);
                    }
                    if (config.failure != null) {
                        sb.append(" failure=").append(config.failure.lines().findFirst().orElse(""));
                    }
                }
            }
        }
        context.ungetService(ref);
        return sb.toString();
    }

    /**
     * Every whiteboard change rebuilds the Jersey application; health can be UP while late feature bundles still
     * register resources. Waits until the REST runtime's change count has been still for a second (at most 20 s).
     */
    protected void awaitStableRestApplication() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Object last = null;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < end) {
            var ref = context.getServiceReference(org.osgi.service.jakartars.runtime.JakartarsServiceRuntime.class);
            Object count = ref == null ? null : ref.getProperty("service.changecount");
            if (count == null || !count.equals(last)) {
                last = count;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > Duration.ofSeconds(1).toNanos()) {
                return;
            }
            Thread.sleep(100);
        }
    }
}
