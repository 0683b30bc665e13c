package io.pauz.testsupport;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;

import io.pauz.api.sql.MigratedSchema;
import io.pauz.sql.internal.Migrations;

/**
 * Fresh in-memory embedded Derby databases, migrated by the real migration runner of bundles/sql (the one the
 * {@code Pauz-Migrations} extender runs), so tests see exactly the runtime's tables.
 */
public final class TestDatabase {
    /** Where a bundle keeps its scripts, relative to the module directory Maven runs tests in. */
    public static final Path OWN_MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final String FOLDER = "db/migration";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    static {
        // Derby's log goes to the module's target/, not to derby.log in the working directory.
        System.setProperty("derby.stream.error.file", Path.of("target/derby.log").toAbsolutePath().toString());
    }

    private TestDatabase() {
    }

    /** An empty in-memory database, new on every call ({@code name} only helps reading errors). */
    public static EmbeddedDataSource create(String name) {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:" + name + DATABASES.incrementAndGet());
        ds.setCreateDatabase("create");
        return ds;
    }

    /** Applies the module's own scripts ({@link #OWN_MIGRATIONS}) as {@code owner} (the bundle symbolic name). */
    public static MigratedSchema migrate(DataSource ds, String owner) throws IOException, SQLException {
        return migrate(ds, owner, OWN_MIGRATIONS);
    }

    /** Applies the scripts in {@code folder} as {@code owner}. */
    public static MigratedSchema migrate(DataSource ds, String owner, Path folder) throws IOException, SQLException {
        return schema(owner, Migrations.migrate(ds, owner, folder));
    }

    /**
     * Applies another bundle's scripts, read from {@code db/migration} of the jar (or classes directory) that holds
     * {@code classOfBundle}: a test of a feature built on the journal migrates the journal's tables this way.
     */
    public static MigratedSchema migrate(DataSource ds, String owner, Class<?> classOfBundle) throws IOException, SQLException {
        Path location;
        try {
            location = Path.of(classOfBundle.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        if (Files.isDirectory(location)) {
            return migrate(ds, owner, location.resolve(FOLDER));
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            return migrate(ds, owner, jar.getPath(FOLDER));
        }
    }

    /** {@code SELECT COUNT(*) FROM table [WHERE where]}: what a test checks was (not) written. */
    public static int count(DataSource ds, String table, String where) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table + (where == null ? "" : " WHERE " + where))) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The service the extender registers once the owner's scripts ran; components wait for it. */
    public static MigratedSchema schema(String owner, int version) {
        return Migrations.schema(owner, version);
    }
}
