package io.pauz.identity.oidc.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;

/**
 * A scripted issuer on 127.0.0.1 for what the real mock cannot be made to do: a discovery document naming
 * another issuer, chosen client authentication methods, token endpoint failures, and recording the token request.
 */
final class FakeIssuer implements AutoCloseable {
    final HttpServer server;
    final String issuer;
    volatile String discoveryIssuer;
    volatile String authMethods = "[\"client_secret_post\",\"client_secret_basic\"]";
    volatile int tokenStatus = 400;
    volatile String tokenBody = "{\"error\":\"invalid_grant\"}";
    final Map<String, String> lastToken = new ConcurrentHashMap<>();

    FakeIssuer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/fake";
        discoveryIssuer = issuer;
        server.createContext("/fake/.well-known/openid-configuration", exchange -> {
            String doc = "{\"issuer\":\"" + discoveryIssuer + "\",\"authorization_endpoint\":\"" + issuer
                    + "/authorize\",\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\""
                    + (authMethods == null ? "" : ",\"token_endpoint_auth_methods_supported\":" + authMethods) + "}";
            send(exchange, 200, doc);
        });
        server.createContext("/fake/token", exchange -> {
            lastToken.clear();
            lastToken.put("method", exchange.getRequestMethod());
            lastToken.put("content-type", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                lastToken.put("authorization", auth);
            }
            lastToken.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            send(exchange, tokenStatus, tokenBody);
        });
        server.start();
    }

    private static void send(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().put("Content-Type", List.of("application/json"));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
