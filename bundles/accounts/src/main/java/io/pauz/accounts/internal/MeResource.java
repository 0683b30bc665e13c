package io.pauz.accounts.internal;

import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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

import com.fasterxml.jackson.databind.JsonNode;

import io.pauz.api.bucket.StoredObject;
import io.pauz.api.rest.ApiException;
import io.pauz.api.rest.PauzPrincipal;
import io.pauz.api.rest.PauzResource;

/** {@code /me}: the signed-in user's profile, picture and preferences. Always the caller's own. */
@Component(service = MeResource.class)
@PauzResource
@Path("me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {
    /** Dynamic: while storage is switching or down the resource stays and answers 503. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AccountService service;

    public record ProfilePatch(String name) {
    }

    private AccountService accounts() {
        return AccountService.available(() -> service);
    }

    @GET
    public UserView me(@Context SecurityContext security) {
        return accounts().profile(PauzPrincipal.of(security).userId());
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public UserView patch(@Context SecurityContext security, ProfilePatch patch) {
        String userId = PauzPrincipal.of(security).userId();
        if (patch == null || patch.name() == null) {
            return accounts().profile(userId);
        }
        return accounts().rename(userId, patch.name());
    }

    @PUT
    @Path("picture")
    @Consumes({ "image/png", "image/jpeg", MediaType.APPLICATION_OCTET_STREAM })
    public UserView putPicture(@Context SecurityContext security, InputStream body) {
        String userId = PauzPrincipal.of(security).userId();
        byte[] data;
        try {
            data = body.readNBytes(accounts().pictureMaxBytes() + 1);
        } catch (IOException e) {
            throw ApiException.badRequest("upload_failed", "could not read the picture");
        }
        if (data.length > accounts().pictureMaxBytes()) {
            throw new ApiException(413, "payload_too_large", "pictures are limited to " + accounts().pictureMaxBytes() + " bytes");
        }
        if (data.length == 0) {
            throw ApiException.badRequest("empty_body", "send the picture as the request body");
        }
        accounts().storePicture(userId, data);
        return accounts().profile(userId);
    }

    @GET
    @Path("picture")
    @Produces("image/jpeg")
    public Response getPicture(@Context SecurityContext security, @QueryParam("size") @DefaultValue("512") int size) {
        StoredObject picture = accounts().picture(PauzPrincipal.of(security).userId(), size)
                .orElseThrow(() -> ApiException.notFound("picture_not_found", "no profile picture yet"));
        StreamingOutput out = output -> {
            try (InputStream in = picture.content()) {
                in.transferTo(output);
            }
        };
        return Response.ok(out, "image/jpeg").header("Content-Length", picture.info().size())
                .header("Cache-Control", "private, max-age=300").build();
    }

    @GET
    @Path("preferences")
    public JsonNode preferences(@Context SecurityContext security) {
        return accounts().preferencesJson(PauzPrincipal.of(security).userId());
    }

    @PUT
    @Path("preferences")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonNode putPreferences(@Context SecurityContext security, JsonNode preferences) {
        return accounts().replacePreferences(PauzPrincipal.of(security).userId(), preferences);
    }
}
