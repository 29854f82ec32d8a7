package io.callcenter.crm.deals;

import io.callcenter.crm.shared.FieldProblem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Deals and the pipeline; every stage change is kept for the contact's timeline. */
@Service
public class Deals {

    /** How many deals, worth how much, are at a stage now. */
    public record StageTotal(Deal.Stage stage, int count, BigDecimal amount) {
    }

    public sealed interface Result {
        record Saved(Deal deal) implements Result {
        }

        record Invalid(List<FieldProblem> problems) implements Result {
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    Deals(JdbcClient jdbc, TransactionTemplate tx, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    private static final String SELECT = "select d.*, c.name as contact_name from deals d join contacts c on c.id = d.contact_id";

    public Optional<Deal> find(long id) {
        return jdbc.sql(SELECT + " where d.id = :id").param("id", id).query(Deals::row).optional();
    }

    public List<Deal> forContact(long contactId) {
        return jdbc.sql(SELECT + " where d.contact_id = :c order by d.updated_at desc").param("c", contactId)
                .query(Deals::row).list();
    }

    public Result create(long contactId, String title, BigDecimal amount, String owner) {
        List<FieldProblem> problems = new ArrayList<>();
        if (title == null || title.isBlank() || title.length() > 200) {
            problems.add(new FieldProblem("title", "is required (at most 200 characters)"));
        }
        if (amount != null && amount.signum() < 0) {
            problems.add(new FieldProblem("amount", "cannot be negative"));
        }
        if (!problems.isEmpty()) {
            return new Result.Invalid(problems);
        }
        return tx.execute(status -> {
            Timestamp now = Timestamp.from(clock.instant());
            long id = jdbc.sql("""
                            insert into deals (contact_id, title, amount, stage, owner, created_at, updated_at)
                            values (:c, :t, :a, 'LEAD', :o, :now, :now) returning id""")
                    .param("c", contactId).param("t", title.strip()).param("a", amount).param("o", owner).param("now", now)
                    .query(Long.class).single();
            jdbc.sql("insert into deal_stage_changes (deal_id, from_stage, to_stage, changed_by, changed_at) values (:d, null, 'LEAD', :o, :now)")
                    .param("d", id).param("o", owner).param("now", now).update();
            return new Result.Saved(find(id).orElseThrow());
        });
    }

    /** Moves a deal to another stage, keeping the change. */
    public Optional<Deal> move(long id, Deal.Stage to, String by) {
        return tx.execute(status -> {
            Optional<Deal> deal = find(id);
            if (deal.isEmpty() || deal.get().stage() == to) {
                return deal;
            }
            Timestamp now = Timestamp.from(clock.instant());
            jdbc.sql("update deals set stage = :s, updated_at = :now where id = :id")
                    .param("s", to.name()).param("now", now).param("id", id).update();
            jdbc.sql("insert into deal_stage_changes (deal_id, from_stage, to_stage, changed_by, changed_at) values (:d, :f, :t, :b, :now)")
                    .param("d", id).param("f", deal.get().stage().name()).param("t", to.name()).param("b", by).param("now", now)
                    .update();
            return find(id);
        });
    }

    /** The funnel: deals and their worth at each stage, every stage listed. */
    public List<StageTotal> funnel() {
        Map<Deal.Stage, StageTotal> totals = new EnumMap<>(Deal.Stage.class);
        for (Deal.Stage s : Deal.Stage.values()) {
            totals.put(s, new StageTotal(s, 0, BigDecimal.ZERO));
        }
        jdbc.sql("select stage, count(*), coalesce(sum(amount), 0) from deals group by stage")
                .query((rs, n) -> totals.put(Deal.Stage.valueOf(rs.getString(1)),
                        new StageTotal(Deal.Stage.valueOf(rs.getString(1)), rs.getInt(2), rs.getBigDecimal(3))))
                .list();
        return List.copyOf(totals.values());
    }

    private static Deal row(ResultSet rs, int n) throws SQLException {
        return new Deal(rs.getLong("id"), rs.getLong("contact_id"), rs.getString("contact_name"), rs.getString("title"),
                rs.getBigDecimal("amount"), Deal.Stage.valueOf(rs.getString("stage")), rs.getString("owner"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
