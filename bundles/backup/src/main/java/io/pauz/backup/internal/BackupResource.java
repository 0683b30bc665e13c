package io.pauz.backup.internal;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.pauz.api.bucket.StoredObject;
import io.pauz.api.rest.ApiException;
import io.pauz.api.rest.PauzAdminResource;

/**
 * {@code /admin/backups} (admin token, checked by the admin bundle's filter for every {@code admin/} path):
 * start a backup (202 + job), list and inspect archives, download or delete one, and restore one into a new data
 * directory.
 */
@Component(service = BackupResource.class)
@PauzAdminResource
@jakarta.ws.rs.Path("admin/backups")
@Produces(MediaType.APPLICATION_JSON)
public class BackupResource {
    private final BackupComponent backups;

    /** Body of {@code POST /admin/backups/{name}/restore}. */
    public record RestoreRequest(String target) {
    }

    @Activate
    public BackupResource(@Reference BackupComponent backups) {
        this.backups = backups;
    }

    /** 202 with the job; poll {@code jobs/{id}}. 409 while another backup runs. */
    @POST
    public Response start() {
        BackupJob job = backups.start();
        return Response.accepted(job).header("Location", "admin/backups/jobs/" + job.id()).build();
    }

    @GET
    public Map<String, Object> list() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("archives", backups.engine().list());
        body.put("running", backups.runningJob().orElse(null));
        body.put("restore", backups.restoreState().orElse(null));
        return body;
    }

    @GET
    @jakarta.ws.rs.Path("jobs")
    public List<BackupJob> jobs() {
        return backups.jobs();
    }

    @GET
    @jakarta.ws.rs.Path("jobs/{id}")
    public BackupJob job(@PathParam("id") String id) {
        return backups.job(id).orElseThrow(() -> ApiException.notFound("backup_job_not_found", "no backup job " + id));
    }

    /** One archive; {@code ?verify=true} also reads it and checks every entry against its manifest. */
    @GET
    @jakarta.ws.rs.Path("{name}")
    public Map<String, Object> archive(@PathParam("name") String name, @QueryParam("verify") boolean verify) {
        ArchiveInfo info = backups.engine().archive(name).orElseThrow(() -> notFound(name));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("archive", info);
        if (verify) {
            Manifest manifest = backups.engine().verify(name);
            body.put("verified", true);
            body.put("manifest", BackupEngine.summary(manifest));
        }
        return body;
    }

    @GET
    @jakarta.ws.rs.Path("{name}/archive")
    @Produces("application/zip")
    public Response download(@PathParam("name") String name) {
        StoredObject object = backups.engine().open(name).orElseThrow(() -> notFound(name));
        StreamingOutput body = out -> {
            try (InputStream in = object.content()) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, "application/zip").header("Content-Length", object.info().size())
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }

    @DELETE
    @jakarta.ws.rs.Path("{name}")
    public Response delete(@PathParam("name") String name) {
        if (!backups.engine().delete(name)) {
            throw notFound(name);
        }
        return Response.noContent().build();
    }

    /**
     * Writes a new data directory at {@code target} (absolute path on this node) from the archive: 201 with what was
     * written; 409 {@code target_not_empty}; 422 {@code archive_corrupt} (nothing written).
     */
    @POST
    @jakarta.ws.rs.Path("{name}/restore")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response restore(@PathParam("name") String name, RestoreRequest request) {
        if (request == null || request.target() == null || request.target().isBlank()) {
            throw ApiException.badRequest("target_required", "give the new data directory as {\"target\": \"/path\"}");
        }
        Path target = Path.of(request.target());
        if (!target.isAbsolute()) {
            throw ApiException.badRequest("bad_target", "target must be an absolute path on the PAUZ node");
        }
        backups.engine().archive(name).orElseThrow(() -> notFound(name));
        return Response.status(201).entity(backups.engine().restore(name, target)).build();
    }

    private static ApiException notFound(String name) {
        return ApiException.notFound("backup_not_found", "no backup archive " + name);
    }
}
