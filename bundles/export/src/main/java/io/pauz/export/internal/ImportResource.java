package io.pauz.export.internal;

import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.pauz.api.rest.ApiException;
import io.pauz.api.rest.PauzPrincipal;
import io.pauz.api.rest.PauzResource;
import io.pauz.support.Awaited;

/** {@code POST /imports}: a PAUZ JSON export or a Day One export (zip or JSON) into the caller's journal. */
@Component(service = ImportResource.class)
@PauzResource
@Path("imports")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ExportService service;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Importer.Report importFile(@Context SecurityContext security, @HeaderParam("Content-Type") String contentType,
            InputStream body) throws IOException {
        String userId = PauzPrincipal.of(security).userId();
        ExportService s = Awaited.required(() -> service, "import_unavailable", "import is unavailable right now; try again shortly");
        if (body == null) {
            throw ApiException.badRequest("empty_import", "send the export file as the request body");
        }
        return s.importFile(userId, body, contentType);
    }
}
