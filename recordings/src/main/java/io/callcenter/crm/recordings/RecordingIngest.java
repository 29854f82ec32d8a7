package io.callcenter.crm.recordings;

import io.callcenter.crm.calls.CallEnded;
import io.callcenter.crm.outbox.FactConsumer;
import io.callcenter.crm.recordings.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Every recorded call's file, safe in the object store and attached to its call. A call that ends with a
 * MixMonitor file is queued ({@link CallEnded} from the outbox, so none is missed); every node then takes
 * queued files one at a time ({@code for update skip locked}: exactly one node stores a given file),
 * waits until the file has not changed for {@code crm.recordings.settle} (MixMonitor may still be writing),
 * streams it to the bucket, verifies the stored copy (size and SHA-256), records it and attaches it to the
 * call in one transaction, and only after that commits deletes the spool file. A file not there yet or a
 * store that is down leaves the call queued, tried again with a growing delay (up to an hour); the same
 * object key per call means a retry replaces, never duplicates.
 *
 * <p>With {@code crm.recordings.fetch=ari} the PBX's folder is not mounted: a due file is fetched over ARI
 * into the local spool first (whole, or not at all), and once stored it is deleted from the PBX as well.
 */
@Component
@EnableConfigurationProperties(RecordingsProperties.class)
public class RecordingIngest implements FactConsumer<CallEnded>, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RecordingIngest.class);
    private static final Duration MAX_DELAY = Duration.ofHours(1);
    /** Files taken per pass at most: a backlog (a spool not mounted yet) is worked through, not hammered. */
    private static final int PER_PASS = 100;
    /** The first wait for a file that is not in the spool: a busy PBX may flush it a little after the hang-up. */
    private static final Duration FIRST_MISSING_DELAY = Duration.ofSeconds(10);

    private record Queued(long callId, String asteriskFile, int attempts) {
    }

    /** What one pass did. */
    public record Pass(int stored, int waiting) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ObjectStore store;
    private final RecordingsProperties properties;
    private final RecordingFiles files;
    /** Set when files are fetched over ARI instead of read from a shared folder. */
    private final AriRecordings ari;
    private final Clock clock;
    private final Semaphore queued = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    RecordingIngest(JdbcClient jdbc, TransactionTemplate tx, ObjectStore store, RecordingsProperties properties,
                    @Value("${crm.data-dir:./data}") Path dataDir, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.store = store;
        this.properties = properties;
        this.files = new RecordingFiles(properties, dataDir);
        this.ari = files.ari();
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Override
    public Class<CallEnded> fact() {
        return CallEnded.class;
    }

    /** A recorded call ended: its file is queued to be stored (once, however often this comes). */
    @Override
    public void accept(CallEnded ended) {
        if (ended.recordingFile() == null || ended.recordingFile().isBlank()) {
            return;
        }
        // first looked at once MixMonitor has had time to finish the file
        enqueue(ended.callId(), ended.recordingFile(), clock.instant().plus(properties.settle()));
    }

    /** The spool file of a file the PBX names (its path under {@code crm.recordings.asterisk-dir}). */
    Path spoolFile(String asteriskFile) {
        return files.local(asteriskFile);
    }

    /** Where the PBX's files are, for the orphan scan. */
    RecordingFiles files() {
        return files;
    }

    /** Queues a file for a call that ended without one queued (found by the orphan scan); false if already there. */
    boolean queue(long callId, String asteriskFile) {
        return enqueue(callId, asteriskFile, clock.instant());
    }

    /** Queues the call's file, first looked at {@code firstAttempt}: once per call, and never once it is stored. */
    private boolean enqueue(long callId, String asteriskFile, Instant firstAttempt) {
        int added = jdbc.sql("""
                        insert into recording_ingest (call_id, asterisk_file, next_attempt_at, created_at)
                        select :call, :file, :first, :now
                         where not exists (select 1 from recordings where call_id = :call)
                        on conflict (call_id) do nothing""")
                .param("call", callId).param("file", asteriskFile).param("first", Timestamp.from(firstAttempt))
                .param("now", Timestamp.from(clock.instant())).update();
        if (added > 0) {
            queued.release();
        }
        return added > 0;
    }

    /** One pass: stores what is due and ready, one file per transaction, at most {@value #PER_PASS} files. */
    public Pass ingestDue() {
        int stored = 0;
        int waiting = 0;
        while (stored + waiting < PER_PASS) {
            Boolean result = tx.execute(status -> {
                List<Queued> next = jdbc.sql("""
                                select call_id, asterisk_file, attempts from recording_ingest where next_attempt_at <= :now
                                 order by next_attempt_at, call_id limit 1 for update skip locked""")
                        .param("now", Timestamp.from(clock.instant()))
                        .query((rs, n) -> new Queued(rs.getLong(1), rs.getString(2), rs.getInt(3))).list();
                if (next.isEmpty()) {
                    return null;
                }
                return ingest(next.get(0));
            });
            if (result == null) {
                return new Pass(stored, waiting);
            }
            if (result) {
                stored++;
            } else {
                waiting++;
            }
        }
        return new Pass(stored, waiting);
    }

    /** Inside the transaction holding the queued row: true once stored and attached. */
    private boolean ingest(Queued q) {
        Path file;
        try {
            file = spoolFile(q.asteriskFile());
        } catch (IllegalArgumentException e) {
            return putOff(q, e.getMessage(), Duration.ofSeconds(1));
        }
        String ariName = null;
        try {
            if (ari != null) {
                // first looked at crm.recordings.settle after the call ended: MixMonitor has closed the file
                ariName = files.ariName(q.asteriskFile());
                if (!Files.exists(file)) {
                    ari.fetch(ariName, file);
                }
            } else {
                if (!Files.exists(file)) {
                    return putOff(q, "not in the spool (" + file + ") yet", FIRST_MISSING_DELAY);
                }
                Instant modified = Files.getLastModifiedTime(file).toInstant();
                if (modified.plus(properties.settle()).isAfter(clock.instant())) {
                    return later(q, properties.settle(), "still being written");
                }
            }
            Map<String, String> meta = jdbc.sql("""
                            select agent_username, remote_number, local_number, started_at, ended_at from calls where id = :id""")
                    .param("id", q.callId()).query((rs, n) -> {
                        Map<String, String> m = new HashMap<>();
                        m.put("call-id", String.valueOf(q.callId()));
                        m.put("agent", String.valueOf(rs.getString("agent_username")));
                        m.put("remote-number", String.valueOf(rs.getString("remote_number")));
                        m.put("local-number", String.valueOf(rs.getString("local_number")));
                        Instant started = rs.getTimestamp("started_at").toInstant();
                        m.put("started-at", String.valueOf(started));
                        Timestamp ended = rs.getTimestamp("ended_at");
                        if (ended != null) {
                            m.put("duration-seconds", String.valueOf(Duration.between(started, ended.toInstant()).toSeconds()));
                        }
                        return m;
                    }).single();
            String name = file.getFileName().toString();
            meta.put("format", name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "");
            meta.put("size-bytes", String.valueOf(Files.size(file)));
            String key = "calls/" + q.callId() + "/" + file.getFileName();
            ObjectStore.Stored stored = store.put(key, file, contentType(file), meta);
            UUID id = UUID.randomUUID();
            jdbc.sql("""
                            insert into recordings (id, call_id, object_key, size_bytes, sha256, content_type, stored_at)
                            values (:id, :call, :key, :size, :sha, :type, :now)""")
                    .param("id", id).param("call", q.callId()).param("key", stored.key()).param("size", stored.size())
                    .param("sha", stored.sha256()).param("type", contentType(file))
                    .param("now", Timestamp.from(clock.instant())).update();
            jdbc.sql("update calls set recording_id = :id where id = :call").param("id", id).param("call", q.callId()).update();
            jdbc.sql("delete from recording_ingest where call_id = :call").param("call", q.callId()).update();
            String storedName = ariName;
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        log.warn("Recording of call {} is stored; its spool file {} could not be deleted: {}", q.callId(), file,
                                e.toString());
                    }
                    if (storedName != null) {
                        try {
                            ari.delete(storedName);
                        } catch (IOException e) {
                            log.warn("Recording of call {} is stored; the PBX still holds '{}' (ARI delete failed: {})",
                                    q.callId(), storedName, e.getMessage());
                        }
                    }
                }
            });
            log.info("Stored the recording of call {} ({} bytes, SHA-256 {})", q.callId(), stored.size(), stored.sha256());
            return true;
        } catch (AriRecordings.NotFound e) {
            return putOff(q, e.getMessage(), FIRST_MISSING_DELAY);
        } catch (IllegalArgumentException e) {
            return putOff(q, e.getMessage(), Duration.ofMinutes(1));
        } catch (IOException e) {
            return putOff(q, e.getMessage(), Duration.ofSeconds(1));
        }
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString().toLowerCase();
        return name.endsWith(".wav") ? "audio/wav" : name.endsWith(".mp3") ? "audio/mpeg" : "application/octet-stream";
    }

    /** Tried again later, each time later ({@code first}, doubling up to an hour). */
    private boolean putOff(Queued q, String why, Duration first) {
        int attempts = q.attempts() + 1;
        Duration delay = first.multipliedBy(1L << Math.min(attempts - 1, 12));
        if (delay.compareTo(MAX_DELAY) > 0) {
            delay = MAX_DELAY;
        }
        if (attempts == 1 || attempts % 10 == 0) {
            log.warn("Recording of call {} not stored yet (attempt {}): {}; next try in {}", q.callId(), attempts, why, delay);
        }
        jdbc.sql("update recording_ingest set attempts = :a, next_attempt_at = :next, last_error = :why where call_id = :call")
                .param("a", attempts).param("next", Timestamp.from(clock.instant().plus(delay))).param("why", why)
                .param("call", q.callId()).update();
        return false;
    }

    /** Looked at again after {@code wait}, not counted as a failed attempt. */
    private boolean later(Queued q, Duration wait, String why) {
        jdbc.sql("update recording_ingest set next_attempt_at = :next, last_error = :why where call_id = :call")
                .param("next", Timestamp.from(clock.instant().plus(wait))).param("why", why).param("call", q.callId()).update();
        return false;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(() -> {
            while (running) {
                try {
                    ingestDue();
                } catch (RuntimeException e) {
                    log.warn("Could not look for recordings to store ({}); trying again", e.toString());
                }
                try {
                    if (queued.tryAcquire(properties.poll().toMillis(), TimeUnit.MILLISECONDS)) {
                        queued.drainPermits();
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "recording-ingest");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
