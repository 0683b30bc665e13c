package io.pauz.plugins.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.pauz.api.rest.PauzAdminResource;
import io.pauz.support.Awaited;

/** {@code /admin/plugins} (admin token): every jar of the plugins folder, its state, services and errors. */
@Component(service = PluginsResource.class)
@PauzAdminResource
@Path("admin/plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginsResource {
    /** Dynamic, so that a reconfigured host does not take the resource (and a Jersey reload) with it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PluginHost host;

    @GET
    public PluginViews.Listing list() {
        PluginHost h = Awaited.required(() -> host, "plugins_unavailable", "the plugin host is not running");
        return h.listing();
    }
}
