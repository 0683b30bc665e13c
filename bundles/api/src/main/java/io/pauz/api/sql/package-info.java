/**
 * SmartSQL: a {@code javax.sql.DataSource} service (property {@code pauz.sql.provider}) and versioned
 * schema migrations that every feature bundle ships for its own tables.
 *
 * <p>A feature bundle names its migration folder in the manifest header {@value io.pauz.api.sql.MigratedSchema#MIGRATIONS_HEADER}
 * (e.g. {@code db/migration}) holding {@code V1__create_x.sql}, {@code V2__...}; the SQL provider applies
 * them once, in order, each in a transaction, then registers a {@link io.pauz.api.sql.MigratedSchema}
 * service with {@code pauz.schema=<bundle symbolic name>}. Feature components reference it with that
 * target so they start only when their tables exist. Mappers: build a MyBatis {@code SqlSessionFactory}
 * from the DataSource with annotation mappers ({@code Configuration.addMapper}); give nullable
 * parameters their JDBC type ({@code #{name,jdbcType=VARCHAR}}): Derby accepts no untyped null.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.pauz.api.sql;
