package io.pauz.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The limit PAUZ is measured against: one Jetty 12 servlet on 127.0.0.1 answering the very JSON PAUZ answered
 * (recorded by the suite), with no framework, no authentication, no storage. It reads request bodies fully, as PAUZ
 * does. Usage: {@code BareJetty <port> <dir with create.json, list.json, hint.json>}.
 */
public final class BareJetty {
    private BareJetty() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        byte[] create = Files.readAllBytes(dir.resolve("create.json"));
        byte[] list = Files.readAllBytes(dir.resolve("list.json"));
        byte[] hint = Files.readAllBytes(dir.resolve("hint.json"));

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/api/v1");
        context.addServlet(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                String path = req.getPathInfo();
                if ("/journal/entries".equals(path)) {
                    send(resp, 200, list);
                } else if ("/health".equals(path)) {
                    send(resp, 200, "{\"status\":\"UP\"}".getBytes());
                } else {
                    send(resp, 404, "{\"error\":{\"status\":404}}".getBytes());
                }
            }

            @Override
            protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                try (InputStream in = req.getInputStream()) {
                    in.readAllBytes();
                }
                String path = req.getPathInfo();
                if ("/journal/entries".equals(path)) {
                    send(resp, 201, create);
                } else if ("/ai/hints".equals(path)) {
                    send(resp, 200, hint);
                } else {
                    send(resp, 404, "{\"error\":{\"status\":404}}".getBytes());
                }
            }
        }, "/*");
        server.setHandler(context);
        server.start();
        System.out.println("bare jetty up on " + port);
        server.join();
    }

    private static void send(HttpServletResponse resp, int status, byte[] body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
