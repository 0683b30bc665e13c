package io.pauz.sql.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;

/**
 * SmartSQL throughput on embedded Derby through MyBatis: single-row inserts (one commit each),
 * batched inserts, and primary-key selects. Bounded counts. Prints a table, writes
 * {@code target/bench-sql.json}. Run: {@code tests/bench/storage.sh}.
 */
public final class SqlBench {
    public interface Mapper {
        @Insert("INSERT INTO bench (id, user_id, words) VALUES (#{id}, #{user}, #{words})")
        void insert(@Param("id") int id, @Param("user") String user, @Param("words") int words);

        @Select("SELECT words FROM bench WHERE id = #{id}")
        Integer words(int id);
    }

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("pauz-sql-bench");
        DerbyDataSource ds = new DerbyDataSource(Configs.of(DerbyConfig.class, Map.of()), data);
        try {
            new Migrator(ds).migrate("bench", List.of(Migration.of("V1__bench.sql",
                    "CREATE TABLE bench (id INT PRIMARY KEY, user_id VARCHAR(36), words INT);").orElseThrow()));
            org.apache.ibatis.session.Configuration cfg = new org.apache.ibatis.session.Configuration(
                    new Environment("bench", new JdbcTransactionFactory(), ds));
            cfg.addMapper(Mapper.class);
            SqlSessionFactory f = new SqlSessionFactoryBuilder().build(cfg);

            int single = 2000;
            long t0 = System.nanoTime();
            for (int i = 0; i < single; i++) {
                try (SqlSession s = f.openSession(true)) {
                    s.getMapper(Mapper.class).insert(i, "u" + (i % 50), i % 700);
                }
            }
            double singleRate = single / ((System.nanoTime() - t0) / 1e9);

            int batch = 20000;
            long t1 = System.nanoTime();
            try (SqlSession s = f.openSession(ExecutorType.BATCH, false)) {
                Mapper m = s.getMapper(Mapper.class);
                for (int i = 0; i < batch; i++) {
                    m.insert(single + i, "u" + (i % 50), i % 700);
                    if (i % 1000 == 999) {
                        s.flushStatements();
                    }
                }
                s.commit();
            }
            double batchRate = batch / ((System.nanoTime() - t1) / 1e9);

            int selects = 20000;
            long t2 = System.nanoTime();
            try (SqlSession s = f.openSession(true)) {
                Mapper m = s.getMapper(Mapper.class);
                for (int i = 0; i < selects; i++) {
                    m.words((i * 7919) % (single + batch));
                }
            }
            double selectRate = selects / ((System.nanoTime() - t2) / 1e9);

            System.out.printf("%-40s %12s%n", "SmartSQL (Derby embedded, MyBatis)", "ops/s");
            System.out.printf("%-40s %12.0f%n", "insert, one commit each (" + single + ")", singleRate);
            System.out.printf("%-40s %12.0f%n", "insert, batched, one commit (" + batch + ")", batchRate);
            System.out.printf("%-40s %12.0f%n", "select by primary key (" + selects + ")", selectRate);
            Files.writeString(Path.of("target", "bench-sql.json"), String.format(
                    "{\"insert_single_per_s\": %.1f, \"insert_batch_per_s\": %.1f, \"select_pk_per_s\": %.1f}%n",
                    singleRate, batchRate, selectRate));
        } finally {
            ds.close();
        }
    }
}
