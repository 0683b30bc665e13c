package io.pauz.export.internal;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.pauz.api.bucket.StoredObject;
import io.pauz.api.rest.ApiException;
import io.pauz.api.rest.PauzPrincipal;
import io.pauz.api.rest.PauzResource;
import io.pauz.support.Awaited;

/** {@code /exports}: jobs (202, then poll the status, then download the file). */
@Component(service = ExportResource.class)
@PauzResource
@Path("exports")
@Produces(MediaType.APPLICATION_JSON)
public class ExportResource {
    /** Dynamic: while the service (or storage under it) restarts, the resource stays and answers 503. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ExportService service;

    /** @param from, to ISO dates ({@code 2025-01-01}, the day in UTC) or instants; {@code to} is exclusive */
    public record ExportInput(String format, String from, String to) {
    }

    private ExportService exports() {
        return Awaited.required(() -> service, "export_unavailable", "export is unavailable right now; try again shortly");
    }

    private static String user(SecurityContext security) {
        return PauzPrincipal.of(security).userId();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context SecurityContext security, ExportInput input) {
        String userId = user(security);
        if (input == null || input.format() == null) {
            throw ApiException.unprocessable("invalid_format", "format is required: pdf, json or markdown");
        }
        JobRow job = exports().create(userId, input.format(), instant("from", input.from(), false),
                instant("to", input.to(), true));
        return Response.accepted(view(job)).location(URI.create("exports/" + job.id)).build();
    }

    @GET
    @Path("{id}")
    public Map<String, Object> status(@Context SecurityContext security, @PathParam("id") String id) {
        return view(exports().get(user(security), id));
    }

    @GET
    @Path("{id}/file")
    @Produces(MediaType.WILDCARD)
    public Response file(@Context SecurityContext security, @PathParam("id") String id) {
        String userId = user(security);
        ExportService s = exports();
        JobRow job = s.get(userId, id);
        StoredObject stored = s.file(userId, id);
        StreamingOutput body = out -> {
            try (StoredObject o = stored) {
                o.content().transferTo(out);
            }
        };
        String name = "pauz-journal-" + job.createdAt.atZone(ZoneOffset.UTC).toLocalDate() + ExportService.extension(job.format);
        return Response.ok(body, ExportService.mediaType(job.format))
                .header("Content-Length", stored.info().size())
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("Cache-Control", "private, max-age=0").build();
    }

    static Map<String, Object> view(JobRow job) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", job.id);
        v.put("status", job.status);
        v.put("format", job.format);
        v.put("from", job.rangeFrom);
        v.put("to", job.rangeTo);
        v.put("createdAt", job.createdAt);
        v.put("startedAt", job.startedAt);
        v.put("finishedAt", job.finishedAt);
        if ("done".equals(job.status)) {
            v.put("sizeBytes", job.sizeBytes);
            v.put("entries", job.entries);
            v.put("guidedSessions", job.sessions);
            if (job.pages != null) {
                v.put("pages", job.pages);
            }
            v.put("file", "exports/" + job.id + "/file");
        }
        if (job.error != null) {
            v.put("error", job.error);
        }
        return v;
    }

    /** A date (start of that day in UTC; for {@code to}, the start of the next day) or an instant. */
    static Instant instant(String name, String value, boolean end) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate d = LocalDate.parse(value);
                return (end ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.unprocessable("invalid_range", name + " must be a date (2025-01-31) or an instant (2025-01-31T00:00:00Z)");
        }
    }
}
