package org.aqlake.tools.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves the dashboard live on loopback with the JDK's HTTP server: every request of {@code /} reads the
 * lake again, so a reload shows what has been committed since. Nothing else is served; the page needs
 * nothing else.
 */
public final class DashboardServer implements AutoCloseable {

    private final HttpServer server;

    private DashboardServer(HttpServer server) {
        this.server = server;
    }

    /** Starts serving; port 0 takes a free one. */
    public static DashboardServer start(Dashboard dashboard, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", exchange -> handle(dashboard, exchange));
        server.start();
        return new DashboardServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void handle(Dashboard dashboard, HttpExchange exchange) throws IOException {
        try {
            if (!"/".equals(exchange.getRequestURI().getPath()) || !"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] page;
            int status = 200;
            try {
                page = dashboard.render().getBytes(StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                status = 500;
                page = ("Cannot read the lake " + dashboard.lake() + ": " + e).getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", status == 200 ? "text/html; charset=utf-8"
                    : "text/plain; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(status, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
