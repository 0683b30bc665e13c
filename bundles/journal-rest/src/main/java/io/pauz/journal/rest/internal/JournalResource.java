package io.pauz.journal.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.pauz.api.journal.EntryDraft;
import io.pauz.api.journal.EntryPage;
import io.pauz.api.journal.EntryQuery;
import io.pauz.api.journal.JournalEntry;
import io.pauz.api.journal.JournalService;
import io.pauz.api.journal.Recording;
import io.pauz.api.journal.Recordings;
import io.pauz.api.journal.Transcription;
import io.pauz.api.journal.VoiceUpload;
import io.pauz.api.rest.ApiException;
import io.pauz.api.rest.PauzPrincipal;
import io.pauz.api.rest.PauzResource;
import io.pauz.support.Awaited;

/**
 * {@code /journal}: the caller's own free journal entries and recordings. In a bundle apart from the journal so that
 * updating the journal does not rebuild the REST application (see README).
 */
@Component(service = JournalResource.class)
@PauzResource
@Path("journal")
@Produces(MediaType.APPLICATION_JSON)
public class JournalResource {
    /** Dynamic: while the journal (or storage under it) restarts, the resource stays and requests wait for it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile JournalService service;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Recordings recordingService;

    /** Request body of create and update. {@code createdAt}: ISO-8601 instant, for entries written earlier. */
    public record EntryInput(String text, String title, String createdAt) {
    }

    private JournalService journal() {
        return Awaited.required(() -> service, "journal_unavailable", "the journal is unavailable right now; try again shortly");
    }

    private Recordings recordings() {
        return Awaited.required(() -> recordingService, "journal_unavailable",
                "the journal is unavailable right now; try again shortly");
    }

    private static String user(SecurityContext security) {
        return PauzPrincipal.of(security).userId();
    }

    @POST
    @Path("entries")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context SecurityContext security, EntryInput input) {
        String userId = user(security);
        if (input == null) {
            throw ApiException.unprocessable("empty_entry", "text is required");
        }
        Instant createdAt = input.createdAt() == null ? null : parseInstant("createdAt", input.createdAt());
        JournalEntry entry = journal().create(userId, new EntryDraft(input.text(), input.title(), createdAt, null));
        return Response.created(URI.create("journal/entries/" + entry.id())).tag(etag(entry)).entity(entry).build();
    }

    @GET
    @Path("entries")
    public Map<String, Object> list(@Context SecurityContext security, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("tz") String tz, @QueryParam("q") String q,
            @QueryParam("limit") @DefaultValue("20") String limit, @QueryParam("cursor") String cursor) {
        String userId = user(security);
        ZoneId zone = zone(tz);
        int size;
        try {
            size = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("bad_limit", "limit must be a number 1..100");
        }
        if (size < 1 || size > 100) {
            throw ApiException.badRequest("bad_limit", "limit must be 1..100");
        }
        if (q != null && q.length() > 500) {
            throw ApiException.badRequest("bad_query", "q is limited to 500 characters");
        }
        EntryPage page = journal().list(userId, new EntryQuery(bound("from", from, zone, false), bound("to", to, zone, true),
                q == null || q.isBlank() ? null : q, size, cursor, false));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entries", page.entries());
        body.put("nextCursor", page.nextCursor());
        return body;
    }

    @GET
    @Path("entries/{id}")
    public Response get(@Context SecurityContext security, @PathParam("id") String id) {
        JournalEntry entry = journal().find(user(security), id)
                .orElseThrow(() -> ApiException.notFound("entry_not_found", "no such entry"));
        return Response.ok(entry).tag(etag(entry)).build();
    }

    @PUT
    @Path("entries/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@Context SecurityContext security, @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch, EntryInput input) {
        String userId = user(security);
        if (input == null) {
            throw ApiException.unprocessable("empty_entry", "text is required");
        }
        if (input.createdAt() != null) {
            throw ApiException.unprocessable("read_only_field", "createdAt cannot be changed");
        }
        JournalEntry entry = journal().update(userId, id, EntryDraft.of(input.text(), input.title()), version(ifMatch));
        return Response.ok(entry).tag(etag(entry)).build();
    }

    @DELETE
    @Path("entries/{id}")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        if (!journal().delete(user(security), id)) {
            throw ApiException.notFound("entry_not_found", "no such entry");
        }
        return Response.noContent().build();
    }

    // ---- voice ---------------------------------------------------------------------------------

    @POST
    @Path("voice")
    @Consumes(MediaType.WILDCARD)
    public Response voice(@Context SecurityContext security, @HeaderParam("Content-Type") String contentType,
            @QueryParam("title") String title, @QueryParam("language") String language, InputStream body) throws IOException {
        VoiceUpload upload = recordings().accept(user(security), body, contentType, title, language);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("entry", upload.entry());
        out.put("transcription", view(upload.transcription()));
        return Response.accepted(out).location(URI.create("journal/entries/" + upload.entry().id() + "/transcription"))
                .build();
    }

    @GET
    @Path("entries/{id}/transcription")
    public Map<String, Object> transcription(@Context SecurityContext security, @PathParam("id") String id) {
        return view(recordings().transcription(user(security), id));
    }

    @POST
    @Path("entries/{id}/transcription/retry")
    public Response retry(@Context SecurityContext security, @PathParam("id") String id) {
        return Response.accepted(view(recordings().retry(user(security), id))).build();
    }

    @GET
    @Path("entries/{id}/audio")
    @Produces(MediaType.WILDCARD)
    public Response audio(@Context SecurityContext security, @PathParam("id") String id) {
        Recording recording = recordings().recording(user(security), id);
        StreamingOutput body = out -> {
            try (Recording r = recording) {
                r.audio().content().transferTo(out);
            }
        };
        return Response.ok(body, recording.mediaType()).header("Content-Length", recording.audio().info().size())
                .header("Cache-Control", "private, max-age=0").build();
    }

    /** The job as the API has always shown it: {@code error}, {@code text}/{@code words} and {@code message} only when set. */
    private static Map<String, Object> view(Transcription job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("entryId", job.entryId());
        view.put("status", job.status());
        view.put("engine", job.engine());
        view.put("attempts", job.attempts());
        view.put("audioSeconds", job.audioSeconds());
        view.put("mediaType", job.mediaType());
        view.put("language", job.language());
        if (job.error() != null) {
            view.put("error", job.error());
        }
        view.put("updatedAt", job.updatedAt());
        if (job.text() != null) {
            view.put("text", job.text());
            view.put("words", job.words());
        }
        if (job.waitingForEngine()) {
            view.put("message", "waiting for a speech engine to be installed");
        }
        return view;
    }

    // ---- parameters ----------------------------------------------------------------------------

    private static EntityTag etag(JournalEntry entry) {
        return new EntityTag(Integer.toString(entry.version()));
    }

    private static Integer version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String v = ifMatch.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("bad_if_match", "If-Match must be an entry version as given in its ETag");
        }
    }

    private static ZoneId zone(String tz) {
        if (tz == null || tz.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw ApiException.badRequest("bad_time_zone", "tz must be a time zone such as Europe/Paris");
        }
    }

    /** A date (the whole day in {@code zone}; {@code to} includes that day) or an ISO-8601 instant. */
    private static Instant bound(String name, String value, ZoneId zone, boolean end) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() == 10) {
            try {
                LocalDate day = LocalDate.parse(value);
                return (end ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
            } catch (DateTimeException e) {
                throw ApiException.badRequest("bad_" + name, name + " must be a date (2026-11-25) or an instant");
            }
        }
        return parseInstant(name, value);
    }

    private static Instant parseInstant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeException e) {
            try {
                return java.time.OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeException e2) {
                throw ApiException.badRequest("bad_" + name, name + " must be an ISO-8601 instant such as 2026-11-25T08:30:00Z");
            }
        }
    }
}
