package io.pauz.admin.internal;

import java.util.List;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.pauz.api.feature.FeatureException;
import io.pauz.api.feature.FeatureInfo;
import io.pauz.api.feature.FeatureManager;
import io.pauz.api.rest.ApiException;
import io.pauz.api.rest.PauzAdminResource;

/** {@code /admin/features}: list, install and remove features while the platform serves. */
@Component(service = AdminFeaturesResource.class)
@PauzAdminResource
@Path("admin/features")
@Produces(MediaType.APPLICATION_JSON)
public class AdminFeaturesResource {
    private final FeatureManager features;

    @Activate
    public AdminFeaturesResource(@Reference FeatureManager features) {
        this.features = features;
    }

    @GET
    public List<FeatureInfo> list() {
        return features.features();
    }

    @GET
    @Path("{name}")
    public FeatureInfo get(@PathParam("name") String name) {
        return features.feature(name)
                .orElseThrow(() -> ApiException.notFound("feature_not_found", "no feature named " + name));
    }

    @POST
    @Path("{name}")
    public FeatureInfo install(@PathParam("name") String name) {
        try {
            return features.install(name);
        } catch (FeatureException e) {
            throw mapped(e);
        }
    }

    @DELETE
    @Path("{name}")
    public FeatureInfo uninstall(@PathParam("name") String name) {
        try {
            return features.uninstall(name);
        } catch (FeatureException e) {
            throw mapped(e);
        }
    }

    private static ApiException mapped(FeatureException e) {
        return e.unknown() ? ApiException.notFound("feature_not_found", e.getMessage())
                : new ApiException(409, "feature_operation_failed", e.getMessage(), e);
    }
}
