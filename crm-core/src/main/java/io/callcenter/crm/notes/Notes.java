package io.callcenter.crm.notes;

import io.callcenter.crm.shared.FieldProblem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;

/** Notes people write on a contact; they show on the contact's timeline. */
@Service
public class Notes {

    public static final int MAX_LENGTH = 10_000;

    private final JdbcClient jdbc;
    private final Clock clock;

    Notes(JdbcClient jdbc, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** Adds a note to the contact; returns what is wrong with it instead, when something is. */
    public Optional<FieldProblem> add(long contactId, String author, String body) {
        if (body == null || body.isBlank()) {
            return Optional.of(new FieldProblem("note", "write something"));
        }
        if (body.strip().length() > MAX_LENGTH) {
            return Optional.of(new FieldProblem("note", "must be at most " + MAX_LENGTH + " characters"));
        }
        jdbc.sql("insert into contact_notes (contact_id, author, body, created_at) values (:c, :a, :b, :now)")
                .param("c", contactId).param("a", author).param("b", body.strip())
                .param("now", Timestamp.from(clock.instant()))
                .update();
        return Optional.empty();
    }
}
