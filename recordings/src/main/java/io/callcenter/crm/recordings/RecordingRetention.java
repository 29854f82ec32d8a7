package io.callcenter.crm.recordings;

import io.callcenter.crm.recordings.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deletes recordings past their retention: {@code crm.recordings.retention-days} from the call's start, or
 * the call's queue's own ({@code retention-days-by-queue}); a call under legal hold keeps its recording
 * whatever its age. The object goes from the store and the recording is marked deleted, so the call still
 * says it had one. Run nightly (Quartz, one node); safe to run again.
 */
@Service
public class RecordingRetention {

    private static final Logger log = LoggerFactory.getLogger(RecordingRetention.class);

    private record Expired(String id, String key, long callId) {
    }

    /** Recordings kept now: how many, how many bytes. */
    public record Usage(long recordings, long bytes) {
    }

    private final JdbcClient jdbc;
    private final ObjectStore store;
    private final RecordingsProperties properties;
    private final Clock clock;

    RecordingRetention(JdbcClient jdbc, ObjectStore store, RecordingsProperties properties, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.properties = properties;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** Deletes what is past retention; returns how many recordings were deleted. */
    public int deleteExpired() {
        Instant now = clock.instant();
        List<Expired> expired = new ArrayList<>();
        for (Map.Entry<String, Integer> queue : properties.retentionDaysByQueue().entrySet()) {
            expired.addAll(candidates("c.queue = :queue", queue.getKey(), now.minus(Duration.ofDays(queue.getValue()))));
        }
        String others = properties.retentionDaysByQueue().isEmpty() ? "true"
                : "(c.queue is null or c.queue <> all(:queues))";
        expired.addAll(candidates(others, null, now.minus(Duration.ofDays(properties.retentionDays()))));
        int deleted = 0;
        for (Expired e : expired) {
            try {
                store.delete(e.key());
                jdbc.sql("update recordings set deleted_at = :now where id = cast(:id as uuid) and deleted_at is null")
                        .param("now", Timestamp.from(now)).param("id", e.id()).update();
                deleted++;
            } catch (IOException ex) {
                log.warn("Recording of call {} is past retention but could not be deleted now: {}", e.callId(), ex.getMessage());
            }
        }
        if (deleted > 0) {
            log.info("Deleted {} recording(s) past their retention", deleted);
        }
        return deleted;
    }

    private List<Expired> candidates(String which, String queue, Instant startedBefore) {
        var spec = jdbc.sql("""
                        select r.id, r.object_key, r.call_id from recordings r join calls c on c.id = r.call_id
                         where r.deleted_at is null and not c.legal_hold and c.started_at < :before""" + " and " + which)
                .param("before", Timestamp.from(startedBefore));
        if (queue != null) {
            spec = spec.param("queue", queue);
        } else if (!properties.retentionDaysByQueue().isEmpty()) {
            spec = spec.param("queues", properties.retentionDaysByQueue().keySet().toArray(String[]::new));
        }
        return spec.query((rs, n) -> new Expired(rs.getString(1), rs.getString(2), rs.getLong(3))).list();
    }

    /** Places or lifts a legal hold on a call: while held, its recording is never deleted. */
    public boolean hold(long callId, boolean held) {
        return jdbc.sql("update calls set legal_hold = :h where id = :id").param("h", held).param("id", callId).update() == 1;
    }

    /** What the store holds for the CRM now. */
    public Usage usage() {
        return jdbc.sql("select count(*), coalesce(sum(size_bytes), 0) from recordings where deleted_at is null")
                .query((rs, n) -> new Usage(rs.getLong(1), rs.getLong(2))).single();
    }
}
