package io.pauz.api.platform;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/** How PAUZ reports bundles: state names as the Felix shell prints them. */
public final class Bundles {
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
}
