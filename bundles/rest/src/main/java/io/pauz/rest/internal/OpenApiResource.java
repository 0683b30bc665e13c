package io.pauz.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.glassfish.jersey.server.ExtendedResourceContext;
import org.glassfish.jersey.server.model.Parameter;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.osgi.service.component.annotations.Component;

import io.pauz.api.rest.PauzResource;
import io.pauz.api.rest.Public;
import io.pauz.api.rest.RestConstants;

/**
 * {@code GET /openapi.json}: an OpenAPI 3.0 document of the resources installed right now, read from
 * Jersey's live resource model, so it follows bundles as they come and go. Jersey's model is used
 * instead of swagger-core, whose classpath scanning does not work across bundle class loaders.
 */
@Component(service = OpenApiResource.class)
@PauzResource
@Path("openapi.json")
@Public
public class OpenApiResource {
    private static final Pattern TEMPLATE = Pattern.compile("\\{(\\w+)(?:\\s*:[^}]*)?}");

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> openApi(@Context ExtendedResourceContext context) {
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        for (Resource resource : context.getResourceModel().getRootResources()) {
            collect(resource, "", paths);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of("title", "PAUZ API", "version", "1",
                "description", "Journaling platform API; errors are {\"error\":{\"status\",\"code\",\"message\"}}"));
        doc.put("servers", List.of(Map.of("url", RestConstants.BASE_PATH)));
        doc.put("components", Map.of("securitySchemes",
                Map.of("bearer", Map.of("type", "http", "scheme", "bearer"))));
        doc.put("paths", paths);
        return doc;
    }

    private void collect(Resource resource, String parent, Map<String, Map<String, Object>> paths) {
        String path = join(parent, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            if (method.isExtended()) {
                continue; // OPTIONS/HEAD that Jersey generates for every path
            }
            paths.computeIfAbsent(normalize(path), p -> new TreeMap<>())
                    .put(method.getHttpMethod().toLowerCase(), operation(method, path));
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, path, paths);
        }
    }

    private Map<String, Object> operation(ResourceMethod method, String path) {
        Map<String, Object> op = new LinkedHashMap<>();
        var invocable = method.getInvocable();
        Class<?> type = invocable.getHandler().getHandlerClass();
        op.put("operationId", type.getSimpleName() + "." + invocable.getHandlingMethod().getName());
        op.put("tags", List.of(tag(path)));
        boolean isPublic = type.isAnnotationPresent(Public.class)
                || invocable.getHandlingMethod().isAnnotationPresent(Public.class);
        if (!isPublic) {
            op.put("security", List.of(Map.of("bearer", List.of())));
        }
        List<Map<String, Object>> parameters = new ArrayList<>();
        for (Parameter p : invocable.getParameters()) {
            String in = switch (p.getSource()) {
                case PATH -> "path";
                case QUERY -> "query";
                case HEADER -> "header";
                default -> null;
            };
            if (in != null) {
                parameters.add(Map.of("name", p.getSourceName(), "in", in, "required", in.equals("path"),
                        "schema", Map.of("type", schemaType(p.getRawType()))));
            }
        }
        if (!parameters.isEmpty()) {
            op.put("parameters", parameters);
        }
        if (!method.getConsumedTypes().isEmpty() && !method.getHttpMethod().equals("GET")) {
            Map<String, Object> content = new LinkedHashMap<>();
            method.getConsumedTypes().forEach(t -> content.put(t.toString(), Map.of()));
            op.put("requestBody", Map.of("content", content));
        }
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("description", "success");
        if (!method.getProducedTypes().isEmpty()) {
            Map<String, Object> content = new LinkedHashMap<>();
            method.getProducedTypes().forEach(t -> content.put(t.toString(), Map.of()));
            ok.put("content", content);
        }
        op.put("responses", Map.of("default", ok));
        return op;
    }

    private static String schemaType(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "integer";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        return "string";
    }

    private static String tag(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        int slash = trimmed.indexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(0, slash);
    }

    private static String join(String parent, String path) {
        String p = path == null ? "" : path;
        String joined = (parent + "/" + p).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private static String normalize(String path) {
        Matcher m = TEMPLATE.matcher(path);
        return m.replaceAll("{$1}");
    }
}
