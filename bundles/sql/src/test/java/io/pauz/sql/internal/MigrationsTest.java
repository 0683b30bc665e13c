package io.pauz.sql.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The entry point unit tests of other bundles use (through io.pauz.testsupport.TestDatabase): folder on disk or in a jar. */
public class MigrationsTest {
    @Rule
    public TemporaryFolder temp = new TemporaryFolder();
    private DerbyDataSource ds;

    @Before
    public void open() throws Exception {
        ds = new DerbyDataSource(Configs.of(DerbyConfig.class, Map.of()), temp.newFolder().toPath());
    }

    @After
    public void close() {
        ds.close();
    }

    @Test
    public void appliesAFolderOnDiskOnceSkippingOtherFiles() throws Exception {
        Path folder = temp.newFolder("db", "migration").toPath();
        Files.writeString(folder.resolve("V1__items.sql"), "CREATE TABLE items (id INT PRIMARY KEY);");
        Files.writeString(folder.resolve("V2__seed.sql"), "INSERT INTO items (id) VALUES (1);\nINSERT INTO items (id) VALUES (2);");
        Files.writeString(folder.resolve("notes.txt"), "not a script");
        assertEquals(2, Migrations.migrate(ds, "feature.disk", folder));
        assertEquals(2, Migrations.migrate(ds, "feature.disk", folder));
        assertEquals(2, count("SELECT COUNT(*) FROM items"));
        assertEquals(2, count("SELECT COUNT(*) FROM PAUZ_SCHEMA_HISTORY WHERE owner = 'feature.disk'"));
    }

    @Test
    public void appliesAFolderInsideAJar() throws Exception {
        Path jar = temp.getRoot().toPath().resolve("feature.jar");
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of("create", "true"))) {
            Files.createDirectories(zip.getPath("db/migration"));
            Files.writeString(zip.getPath("db/migration/V1__t.sql"), "CREATE TABLE jar_t (id INT);");
        }
        try (FileSystem zip = FileSystems.newFileSystem(jar)) {
            assertEquals(1, Migrations.migrate(ds, "feature.jar", zip.getPath("db/migration")));
        }
        assertEquals(0, count("SELECT COUNT(*) FROM jar_t"));
    }

    @Test
    public void aFailingScriptIsAnSqlExceptionNamingTheOwner() throws Exception {
        Path folder = temp.newFolder("broken").toPath();
        Files.writeString(folder.resolve("V1__broken.sql"), "CREATE TABLE oops (;");
        try {
            Migrations.migrate(ds, "feature.broken", folder);
            fail();
        } catch (SQLException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("feature.broken"));
        }
    }

    private int count(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
