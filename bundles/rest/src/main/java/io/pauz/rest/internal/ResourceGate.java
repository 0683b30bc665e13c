package io.pauz.rest.internal;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Path;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jakartars.runtime.JakartarsServiceRuntime;
import org.osgi.service.jakartars.runtime.dto.ApplicationDTO;
import org.osgi.service.jakartars.runtime.dto.ResourceDTO;
import org.osgi.service.jakartars.runtime.dto.RuntimeDTO;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.osgi.util.tracker.ServiceTracker;

import io.pauz.api.rest.RestConstants;

/**
 * Holds a request for a path whose REST resource is being replaced (its bundle updated in place, e.g.
 * {@code io.pauz.journal.rest}) until the whiteboard serves the replacement, instead of letting it reach the Jersey
 * application while the resource is missing from it (a 404 that says the entry does not exist). A resource that goes
 * away marks its route, the fixed start of its {@code @Path} ({@code journal}, {@code admin/stats}); the mark ends when
 * a resource of that route is listed in the whiteboard's runtime DTO, which the whiteboard updates after it has
 * reloaded the application. A request waits at
 * most {@link #WAIT_NANOS}, then goes on as it would have. Only a resource whose bundle may bring it back holds
 * requests (see {@link #mayComeBack}): a feature stopped or uninstalled answers 404 as before. Requests for other paths are never held, and while nothing is being replaced the check is
 * one empty-map test.
 */
@Component(service = Preprocessor.class, immediate = true)
public class ResourceGate implements Preprocessor {
    static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final long REMOVED_NANOS = TimeUnit.SECONDS.toNanos(30);
    static final long STOPPED_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final String PREFIX = RestConstants.BASE_PATH + "/";

    /** The resources of one route. */
    private static final class Route {
        final Set<Long> services = new HashSet<>();
        long awaySince; // 0 while a resource is served
        Bundle leaving; // the bundle of the resource that went last
        long leavingModified; // its last-modified time then: an update changes it
    }

    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    /** Routes whose resource is away or not yet served again: requests for them wait. */
    private final Map<String, Long> unsettled = new ConcurrentHashMap<>();
    private final ServiceTracker<Object, String> resources;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile JakartarsServiceRuntime runtime;

    @Activate
    public ResourceGate(BundleContext context) throws InvalidSyntaxException {
        this.resources = new ServiceTracker<>(context, context.createFilter("(osgi.jakartars.resource=true)"), null) {
            @Override
            public String addingService(ServiceReference<Object> reference) {
                String route = routeOf(reference);
                if (route != null) {
                    added(route, (Long) reference.getProperty(Constants.SERVICE_ID));
                }
                return route;
            }

            @Override
            public void removedService(ServiceReference<Object> reference, String route) {
                if (route != null) {
                    removed(route, (Long) reference.getProperty(Constants.SERVICE_ID), reference.getBundle());
                }
            }
        };
        resources.open();
    }

    @Deactivate
    void close() {
        resources.close();
        unsettled.clear();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!unsettled.isEmpty() && request instanceof HttpServletRequest http) {
            String path = apiPath(http.getRequestURI());
            if (path != null) {
                for (String route : unsettled.keySet()) {
                    if (path.equals(route) || path.startsWith(route + "/")) {
                        awaitServed(route);
                    }
                }
            }
        }
        chain.doFilter(request, response);
    }

    void added(String route, long serviceId) {
        synchronized (routes) {
            Route s = routes.computeIfAbsent(route, k -> new Route());
            s.services.add(serviceId);
            s.awaySince = 0; // back; unsettled until the runtime lists it (it was only marked if it had gone)
        }
    }

    void removed(String route, long serviceId, Bundle bundle) {
        synchronized (routes) {
            Route s = routes.get(route);
            if (s != null && s.services.remove(serviceId) && s.services.isEmpty()) {
                s.awaySince = System.nanoTime();
                s.leaving = bundle;
                s.leavingModified = bundle == null ? 0 : bundle.getLastModified();
                unsettled.put(route, s.awaySince);
            }
        }
    }

    /**
     * Whether the bundle whose resource went away may still bring it back: it is stopping or starting, or it has been
     * updated since (an in-place update: stop, update, start). Stopped and not updated for {@link #STOPPED_GRACE_NANOS}
     * (the admin API updates right after it stops), or uninstalled: removed, and its paths answer 404 at once.
     */
    private static boolean mayComeBack(Route s, long now) {
        Bundle b = s.leaving;
        if (b == null) {
            return false;
        }
        return switch (b.getState()) {
            case Bundle.STOPPING, Bundle.STARTING, Bundle.ACTIVE -> true;
            case Bundle.RESOLVED, Bundle.INSTALLED -> b.getLastModified() != s.leavingModified
                    || now - s.awaySince < STOPPED_GRACE_NANOS;
            default -> false;
        };
    }

    /** Waits until the route's resource is served again, it counts as removed for good, or the wait is over. */
    private void awaitServed(String route) {
        long end = System.nanoTime() + WAIT_NANOS;
        while (!settled(route) && System.nanoTime() < end) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** True (and the mark removed) once a resource of the route is in the runtime DTO or it has been gone too long. */
    boolean settled(String route) {
        Set<Long> services;
        synchronized (routes) {
            Route s = routes.get(route);
            long now = System.nanoTime();
            if (s == null || (s.awaySince != 0 && (now - s.awaySince > REMOVED_NANOS || !mayComeBack(s, now)))) {
                unsettled.remove(route);
                return true;
            }
            if (s.awaySince != 0) {
                return false;
            }
            services = Set.copyOf(s.services);
        }
        JakartarsServiceRuntime r = runtime;
        if (r == null || !served(r.getRuntimeDTO(), services)) {
            return false;
        }
        unsettled.remove(route);
        return true;
    }

    private static boolean served(RuntimeDTO dto, Set<Long> services) {
        if (dto == null) {
            return false;
        }
        if (servedBy(dto.defaultApplication, services)) {
            return true;
        }
        if (dto.applicationDTOs != null) {
            for (ApplicationDTO app : dto.applicationDTOs) {
                if (servedBy(app, services)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean servedBy(ApplicationDTO app, Set<Long> services) {
        if (app == null || app.resourceDTOs == null) {
            return false;
        }
        for (ResourceDTO resource : app.resourceDTOs) {
            if (services.contains(resource.serviceId)) {
                return true;
            }
        }
        return false;
    }

    /** {@code journal/entries} of {@code /api/v1/journal/entries}; null outside the API. */
    static String apiPath(String uri) {
        return uri == null || !uri.startsWith(PREFIX) ? null : uri.substring(PREFIX.length());
    }

    /** The resource's route: the fixed start of its {@code @Path} ({@code admin/stats}), read from its class. */
    static String routeOf(ServiceReference<?> reference) {
        String[] classes = (String[]) reference.getProperty(Constants.OBJECTCLASS);
        try {
            Path path = reference.getBundle().loadClass(classes[0]).getAnnotation(Path.class);
            return path == null ? null : route(path.value());
        } catch (ClassNotFoundException | RuntimeException e) {
            return null; // registered under an interface, or the bundle is gone: never held
        }
    }

    /** {@code journal} of {@code /journal/}, {@code admin/stats} of {@code admin/stats/{x}}; null if nothing is fixed. */
    static String route(String path) {
        int template = path.indexOf('{');
        String fixed = template < 0 ? path : path.substring(0, template);
        fixed = fixed.replaceAll("^/+|/+$", "");
        return fixed.isEmpty() ? null : fixed;
    }
}
