package io.callcenter.crm.recordings;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Recording files no call claims. A call's file is normally queued when the call ends; a file written while
 * the CRM was down (or whose name the CRM never heard) is not. The scan looks at every file the PBX holds:
 * a file named after the Uniqueid of a call that ended without a recording is queued for that call; one
 * with no such call is listed for administrators (once it has been there {@code crm.recordings.orphan-age},
 * so a call still being recorded is not listed), until it is matched or removed.
 */
@Component
public class RecordingOrphans {

    private static final Logger log = LoggerFactory.getLogger(RecordingOrphans.class);

    /** What one scan found. */
    public record Scan(int files, int matched, int unclaimed) {
    }

    /** A file listed for administrators. */
    public record Orphan(String asteriskFile, Long sizeBytes, Instant firstSeenAt, String reason) {
    }

    private record Claim(long callId, boolean ended, boolean recorded) {
    }

    private final JdbcClient jdbc;
    private final RecordingIngest ingest;
    private final Clock clock;
    private final Duration age;

    RecordingOrphans(JdbcClient jdbc, RecordingIngest ingest, Optional<Clock> clock,
                     @Value("${crm.recordings.orphan-age:PT15M}") Duration age) {
        this.jdbc = jdbc;
        this.ingest = ingest;
        this.clock = clock.orElse(Clock.systemUTC());
        this.age = age;
    }

    /** Looks at every file the PBX holds now; queues what a call claims, lists the rest. */
    public Scan scan() throws IOException {
        Instant now = clock.instant();
        List<RecordingFiles.Found> found = ingest.files().list();
        int matched = 0;
        int unclaimed = 0;
        for (RecordingFiles.Found f : found) {
            if (queued(f.asteriskFile())) {
                continue;
            }
            String uniqueid = RecordingFiles.uniqueidOf(f.asteriskFile());
            Optional<Claim> claim = jdbc.sql("select id, ended_at is not null, recording_id is not null from calls where pbx_key = :key")
                    .param("key", uniqueid).query((rs, n) -> new Claim(rs.getLong(1), rs.getBoolean(2), rs.getBoolean(3))).optional();
            if (claim.isPresent() && !claim.get().ended()) {
                continue; // a call still going on: its file is still being written
            }
            if (claim.isPresent() && !claim.get().recorded()) {
                ingest.queue(claim.get().callId(), f.asteriskFile());
                forget(f.asteriskFile());
                matched++;
                log.info("Recording {} matched to call {} by its Uniqueid; queued to be stored", f.asteriskFile(), claim.get().callId());
                continue;
            }
            String reason = claim.isPresent()
                    ? "call " + claim.get().callId() + " (Uniqueid " + uniqueid + ") already has its recording: a second file of it"
                    : "no call has the Uniqueid " + uniqueid + " (written while the CRM was not connected, or not a call's recording)";
            Instant firstSeen = f.modifiedAt() != null && f.modifiedAt().isBefore(now) ? f.modifiedAt() : now;
            jdbc.sql("""
                            insert into recording_orphans (asterisk_file, size_bytes, first_seen_at, last_seen_at, reason)
                            values (:file, :size, :first, :now, :reason)
                            on conflict (asterisk_file) do update set size_bytes = excluded.size_bytes,
                                   last_seen_at = excluded.last_seen_at, reason = excluded.reason""")
                    .param("file", f.asteriskFile()).param("size", f.sizeBytes() < 0 ? null : f.sizeBytes())
                    .param("first", Timestamp.from(firstSeen)).param("now", Timestamp.from(now)).param("reason", reason).update();
            unclaimed++;
        }
        // files gone since (stored, or removed on the PBX) are no longer listed
        jdbc.sql("delete from recording_orphans where last_seen_at < :now").param("now", Timestamp.from(now)).update();
        return new Scan(found.size(), matched, unclaimed);
    }

    /** The unclaimed files that have been there at least {@code crm.recordings.orphan-age}, oldest first. */
    public List<Orphan> list(int offset, int limit) {
        return jdbc.sql("""
                        select asterisk_file, size_bytes, first_seen_at, reason from recording_orphans
                         where first_seen_at <= :settled order by first_seen_at, asterisk_file offset :offset limit :limit""")
                .param("settled", Timestamp.from(clock.instant().minus(age))).param("offset", offset).param("limit", limit)
                .query((rs, n) -> new Orphan(rs.getString(1), (Long) rs.getObject(2), rs.getTimestamp(3).toInstant(), rs.getString(4)))
                .list();
    }

    private boolean queued(String asteriskFile) {
        return jdbc.sql("select count(*) from recording_ingest where asterisk_file = :file").param("file", asteriskFile)
                .query(Long.class).single() > 0;
    }

    private void forget(String asteriskFile) {
        jdbc.sql("delete from recording_orphans where asterisk_file = :file").param("file", asteriskFile).update();
    }
}
