package io.pauz.sql.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class MigratorTest {
    @Rule
    public TemporaryFolder temp = new TemporaryFolder();
    private DerbyDataSource ds;
    private Migrator migrator;

    @Before
    public void open() throws Exception {
        ds = new DerbyDataSource(Configs.of(DerbyConfig.class, Map.of()), temp.newFolder().toPath());
        migrator = new Migrator(ds);
    }

    @After
    public void close() {
        ds.close();
    }

    private static Migration m(String name, String sql) {
        return Migration.of(name, sql).orElseThrow();
    }

    @Test
    public void appliesInVersionOrderOnce() throws Exception {
        List<Migration> scripts = List.of(
                m("V2__add_column.sql", "ALTER TABLE items ADD COLUMN note VARCHAR(50);"),
                m("V1__create_items.sql", "-- the items\nCREATE TABLE items (id INT PRIMARY KEY);\nCREATE INDEX items_id ON items (id);"),
                m("V10__seed.sql", "INSERT INTO items (id, note) VALUES (1, 'a;b');"));
        assertEquals(10, migrator.migrate("feature.a", scripts));
        assertEquals(10, migrator.migrate("feature.a", scripts)); // nothing again
        assertEquals(1, count("SELECT COUNT(*) FROM items"));
        assertEquals(3, count("SELECT COUNT(*) FROM PAUZ_SCHEMA_HISTORY WHERE owner = 'feature.a'"));
        assertEquals(0, migrator.migrate("feature.b", List.of()));
    }

    @Test
    public void aFailingScriptIsRolledBackAndReported() throws Exception {
        migrator.migrate("f", List.of(m("V1__ok.sql", "CREATE TABLE ok_t (id INT);")));
        try {
            migrator.migrate("f", List.of(m("V1__ok.sql", "CREATE TABLE ok_t (id INT);"),
                    m("V2__broken.sql", "CREATE TABLE half_t (id INT);\nCREATE TABLE oops (;")));
            fail("broken script applied");
        } catch (Migrator.MigrationException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("V2 (broken) failed and was rolled back"));
        }
        assertFalse("the first statement of the broken script is rolled back too", tableExists("HALF_T"));
        assertEquals(1, count("SELECT COUNT(*) FROM PAUZ_SCHEMA_HISTORY WHERE owner = 'f'"));
        // Fixed script: applies.
        assertEquals(2, migrator.migrate("f", List.of(m("V1__ok.sql", "CREATE TABLE ok_t (id INT);"),
                m("V2__broken.sql", "CREATE TABLE half_t (id INT);"))));
    }

    @Test
    public void anEditedAppliedScriptIsAnError() throws Exception {
        migrator.migrate("f", List.of(m("V1__t.sql", "CREATE TABLE t1 (id INT);")));
        try {
            migrator.migrate("f", List.of(m("V1__t.sql", "CREATE TABLE t1 (id BIGINT);")));
            fail("edited script accepted");
        } catch (Migrator.MigrationException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("changed after it was applied"));
        }
    }

    @Test
    public void duplicateVersionsAndBadNamesAreRejected() {
        assertTrue(Migration.of("create.sql", "x").isEmpty());
        assertTrue(Migration.of("V1_create.sql", "x").isEmpty());
        try {
            migrator.migrate("f", List.of(m("V1__a.sql", "x;"), m("V1__b.sql", "y;")));
            fail("duplicate versions accepted");
        } catch (Migrator.MigrationException e) {
            assertTrue(e.getMessage().contains("two scripts have version 1"));
        }
    }

    @Test
    public void splitsStatementsAtLineEndSemicolons() {
        assertEquals(List.of("CREATE TABLE a (x VARCHAR(3) DEFAULT ';')", "INSERT INTO a VALUES ('x')"),
                Migrator.statements("-- c\nCREATE TABLE a (x VARCHAR(3) DEFAULT ';');\n\nINSERT INTO a VALUES ('x');\n"));
    }

    private int count(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private boolean tableExists(String name) throws SQLException {
        try (Connection c = ds.getConnection(); ResultSet rs = c.getMetaData().getTables(null, null, name, null)) {
            return rs.next();
        }
    }
}
