package io.pauz.sql.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.pauz.api.health.HealthStatus;

public class DerbyDataSourceTest {
    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    public interface NoteMapper {
        @Insert("INSERT INTO notes (id, text) VALUES (#{id}, #{text})")
        void insert(@Param("id") int id, @Param("text") String text);

        @Select("SELECT text FROM notes WHERE id = #{id}")
        String text(int id);
    }

    @Test
    public void embeddedDatabaseUnderTheDataDirectory() throws Exception {
        Path data = temp.newFolder("data").toPath();
        DerbyDataSource ds = new DerbyDataSource(Configs.of(DerbyConfig.class, Map.of()), data);
        try {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))");
                s.execute("INSERT INTO t VALUES (1, 'héllo')");
                try (ResultSet rs = s.executeQuery("SELECT v FROM t WHERE id = 1")) {
                    assertTrue(rs.next());
                    assertEquals("héllo", rs.getString(1));
                }
            }
            assertTrue(Files.isDirectory(data.resolve("db/pauz")));
            assertEquals(HealthStatus.State.UP, ds.check().state());
        } finally {
            ds.close();
        }
        // Closed cleanly: the same database opens again with its data.
        DerbyDataSource again = new DerbyDataSource(Configs.of(DerbyConfig.class, Map.of()), data);
        try (Connection c = again.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
        } finally {
            again.close();
        }
    }

    @Test
    public void myBatisAnnotationMappersWorkThroughThePool() throws Exception {
        DerbyDataSource ds = new DerbyDataSource(Configs.of(DerbyConfig.class, Map.of()), temp.newFolder().toPath());
        try {
            new Migrator(ds).migrate("test", java.util.List.of(
                    Migration.of("V1__notes.sql", "CREATE TABLE notes (id INT PRIMARY KEY, text VARCHAR(100));").get()));
            org.apache.ibatis.session.Configuration cfg = new org.apache.ibatis.session.Configuration(
                    new Environment("t", new JdbcTransactionFactory(), ds));
            cfg.addMapper(NoteMapper.class);
            SqlSessionFactory factory = new SqlSessionFactoryBuilder().build(cfg);
            try (SqlSession session = factory.openSession(false)) {
                session.getMapper(NoteMapper.class).insert(1, "first");
                session.commit();
            }
            try (SqlSession session = factory.openSession(true)) {
                assertEquals("first", session.getMapper(NoteMapper.class).text(1));
            }
        } finally {
            ds.close();
        }
    }
}
