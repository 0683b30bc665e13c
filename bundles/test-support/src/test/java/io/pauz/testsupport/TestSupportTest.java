package io.pauz.testsupport;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.Test;

import io.pauz.api.sql.MigratedSchema;

public class TestSupportTest {
    @Retention(RetentionPolicy.RUNTIME)
    @interface SampleConfig {
        int max_items() default 5;

        String name() default "x";
    }

    @Test
    public void configsAnswerFromTheMapByPidKeyElseTheDefault() {
        SampleConfig c = Configs.of(SampleConfig.class, Map.of("max.items", 9));
        assertEquals(9, c.max_items());
        assertEquals("x", c.name());
        assertEquals(SampleConfig.class, ((java.lang.annotation.Annotation) c).annotationType());
    }

    @Test
    public void serviceIdsIncrease() {
        Map<String, Object> a = ServiceProps.of("x.id", "a", 5);
        Map<String, Object> b = ServiceProps.of("x.id", "b");
        assertTrue((Long) b.get("service.id") > (Long) a.get("service.id"));
        assertEquals(5, a.get("service.ranking"));
        assertEquals("b", b.get("x.id"));
    }

    @Test
    public void deletesAFolderTree() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("ts");
        java.nio.file.Files.createDirectories(dir.resolve("a/b"));
        java.nio.file.Files.writeString(dir.resolve("a/b/c.txt"), "x");
        TestFiles.delete(dir);
        assertTrue(!java.nio.file.Files.exists(dir));
        TestFiles.delete(dir); // already gone
    }

    @Test
    public void eachDatabaseIsFreshAndMigratedByTheRealRunner() throws Exception {
        EmbeddedDataSource one = TestDatabase.create("t");
        EmbeddedDataSource two = TestDatabase.create("t");
        assertNotEquals(one.getDatabaseName(), two.getDatabaseName());
        MigratedSchema schema = TestDatabase.migrate(one, "io.pauz.sample", Path.of("src/test/resources/db/migration"));
        assertEquals("io.pauz.sample", schema.owner());
        assertEquals(1, schema.version());
        try (Connection c = one.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT note FROM items")) {
            rs.next();
            assertEquals("a;b", rs.getString(1));
        }
        assertEquals(1, TestDatabase.count(one, "PAUZ_SCHEMA_HISTORY", "owner = 'io.pauz.sample'"));
        assertEquals(0, TestDatabase.count(two, "SYS.SYSTABLES", "tablename = 'ITEMS'"));
    }
}
