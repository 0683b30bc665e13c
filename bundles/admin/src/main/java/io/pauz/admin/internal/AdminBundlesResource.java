package io.pauz.admin.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.pauz.api.rest.ApiException;
import io.pauz.api.rest.PauzAdminResource;

/**
 * {@code /admin/bundles}: list, install or update from an uploaded jar, start, stop, update, uninstall.
 * Each change refreshes only the bundle and what is wired to it.
 */
@Component(service = AdminBundlesResource.class)
@PauzAdminResource
@Path("admin/bundles")
@Produces(MediaType.APPLICATION_JSON)
public class AdminBundlesResource {
    private final BundleControl bundles;

    @Activate
    public AdminBundlesResource(@Reference BundleControl bundles) {
        this.bundles = bundles;
    }

    @GET
    public List<Map<String, Object>> list() {
        return bundles.list();
    }

    /**
     * Body: the bundle jar. 201 for a new bundle, 200 when it replaced one of the same symbolic name: the bundle now
     * serving, which after a side-by-side update is a new bundle with an id of its own (see {@link BundleControl}).
     */
    @POST
    @Consumes({ "application/java-archive", "application/x-java-archive", MediaType.APPLICATION_OCTET_STREAM })
    public Response install(InputStream jar) {
        try {
            Map.Entry<Bundle, Boolean> result = bundles.installOrUpdate(jar);
            return Response.status(result.getValue() ? 201 : 200).entity(BundleControl.describe(result.getKey()))
                    .build();
        } catch (BundleException e) {
            throw failed(e);
        } catch (IOException e) {
            throw new ApiException(400, "upload_failed", "could not read the upload: " + e.getMessage());
        }
    }

    @GET
    @Path("{id: [0-9]+}")
    public Map<String, Object> get(@PathParam("id") long id) {
        return BundleControl.describe(bundles.get(id));
    }

    @POST
    @Path("{id: [0-9]+}/start")
    public Map<String, Object> start(@PathParam("id") long id) {
        return apply(id, bundles::start);
    }

    @POST
    @Path("{id: [0-9]+}/stop")
    public Map<String, Object> stop(@PathParam("id") long id) {
        return apply(id, bundles::stop);
    }

    /** Re-reads the bundle from where it was installed from; upload a jar to POST /admin/bundles to replace it. */
    @POST
    @Path("{id: [0-9]+}/update")
    public Map<String, Object> update(@PathParam("id") long id) {
        return apply(id, bundles::update);
    }

    @DELETE
    @Path("{id: [0-9]+}")
    public Response uninstall(@PathParam("id") long id) {
        apply(id, bundles::uninstall);
        return Response.noContent().build();
    }

    private interface BundleOperation {
        void apply(Bundle bundle) throws BundleException;
    }

    /** Runs one operation on a bundle (404 if unknown) and describes the bundle afterwards. */
    private Map<String, Object> apply(long id, BundleOperation operation) {
        Bundle b = bundles.get(id);
        try {
            operation.apply(b);
        } catch (BundleException e) {
            throw failed(e);
        }
        return BundleControl.describe(b);
    }

    static ApiException failed(BundleException e) {
        int status = e.getType() == BundleException.RESOLVE_ERROR || e.getType() == BundleException.MANIFEST_ERROR
                ? 422 : 409;
        return new ApiException(status, "bundle_operation_failed", e.getMessage(), e);
    }
}
