package io.pauz.admin.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.pauz.admin}; {@code config/io.pauz.admin.cfg} reads PAUZ_ADMIN_TOKEN. */
@ObjectClassDefinition(name = "PAUZ admin")
@interface AdminConfig {
    @AttributeDefinition(description = "Bearer token for /api/v1/admin; empty disables the admin API")
    String token() default "";

    @AttributeDefinition(description = "Paths (below /api/v1) that need the admin token")
    String[] paths() default { "admin", "metrics" };

    @AttributeDefinition(description = "Seconds a side-by-side update waits for the new revision's components before it "
            + "removes the new revision again (409 update_not_ready)")
    int update_ready_seconds() default 20;
}
