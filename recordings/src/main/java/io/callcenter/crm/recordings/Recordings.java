package io.callcenter.crm.recordings;

import io.callcenter.crm.recordings.storage.ObjectStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The stored recordings: found by their id (a random UUID, not guessable), read from the store in ranges
 * (seeking in a player), and every attempt to hear or download one written to the access log, allowed or
 * not. Who may hear which recording is the access policy's to say, before any byte is read.
 */
@Service
public class Recordings {

    /** A stored recording of one call. */
    public record Recording(UUID id, long callId, String objectKey, long size, String sha256, String contentType,
                            Instant storedAt, Instant deletedAt) {
    }

    public enum Action { LISTEN, DOWNLOAD }

    /** One line of the access log. */
    public record Access(Instant at, String username, UUID recordingId, Long callId, Action action, boolean allowed,
                         String remoteAddress) {
    }

    private final JdbcClient jdbc;
    private final ObjectStore store;
    private final Clock clock;

    Recordings(JdbcClient jdbc, ObjectStore store, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    public Optional<Recording> find(UUID id) {
        return jdbc.sql("select * from recordings where id = :id").param("id", id)
                .query((rs, n) -> new Recording(rs.getObject("id", UUID.class), rs.getLong("call_id"), rs.getString("object_key"),
                        rs.getLong("size_bytes"), rs.getString("sha256"), rs.getString("content_type"),
                        rs.getTimestamp("stored_at").toInstant(),
                        rs.getTimestamp("deleted_at") == null ? null : rs.getTimestamp("deleted_at").toInstant()))
                .optional();
    }

    /** The recording's bytes from {@code offset}, {@code length} of them. */
    public InputStream open(Recording recording, long offset, long length) throws IOException {
        return store.open(recording.objectKey(), offset, length);
    }

    /** Writes who tried to hear or download which recording, from where, and whether it was allowed. */
    public void logAccess(String username, UUID recordingId, Long callId, Action action, boolean allowed, String remoteAddress) {
        jdbc.sql("""
                        insert into recording_access_log (at, username, recording_id, call_id, action, allowed, remote_address)
                        values (:at, :user, :rec, :call, :action, :allowed, :from)""")
                .param("at", Timestamp.from(clock.instant())).param("user", username).param("rec", recordingId)
                .param("call", callId).param("action", action.name()).param("allowed", allowed).param("from", remoteAddress)
                .update();
    }

    /** The access log, newest first. */
    public List<Access> accessLog(int offset, int limit) {
        return jdbc.sql("select * from recording_access_log order by at desc, id desc offset :o limit :l")
                .param("o", offset).param("l", limit)
                .query((rs, n) -> new Access(rs.getTimestamp("at").toInstant(), rs.getString("username"),
                        rs.getObject("recording_id", UUID.class), (Long) rs.getObject("call_id"),
                        Action.valueOf(rs.getString("action")), rs.getBoolean("allowed"), rs.getString("remote_address")))
                .list();
    }
}
