package io.pauz.sql.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

/**
 * The one migration runner: applies an owner's scripts once, in version order, each in its own
 * transaction, and records them in {@code PAUZ_SCHEMA_HISTORY}. The history table is locked while an
 * owner migrates, so several nodes sharing a network database never apply a script twice.
 *
 * <p>Why not Flyway or Liquibase: both find scripts by scanning class paths, which does not see
 * inside other bundles, and both keep one history per schema while PAUZ needs one per bundle that
 * comes and goes at runtime. This runner takes its scripts from the bundle that owns them.
 */
final class Migrator {
    static final String HISTORY = "PAUZ_SCHEMA_HISTORY";

    /** A script that failed, or an applied script whose text changed since. */
    static final class MigrationException extends Exception {
        private static final long serialVersionUID = 1L;

        MigrationException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final DataSource dataSource;

    Migrator(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Applies what is missing and returns the owner's version afterwards (0 for no scripts). */
    int migrate(String owner, List<Migration> scripts) throws MigrationException {
        List<Migration> ordered = new ArrayList<>(scripts);
        ordered.sort(Comparator.comparingInt(Migration::version));
        Set<Integer> versions = new HashSet<>();
        for (Migration m : ordered) {
            if (!versions.add(m.version())) {
                throw new MigrationException(owner + ": two scripts have version " + m.version(), null);
            }
        }
        try (Connection c = dataSource.getConnection()) {
            ensureHistory(c);
            c.setAutoCommit(false);
            try {
                lockHistory(c);
                Map<Integer, String> applied = applied(c, owner);
                for (Migration m : ordered) {
                    String checksum = applied.get(m.version());
                    if (checksum != null && !checksum.equals(m.checksum())) {
                        throw new MigrationException(owner + ": V" + m.version() + " (" + m.description()
                                + ") was changed after it was applied; add a new version instead", null);
                    }
                }
                c.commit();
                int version = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
                for (Migration m : ordered) {
                    if (!applied.containsKey(m.version())) {
                        apply(c, owner, m);
                        version = Math.max(version, m.version());
                    }
                }
                return version;
            } finally {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new MigrationException(owner + ": cannot migrate: " + e.getMessage(), e);
        }
    }

    private void apply(Connection c, String owner, Migration m) throws MigrationException, SQLException {
        lockHistory(c);
        if (applied(c, owner).containsKey(m.version())) {
            c.commit(); // another node applied it meanwhile
            return;
        }
        try (Statement s = c.createStatement()) {
            for (String statement : statements(m.sql())) {
                s.execute(statement);
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + HISTORY
                    + " (owner, version, description, checksum, applied_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, owner);
                insert.setInt(2, m.version());
                insert.setString(3, m.description());
                insert.setString(4, m.checksum());
                insert.setTimestamp(5, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new MigrationException(owner + ": V" + m.version() + " (" + m.description() + ") failed and was rolled back: "
                    + e.getMessage(), e);
        }
    }

    private static void ensureHistory(Connection c) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, null, HISTORY, null)) {
            if (rs.next()) {
                return;
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + HISTORY + " (owner VARCHAR(255) NOT NULL, version INT NOT NULL, "
                    + "description VARCHAR(255) NOT NULL, checksum CHAR(64) NOT NULL, applied_at TIMESTAMP NOT NULL, "
                    + "PRIMARY KEY (owner, version))");
        } catch (SQLException e) {
            if (!"X0Y32".equals(e.getSQLState())) { // created by another node just now
                throw e;
            }
        }
    }

    private static void lockHistory(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE " + HISTORY + " IN EXCLUSIVE MODE");
        }
    }

    private static Map<Integer, String> applied(Connection c, String owner) throws SQLException {
        Map<Integer, String> applied = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT version, checksum FROM " + HISTORY + " WHERE owner = ?")) {
            q.setString(1, owner);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    applied.put(rs.getInt(1), rs.getString(2));
                }
            }
        }
        return applied;
    }

    /**
     * Splits a script into statements at semicolons that end a line, dropping {@code --} comment lines.
     * Scripts keep one statement per semicolon-terminated block, as Derby's ij does.
     */
    static List<String> statements(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\r?\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1).strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
