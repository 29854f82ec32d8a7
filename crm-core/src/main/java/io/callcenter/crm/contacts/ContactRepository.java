package io.callcenter.crm.contacts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for contacts and their phone numbers. Callers own the transaction. */
@Repository
class ContactRepository {

    /** A row before its phones are attached. */
    private record Row(long id, String name, String company, String email, String source, String notes,
                       Instant createdAt, Instant updatedAt) {
    }

    private static final String COLUMNS = "c.id, c.name, c.company, c.email, c.source, c.notes, c.created_at, c.updated_at";

    /** Matches a lower-cased text anywhere in name, company or e-mail (trigram-indexed), or an exact number. */
    private static final String MATCH = """
            (lower(c.name) like :pattern or lower(c.company) like :pattern or lower(c.email) like :pattern
             or c.id in (select p.contact_id from contact_phones p where p.e164 = :e164))""";

    private final JdbcClient jdbc;

    ContactRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(String name, String company, String email, String source, String notes, Instant now) {
        return jdbc.sql("""
                        insert into contacts (name, company, email, source, notes, created_at, updated_at)
                        values (:name, :company, :email, :source, :notes, :now, :now)
                        returning id""")
                .param("name", name).param("company", company).param("email", email)
                .param("source", source).param("notes", notes).param("now", Timestamp.from(now))
                .query(Long.class).single();
    }

    void update(long id, String name, String company, String email, String source, String notes, Instant now) {
        jdbc.sql("""
                        update contacts set name = :name, company = :company, email = :email, source = :source,
                               notes = :notes, updated_at = :now
                        where id = :id""")
                .param("id", id).param("name", name).param("company", company).param("email", email)
                .param("source", source).param("notes", notes).param("now", Timestamp.from(now))
                .update();
    }

    /** Replaces the contact's numbers; a number owned by another contact fails on the unique index. */
    void replacePhones(long contactId, List<PhoneNumber> phones) {
        jdbc.sql("delete from contact_phones where contact_id = :id").param("id", contactId).update();
        for (int i = 0; i < phones.size(); i++) {
            jdbc.sql("insert into contact_phones (contact_id, e164, position) values (:id, :e164, :pos)")
                    .param("id", contactId).param("e164", phones.get(i).e164()).param("pos", i)
                    .update();
        }
    }

    Optional<Long> ownerOf(PhoneNumber phone) {
        return jdbc.sql("select contact_id from contact_phones where e164 = :e164").param("e164", phone.e164())
                .query(Long.class).optional();
    }

    /**
     * Gives the number to the contact unless another contact holds it already; returns the owner the
     * number has afterwards. Relies on the unique index: a concurrent claim waits for the other
     * transaction and then finds the number taken.
     */
    Optional<Long> claimPhone(long contactId, PhoneNumber phone) {
        return jdbc.sql("""
                        insert into contact_phones (contact_id, e164, position)
                        values (:id, :e164, coalesce((select max(position) + 1 from contact_phones where contact_id = :id), 0))
                        on conflict (e164) do nothing
                        returning contact_id""")
                .param("id", contactId).param("e164", phone.e164())
                .query(Long.class).optional();
    }

    void delete(long contactId) {
        jdbc.sql("delete from contacts where id = :id").param("id", contactId).update();
    }

    /** Which contact, other than {@code exceptContactId}, already holds each of these numbers. */
    Map<PhoneNumber, Long> owners(Collection<PhoneNumber> phones, long exceptContactId) {
        if (phones.isEmpty()) {
            return Map.of();
        }
        Map<PhoneNumber, Long> owners = new LinkedHashMap<>();
        jdbc.sql("select e164, contact_id from contact_phones where e164 in (:phones) and contact_id <> :except")
                .param("phones", phones.stream().map(PhoneNumber::e164).toList())
                .param("except", exceptContactId)
                .query((rs, n) -> owners.put(new PhoneNumber(rs.getString(1)), rs.getLong(2)))
                .list();
        return owners;
    }

    Optional<Contact> find(long id) {
        return withPhones(jdbc.sql("select " + COLUMNS + " from contacts c where c.id = :id")
                .param("id", id).query(ContactRepository::row).list()).stream().findFirst();
    }

    List<Contact> findByPhone(PhoneNumber phone) {
        return withPhones(jdbc.sql("select " + COLUMNS + """
                         from contacts c join contact_phones p on p.contact_id = c.id
                        where p.e164 = :e164""")
                .param("e164", phone.e164()).query(ContactRepository::row).list());
    }

    /** A page of contacts matching the text (or all, when text is null), sorted by name, those named after a number last. */
    List<Contact> search(String text, PhoneNumber phone, int offset, int limit) {
        String where = text == null ? "" : " where " + MATCH;
        var spec = jdbc.sql("select " + COLUMNS + " from contacts c" + where
                + " order by (c.name !~ '^[[:alpha:]]'), lower(c.name), c.id offset :offset limit :limit");
        if (text != null) {
            spec = spec.param("pattern", likePattern(text)).param("e164", phone == null ? null : phone.e164());
        }
        return withPhones(spec.param("offset", offset).param("limit", limit).query(ContactRepository::row).list());
    }

    int count(String text, PhoneNumber phone) {
        if (text == null) {
            return jdbc.sql("select count(*) from contacts").query(Integer.class).single();
        }
        return jdbc.sql("select count(*) from contacts c where " + MATCH)
                .param("pattern", likePattern(text)).param("e164", phone == null ? null : phone.e164())
                .query(Integer.class).single();
    }

    private static String likePattern(String text) {
        String escaped = text.toLowerCase(java.util.Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }

    private List<Contact> withPhones(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<PhoneNumber>> phones = new LinkedHashMap<>();
        rows.forEach(r -> phones.put(r.id(), new ArrayList<>()));
        jdbc.sql("select contact_id, e164 from contact_phones where contact_id in (:ids) order by contact_id, position")
                .param("ids", List.copyOf(phones.keySet()))
                .query((rs, n) -> phones.get(rs.getLong(1)).add(new PhoneNumber(rs.getString(2))))
                .list();
        return rows.stream()
                .map(r -> new Contact(r.id(), r.name(), r.company(), phones.get(r.id()), r.email(), r.source(),
                        r.notes(), r.createdAt(), r.updatedAt()))
                .toList();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("name"), rs.getString("company"), rs.getString("email"),
                rs.getString("source"), rs.getString("notes"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
