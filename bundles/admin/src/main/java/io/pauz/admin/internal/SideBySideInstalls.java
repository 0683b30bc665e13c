package io.pauz.admin.internal;

import java.util.Collection;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.hooks.bundle.CollisionHook;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Lets the admin API, and nothing else, install a second bundle with the symbolic name and version of a running one:
 * the new revision of a side-by-side update. The framework stays at its default {@code bsnversion=managed}, so a jar
 * dropped into the deploy folder that duplicates an installed bundle is still refused instead of running twice.
 */
@Component(service = { CollisionHook.class, SideBySideInstalls.class })
public class SideBySideInstalls implements CollisionHook {
    private final Bundle admin;
    private volatile String allowed;

    @Activate
    public SideBySideInstalls(BundleContext context) {
        this.admin = context.getBundle();
    }

    /** An allowance in force until closed. */
    interface Allowance extends AutoCloseable {
        @Override
        void close();
    }

    /** Until the allowance is closed, installs by this bundle may duplicate bundles named {@code symbolicName}. */
    Allowance allow(String symbolicName) {
        allowed = symbolicName;
        return () -> allowed = null;
    }

    @Override
    public void filterCollisions(int operationType, Bundle target, Collection<Bundle> collisionCandidates) {
        String name = allowed;
        if (operationType == CollisionHook.INSTALLING && name != null && admin.equals(target)) {
            collisionCandidates.removeIf(b -> name.equals(b.getSymbolicName()));
        }
    }
}
