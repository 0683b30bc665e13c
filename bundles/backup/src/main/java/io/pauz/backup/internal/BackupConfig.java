package io.pauz.backup.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.pauz.backup} (all optional). */
@ObjectClassDefinition(name = "PAUZ backup")
@interface BackupConfig {
    @AttributeDefinition(description = "Where archives are assembled before the one atomic put; empty: <data dir>/backup-work")
    String work_dir() default "";

    @AttributeDefinition(description = "Keep only the newest N archives after a backup (0: keep all)")
    int keep() default 0;

    @AttributeDefinition(description = "Put the objects of an archive waiting in <data dir>/restore/ into the bucket store at start")
    boolean restore_on_start() default true;
}
