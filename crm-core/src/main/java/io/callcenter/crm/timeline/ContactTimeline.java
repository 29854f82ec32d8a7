package io.callcenter.crm.timeline;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.util.List;

/**
 * Everything that happened with a contact in one list, newest first: calls with their outcome and note,
 * notes, tasks, deal stage changes. One query over the tables that hold them.
 */
@Service
public class ContactTimeline {

    private final JdbcClient jdbc;

    ContactTimeline(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<TimelineEntry> of(long contactId, int limit) {
        return jdbc.sql("""
                        select * from (
                          select started_at as at, 'CALL' as kind,
                                 initcap(lower(direction)) || ' call · ' || replace(initcap(lower(status)), '_', ' ') as title,
                                 concat_ws(': ', disposition, note) as detail, agent_username as by, id as call_id
                            from calls where contact_id = :c
                          union all
                          select created_at, 'NOTE', 'Note', body, author, null from contact_notes where contact_id = :c
                          union all
                          select created_at, 'TASK',
                                 case when type = 'CALLBACK' then 'Call-back' else 'Reminder' end
                                   || case when status = 'DONE' then ' · done' else ' · due ' || to_char(due_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC' end,
                                 note, assignee, call_id from tasks where contact_id = :c
                          union all
                          select s.changed_at, 'DEAL', d.title || ': ' || coalesce(initcap(lower(s.from_stage)) || ' → ', '') || initcap(lower(s.to_stage)),
                                 case when d.amount is null then null else 'Amount ' || d.amount end, s.changed_by, null
                            from deal_stage_changes s join deals d on d.id = s.deal_id where d.contact_id = :c
                        ) t order by at desc limit :limit""")
                .param("c", contactId).param("limit", limit)
                .query((rs, n) -> new TimelineEntry(rs.getTimestamp("at").toInstant(),
                        TimelineEntry.Kind.valueOf(rs.getString("kind")), rs.getString("title"), rs.getString("detail"),
                        rs.getString("by"), rs.getObject("call_id") == null ? null : rs.getLong("call_id")))
                .list();
    }
}
