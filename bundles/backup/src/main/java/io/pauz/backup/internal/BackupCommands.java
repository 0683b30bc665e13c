package io.pauz.backup.internal;

import java.nio.file.Path;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo: {@code pauz:backup} (runs one and waits), {@code pauz:backups} (lists archives),
 * {@code pauz:restore <archive|zip file> <new data dir>}, {@code pauz:verify <archive|zip file>}.
 */
@Component(service = BackupCommands.class, property = { "osgi.command.scope=pauz", "osgi.command.function=backup",
        "osgi.command.function=backups", "osgi.command.function=restore", "osgi.command.function=verify" })
public class BackupCommands {
    private final BackupComponent backups;

    @Activate
    public BackupCommands(@Reference BackupComponent backups) {
        this.backups = backups;
    }

    public String backup() throws InterruptedException {
        ArchiveInfo a = backups.backupAndWait();
        return String.format("backup %s: %d objects (%d bytes), database %d files (%d bytes), archive %d bytes%n",
                a.name(), a.objects(), a.objectBytes(), a.databaseFiles(), a.databaseBytes(), a.size());
    }

    public String backups() {
        StringBuilder out = new StringBuilder(String.format("%-24s %-26s %10s %12s %8s %14s%n", "ARCHIVE", "CREATED",
                "OBJECTS", "OBJ BYTES", "DB FILES", "SIZE"));
        for (ArchiveInfo a : backups.engine().list()) {
            out.append(String.format("%-24s %-26s %10d %12d %8d %14d%n", a.name(), a.createdAt(), a.objects(),
                    a.objectBytes(), a.databaseFiles(), a.size()));
        }
        return out.toString();
    }

    public String restore(String archive, String targetDir) {
        RestoreResult r = backups.engine().restore(archive, Path.of(targetDir));
        return String.format("restored %s into %s: database %s (%d files); %d objects (%d bytes) are put back when PAUZ"
                + " starts with PAUZ_DATA=%s (health is DOWN until done)%n", r.archive(), r.target(), r.database(),
                r.databaseFiles(), r.objects(), r.objectBytes(), r.target());
    }

    public String verify(String archive) {
        Manifest m = backups.engine().verify(archive);
        return String.format("%s is whole: %d objects, database %s (%d files), every checksum matches%n", archive,
                m.objects().count(), m.database().name(), m.database().files());
    }
}
