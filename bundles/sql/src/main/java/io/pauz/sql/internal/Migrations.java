package io.pauz.sql.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.pauz.api.sql.MigratedSchema;

/**
 * The migration runner for code outside OSGi: unit tests (through {@code io.pauz.testsupport.TestDatabase} of
 * bundles/test-support) migrate their database with the same {@link Migrator} and {@link Migration} parsing the
 * {@link MigrationExtender} uses, so a script that works in tests works in the runtime. Public only for that; the
 * package is not exported, bundles never see it.
 */
public final class Migrations {
    private Migrations() {
    }

    /**
     * Applies the owner's {@code V<n>__<name>.sql} scripts found in {@code folder} (a directory on disk, or one inside
     * a jar opened as a zip file system) and returns the owner's schema version afterwards.
     */
    public static int migrate(DataSource dataSource, String owner, Path folder) throws IOException, SQLException {
        List<Migration> scripts = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Migration.of(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8)).ifPresent(scripts::add);
            }
        }
        try {
            return new Migrator(dataSource).migrate(owner, scripts);
        } catch (Migrator.MigrationException e) {
            throw new SQLException(e.getMessage(), e);
        }
    }

    /** The {@link MigratedSchema} service object for an owner at a version, as the extender registers it. */
    public static MigratedSchema schema(String owner, int version) {
        return new Schema(owner, version);
    }

    private record Schema(String owner, int version) implements MigratedSchema {
    }
}
