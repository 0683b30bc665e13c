package io.pauz.sql.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.pauz.sql.derby}. */
@ObjectClassDefinition(name = "PAUZ SmartSQL (Derby)")
@interface DerbyConfig {
    @AttributeDefinition(description = "embedded: a database under <data dir>/db; network: a Derby network server")
    String mode() default "embedded";

    @AttributeDefinition(description = "Database name")
    String database() default "pauz";

    @AttributeDefinition(description = "network mode: server host")
    String host() default "127.0.0.1";

    @AttributeDefinition(description = "network mode: server port")
    int port() default 1527;

    String user() default "pauz";

    @AttributeDefinition(type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    /** Leading dot (DS private property): the password never becomes a service property. */
    String _password() default "";

    @AttributeDefinition(description = "embedded mode: also serve this database over the network for other nodes")
    boolean serve() default false;

    @AttributeDefinition(description = "Address the network server binds when serve=true")
    String serve_host() default "127.0.0.1";

    int serve_port() default 1527;

    @AttributeDefinition(description = "Largest number of pooled connections")
    int pool_size() default 10;
}
