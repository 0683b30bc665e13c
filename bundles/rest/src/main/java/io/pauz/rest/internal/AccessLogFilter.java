package io.pauz.rest.internal;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One line per request on logger {@code io.pauz.access}: method, path, status, milliseconds. */
@Component(service = { ContainerRequestFilter.class, ContainerResponseFilter.class }, configurationPid = RestConfig.PID)
@JakartarsExtension
@JakartarsName("pauz.accesslog")
@PreMatching
public class AccessLogFilter implements ContainerRequestFilter, ContainerResponseFilter {
    static final String START = "pauz.start.nanos";
    private static final Logger ACCESS = LoggerFactory.getLogger("io.pauz.access");
    private volatile boolean enabled;

    @Activate
    @Modified
    void configure(RestConfig config) {
        enabled = config.access_log();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(START, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!enabled || !ACCESS.isInfoEnabled()) {
            return;
        }
        Object start = request.getProperty(START);
        double millis = start instanceof Long s ? (System.nanoTime() - s) / 1e6 : -1;
        ACCESS.info("{} /{} {} {}ms", request.getMethod(), request.getUriInfo().getPath(), response.getStatus(),
                String.format("%.1f", millis));
    }
}
