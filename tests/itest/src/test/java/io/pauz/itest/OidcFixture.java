package io.pauz.itest;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.sun.net.httpserver.HttpServer;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * Runner side only (the framework never loads it): a real OpenID Connect issuer on 127.0.0.1 and a
 * small server of profile pictures, standing in for Google and its picture CDN.
 */
public final class OidcFixture {
    public static final String CLIENT = "pauz-itest";
    private static MockOAuth2Server issuer;
    private static HttpServer pictures;

    private OidcFixture() {
    }

    /** Starts both once per JVM; returns config overrides for PauzOptions plus the picture URL. */
    public static synchronized String[] start() throws Exception {
        if (issuer == null) {
            issuer = new MockOAuth2Server();
            issuer.start(InetAddress.getLoopbackAddress(), PauzOptions.freePort());
            pictures = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] png = png();
            pictures.createContext("/ana.png", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "image/png");
                exchange.sendResponseHeaders(200, png.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(png);
                }
            });
            pictures.start();
        }
        return new String[] { "io.pauz.identity.oidc-google:id=google",
                "io.pauz.identity.oidc-google:issuer=" + issuer.issuerUrl("default"),
                "io.pauz.identity.oidc-google:client.id=" + CLIENT,
                "io.pauz.identity.oidc-google:client.secret=itest-secret" };
    }

    public static String pictureUrl() {
        return "http://127.0.0.1:" + pictures.getAddress().getPort() + "/ana.png";
    }

    /** The next token the issuer hands out carries this person's profile. */
    public static void nextPerson(String subject, String email, String name) {
        issuer.enqueueCallback(new DefaultOAuth2TokenCallback("default", subject, "JWT", List.of(CLIENT),
                Map.of("email", email, "email_verified", true, "name", name, "picture", pictureUrl()), 3600));
    }

    /** An ID token as a mobile app would get it from the issuer. */
    public static String idToken(String subject, String email) {
        return issuer.issueToken("default", CLIENT, new DefaultOAuth2TokenCallback("default", subject, "JWT",
                List.of(CLIENT), Map.of("email", email, "email_verified", true, "name", "Mobile"), 3600)).serialize();
    }

    private static byte[] png() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }
}
