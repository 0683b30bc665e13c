package io.pauz.platform.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Jersey, HK2 and the REST whiteboard log through java.util.logging: route those records into the one slf4j log
 * (same format, levels set in one place). Needs no configuration, so it is active as soon as this bundle starts,
 * before the REST stack builds its first application.
 */
@Component(service = {}, immediate = true)
public class JulBridge {
    @Activate
    void activate() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    @Deactivate
    void deactivate() {
        SLF4JBridgeHandler.uninstall();
    }
}
