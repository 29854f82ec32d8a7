package io.callcenter.crm.calls;

import io.callcenter.crm.shared.FieldProblem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Optional;

/** The outcomes agents choose from when they wrap up a call; admins keep the list. */
@Service
public class Dispositions {

    private final JdbcClient jdbc;

    Dispositions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<String> active() {
        return jdbc.sql("select name from dispositions where active order by position, name").query(String.class).list();
    }

    /** Adds an outcome at the end of the list (or brings back a removed one); returns what is wrong instead, if anything. */
    public Optional<FieldProblem> add(String name) {
        if (name == null || name.isBlank() || name.strip().length() > 100) {
            return Optional.of(new FieldProblem("name", "is required (at most 100 characters)"));
        }
        jdbc.sql("""
                        insert into dispositions (name, position)
                        values (:n, coalesce((select max(position) + 1 from dispositions), 1))
                        on conflict (name) do update set active = true""")
                .param("n", name.strip()).update();
        return Optional.empty();
    }

    /** Takes an outcome off the list; calls already wrapped up with it keep it. */
    public void remove(String name) {
        jdbc.sql("update dispositions set active = false where name = :n").param("n", name).update();
    }

    public boolean isActive(String name) {
        return jdbc.sql("select count(*) from dispositions where name = :n and active").param("n", name)
                .query(Integer.class).single() > 0;
    }
}
