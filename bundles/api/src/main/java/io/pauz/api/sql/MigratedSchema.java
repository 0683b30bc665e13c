package io.pauz.api.sql;

import org.osgi.annotation.versioning.ProviderType;

/** A bundle's tables are at {@link #version()}: every migration it ships has been applied. */
@ProviderType
public interface MigratedSchema {
    /** Manifest header naming a bundle's migration folder. */
    String MIGRATIONS_HEADER = "Pauz-Migrations";
    /** Service property carrying the owning bundle's symbolic name. */
    String SCHEMA_PROPERTY = "pauz.schema";
    /** Service property of the DataSource naming the SQL provider. */
    String PROVIDER_PROPERTY = "pauz.sql.provider";

    /** Symbolic name of the bundle that owns these tables. */
    String owner();

    /** Highest migration version applied. */
    int version();
}
