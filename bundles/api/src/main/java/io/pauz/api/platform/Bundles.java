package io.pauz.api.platform;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/** How PAUZ reports bundles (state names as the Felix shell prints them) and how it updates them. */
public final class Bundles {
    /**
     * Manifest header by which a bundle declares how an update through the admin API may replace it. With
     * {@value #SIDE_BY_SIDE} the new revision is installed and started beside the running one, which serves until the
     * new one's components are up and only then stops: no gap in service. A bundle declares it only when two revisions
     * of it can run at once for a moment: nothing in it claims a resource only one may hold, nothing it does at start
     * undoes the work of a running revision (use {@link #otherRevisionRunning}), and its schema migrations only add.
     * A bundle that registers JAX-RS whiteboard services (resources, extensions) is always updated in place: two
     * revisions of a resource cannot share the application.
     * Without the header (or when other bundles import packages from it) the update stops, replaces and starts the
     * bundle in place.
     */
    public static final String UPDATE_HEADER = "Pauz-Update";
    /** Value of {@link #UPDATE_HEADER}: the bundle may run beside its next revision while it is updated. */
    public static final String SIDE_BY_SIDE = "side-by-side";

    private Bundles() {
    }

    public static String stateName(Bundle bundle) {
        return switch (bundle.getState()) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            default -> "UNINSTALLED";
        };
    }

    /** Fragments never become ACTIVE; they count as running when resolved. */
    public static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }

    /** Whether the bundle declares {@link #SIDE_BY_SIDE} updates. */
    public static boolean updatesSideBySide(Bundle bundle) {
        String value = bundle.getHeaders("").get(UPDATE_HEADER);
        return value != null && SIDE_BY_SIDE.equals(value.trim());
    }

    /**
     * Whether another revision of the calling bundle (same symbolic name, another bundle) is starting, active or
     * stopping: during a {@link #SIDE_BY_SIDE} update the new revision starts while the old one still works. Work a
     * bundle does at start to recover from a crash (jobs left running, temp files) belongs to that revision then, not
     * to a crash.
     */
    public static boolean otherRevisionRunning(BundleContext context) {
        Bundle self = context.getBundle();
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() != self.getBundleId() && self.getSymbolicName().equals(b.getSymbolicName())
                    && (b.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0) {
                return true;
            }
        }
        return false;
    }
}
