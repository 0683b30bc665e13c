package io.pauz.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.pauz.api.bucket.BucketException;
import io.pauz.api.rest.ApiException;
import io.pauz.api.rest.ErrorCodes;
import io.pauz.api.rest.RateLimitedException;
import io.pauz.api.rest.RestConstants;

/**
 * The single error format of the API: every exception that leaves a resource becomes
 * {@code {"error": {"status", "code", "message"}}}. Unexpected exceptions are logged with an incident
 * id that the client sees, and their details never reach the client.
 */
@Component(service = ExceptionMapper.class)
@JakartarsExtension
@JakartarsName(RestConstants.ERRORS_EXTENSION)
public class ErrorMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    @Override
    public Response toResponse(Throwable failure) {
        // Readers wrap what the entity stream throws (the body size cap, for one): the cause decides.
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiException api) {
                return fromApi(api);
            }
        }
        if (failure instanceof ApiException api) {
            return fromApi(api);
        }
        if (failure instanceof WebApplicationException web) {
            return fromWebApplication(web);
        }
        if (failure instanceof JsonProcessingException json) {
            return error(400, ErrorCodes.BAD_JSON, "request body is not valid JSON: " + json.getOriginalMessage());
        }
        if (failure instanceof BucketException bucket) {
            return switch (bucket.reason()) {
                case INVALID_KEY -> error(400, ErrorCodes.BAD_REQUEST, bucket.getMessage());
                case NO_SPACE -> error(507, "insufficient_storage", "storage is full");
                case UNAVAILABLE, CLOSED -> error(503, ErrorCodes.UNAVAILABLE, "storage is unavailable");
            };
        }
        String incident = UUID.randomUUID().toString();
        LOG.error("Unhandled error, incident {}", incident, failure);
        return error(500, ErrorCodes.INTERNAL, "internal error (incident " + incident + ")");
    }

    private static Response fromApi(ApiException api) {
        Response.ResponseBuilder builder = errorBuilder(api.status(), api.code(), api.getMessage());
        if (api instanceof RateLimitedException limited) {
            builder.header("Retry-After", limited.retryAfterSeconds());
        }
        return builder.build();
    }

    private static Response fromWebApplication(WebApplicationException web) {
        int status = web.getResponse().getStatus();
        if (web.getCause() instanceof JsonProcessingException json) {
            return error(400, ErrorCodes.BAD_JSON, "request body is not valid JSON: " + json.getOriginalMessage());
        }
        String code = switch (status) {
            case 400 -> ErrorCodes.BAD_REQUEST;
            case 401 -> ErrorCodes.UNAUTHORIZED;
            case 403 -> ErrorCodes.FORBIDDEN;
            case 404 -> ErrorCodes.NOT_FOUND;
            case 405 -> ErrorCodes.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCodes.NOT_ACCEPTABLE;
            case 409 -> ErrorCodes.CONFLICT;
            case 413 -> ErrorCodes.TOO_LARGE;
            case 415 -> ErrorCodes.UNSUPPORTED_MEDIA_TYPE;
            case 422 -> ErrorCodes.INVALID;
            case 429 -> ErrorCodes.RATE_LIMITED;
            case 503 -> ErrorCodes.UNAVAILABLE;
            default -> status >= 500 ? ErrorCodes.INTERNAL : ErrorCodes.BAD_REQUEST;
        };
        String message = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed here";
            case 406 -> "cannot produce an acceptable media type";
            case 415 -> "unsupported media type";
            default -> web.getMessage() == null ? Response.Status.fromStatusCode(status) + "" : web.getMessage();
        };
        Response.ResponseBuilder builder = errorBuilder(status, code, message);
        // Keep headers like Allow (405) or WWW-Authenticate (401) set by whoever threw.
        web.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")
                    && !name.equalsIgnoreCase("WWW-Authenticate")) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        return builder.build();
    }

    static Response error(int status, String code, String message) {
        return errorBuilder(status, code, message).build();
    }

    private static Response.ResponseBuilder errorBuilder(int status, String code, String message) {
        // Serialized here, not by a MessageBodyWriter, so the error is JSON whatever the client accepts.
        Response.ResponseBuilder builder = Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).entity(json(status, code, message));
        return status == 401 ? builder.header("WWW-Authenticate", "Bearer realm=\"pauz\"") : builder;
    }

    /** The error body, also for answers given outside Jersey (see {@link UriGuard}). */
    static String json(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("code", code);
        body.put("message", message);
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(Map.of("error", body));
        } catch (JsonProcessingException e) {
            json = "{\"error\":{\"status\":500,\"code\":\"internal_error\",\"message\":\"error\"}}";
        }
        return json;
    }
}
