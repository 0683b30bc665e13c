package io.pauz.sql.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.pauz.api.health.HealthStatus;

/** Two nodes: one serves its embedded database on loopback, the other uses it over the network. */
public class DerbyNetworkTest {
    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void networkModeSharesAServedDatabase() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        DerbyDataSource serving = new DerbyDataSource(Configs.of(DerbyConfig.class,
                Map.of("serve", true, "serve.port", port, "database", "shared")), temp.newFolder("node-a").toPath());
        DerbyDataSource client = new DerbyDataSource(Configs.of(DerbyConfig.class,
                Map.of("mode", "network", "port", port, "database", "shared")), temp.newFolder("node-b").toPath());
        try {
            try (Connection c = serving.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE shared_t (id INT)");
                s.execute("INSERT INTO shared_t VALUES (42)");
            }
            try (Connection c = client.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id FROM shared_t")) {
                assertTrue(rs.next());
                assertEquals(42, rs.getInt(1));
            }
            assertEquals(HealthStatus.State.UP, client.check().state());
            assertTrue(client.check().details().get("database").toString().startsWith("network 127.0.0.1:" + port));
        } finally {
            client.close();
            serving.close();
        }
    }

}
