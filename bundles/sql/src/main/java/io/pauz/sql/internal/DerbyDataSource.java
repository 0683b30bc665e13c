package io.pauz.sql.internal;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.apache.derby.drda.NetworkServerControl;
import org.apache.derby.client.BasicClientDataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.pauz.api.health.HealthIndicator;
import io.pauz.api.health.HealthStatus;
import io.pauz.api.platform.PlatformInfo;
import io.pauz.api.sql.MigratedSchema;

/**
 * SmartSQL on Apache Derby: a HikariCP pool over an embedded database in {@code <data dir>/db/<name>}
 * or over a Derby network server, registered as {@code javax.sql.DataSource} with
 * {@code pauz.sql.provider=derby}. With {@code serve=true} the embedded database is also served on
 * {@code serve.host:serve.port} so other PAUZ nodes can share it. A configuration change re-creates
 * the pool, and consumers rebind. It waits for its configuration ({@code config/io.pauz.sql.derby.cfg})
 * so the database is opened once, with the operator's settings.
 */
@Component(service = { DataSource.class, HealthIndicator.class }, configurationPid = "io.pauz.sql.derby",
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = MigratedSchema.PROVIDER_PROPERTY + "=derby")
@Designate(ocd = DerbyConfig.class)
public class DerbyDataSource implements DataSource, HealthIndicator {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(DerbyDataSource.class);
    private final HikariDataSource pool;
    private final EmbeddedDataSource embedded;
    private final NetworkServerControl server;
    private final String description;

    @Activate
    public DerbyDataSource(DerbyConfig config, @Reference PlatformInfo platform) throws Exception {
        this(config, platform.dataDirectory());
    }

    DerbyDataSource(DerbyConfig config, Path dataDirectory) throws Exception {
        // Derby reads its home when the engine first boots: databases served by name and derby.log
        // then live under <data dir>/db, not in whatever directory PAUZ was started from.
        if (System.getProperty("derby.system.home") == null) {
            Path home = dataDirectory.resolve("db").toAbsolutePath();
            java.nio.file.Files.createDirectories(home);
            System.setProperty("derby.system.home", home.toString());
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("pauz-derby");
        hikari.setMaximumPoolSize(config.pool_size());
        hikari.setMinimumIdle(1);
        hikari.setConnectionTestQuery("VALUES 1");
        if (config.mode().equals("network")) {
            BasicClientDataSource client = new BasicClientDataSource();
            client.setServerName(config.host());
            client.setPortNumber(config.port());
            client.setDatabaseName(config.database());
            client.setUser(config.user());
            if (!config._password().isEmpty()) {
                client.setPassword(config._password());
            }
            client.setCreateDatabase("create");
            hikari.setDataSource(client);
            embedded = null;
            server = null;
            description = "network " + config.host() + ":" + config.port() + "/" + config.database();
        } else if (config.mode().equals("embedded")) {
            Path db = dataDirectory.resolve("db").resolve(config.database()).toAbsolutePath();
            java.nio.file.Files.createDirectories(db.getParent());
            embedded = new EmbeddedDataSource();
            embedded.setDatabaseName(db.toString());
            embedded.setCreateDatabase("create");
            embedded.setUser(config.user()); // same default schema as network clients of this database
            hikari.setDataSource(embedded);
            description = "embedded " + db;
            if (config.serve()) {
                // Derby's server reads derby.system.home etc.; only the bind address and port matter here.
                server = config._password().isEmpty()
                        ? new NetworkServerControl(InetAddress.getByName(config.serve_host()), config.serve_port())
                        : new NetworkServerControl(InetAddress.getByName(config.serve_host()), config.serve_port(),
                                config.user(), config._password());
                server.start(new PrintWriter(new java.io.StringWriter()));
                awaitServer(server);
            } else {
                server = null;
            }
        } else {
            throw new IllegalArgumentException("mode must be embedded or network, not " + config.mode());
        }
        pool = new HikariDataSource(hikari);
        LOG.info("SmartSQL on Derby: {}", description);
    }

    private static void awaitServer(NetworkServerControl server) throws Exception {
        Exception last = null;
        for (int i = 0; i < 100; i++) {
            try {
                server.ping();
                return;
            } catch (Exception e) {
                last = e;
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("Derby network server did not start", last);
    }

    @Deactivate
    void close() {
        pool.close();
        if (server != null) {
            try {
                server.shutdown();
            } catch (Exception e) {
                LOG.warn("Derby network server shutdown", e);
            }
        }
        if (embedded != null) {
            // Releases the files and locks so the database can be opened again (or by another process).
            EmbeddedDataSource shutdown = new EmbeddedDataSource();
            shutdown.setDatabaseName(embedded.getDatabaseName());
            shutdown.setShutdownDatabase("shutdown");
            try {
                shutdown.getConnection().close();
            } catch (SQLException expected) {
                // 08006: the database was shut down
            }
        }
    }

    @Override
    public String name() {
        return "sql-derby";
    }

    @Override
    public HealthStatus check() {
        long start = System.nanoTime();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("VALUES 1")) {
            rs.next();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("database", description);
            details.put("queryMillis", (System.nanoTime() - start) / 1_000_000.0);
            details.put("activeConnections", pool.getHikariPoolMXBean() == null ? 0 : pool.getHikariPoolMXBean().getActiveConnections());
            return new HealthStatus(HealthStatus.State.UP, "Derby answers", details);
        } catch (SQLException e) {
            return HealthStatus.down("Derby does not answer: " + e.getMessage());
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return pool.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return pool.isWrapperFor(type);
    }
}
