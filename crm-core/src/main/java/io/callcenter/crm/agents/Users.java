package io.callcenter.crm.agents;

import io.callcenter.crm.shared.FieldProblem;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The users who log in: agents with their extensions, supervisors, managers, admins. */
@Service
public class Users {

    static final int MIN_PASSWORD = 8;
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{2,64}");
    private static final Pattern EXTENSION = Pattern.compile("[0-9]{2,10}");

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final PasswordEncoder encoder = new BCryptPasswordEncoder();

    Users(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    public PasswordEncoder passwordEncoder() {
        return encoder;
    }

    public Optional<UserAccount> findByUsername(String username) {
        return load(jdbc.sql("select * from users where username = :u").param("u", username)
                .query(Users::row).list()).stream().findFirst();
    }

    public Optional<UserAccount> findByExtension(String extension) {
        return load(jdbc.sql("select * from users where extension = :e").param("e", extension)
                .query(Users::row).list()).stream().findFirst();
    }

    public List<UserAccount> list(int offset, int limit) {
        return load(jdbc.sql("select * from users order by username offset :o limit :l")
                .param("o", offset).param("l", limit).query(Users::row).list());
    }

    public int count() {
        return jdbc.sql("select count(*) from users").query(Integer.class).single();
    }

    public boolean exists(String username) {
        return jdbc.sql("select count(*) from users where username = :u").param("u", username)
                .query(Integer.class).single() > 0;
    }

    /** Creates a user; the password must have at least {@value #MIN_PASSWORD} characters. */
    public UserResult create(NewUser user) {
        return create(user, MIN_PASSWORD);
    }

    /** Creates a demo user, whose documented password ("demo") is shorter than real ones may be. */
    public UserResult createDemo(NewUser user) {
        return create(user, 1);
    }

    private UserResult create(NewUser user, int minPasswordLength) {
        List<FieldProblem> problems = new ArrayList<>();
        String username = user.username() == null ? "" : user.username().strip();
        if (!USERNAME.matcher(username).matches()) {
            problems.add(new FieldProblem("username", "2-64 lower-case letters, digits, '.', '_' or '-'"));
        }
        String displayName = user.displayName() == null || user.displayName().isBlank() ? username : user.displayName().strip();
        if (user.password() == null || user.password().length() < minPasswordLength) {
            problems.add(new FieldProblem("password", "must be at least " + minPasswordLength + " characters"));
        }
        String extension = user.extension() == null || user.extension().isBlank() ? null : user.extension().strip();
        if (extension != null && !EXTENSION.matcher(extension).matches()) {
            problems.add(new FieldProblem("extension", "2-10 digits"));
        }
        if (user.roles() == null || user.roles().isEmpty()) {
            problems.add(new FieldProblem("roles", "at least one role"));
        } else if (user.roles().contains(Role.AGENT) && extension == null) {
            problems.add(new FieldProblem("extension", "an agent needs the extension of their phone"));
        }
        if (!problems.isEmpty()) {
            return new UserResult.Invalid(problems);
        }
        try {
            return tx.execute(status -> {
                long id = jdbc.sql("""
                                insert into users (username, display_name, password_hash, extension)
                                values (:u, :d, :p, :e) returning id""")
                        .param("u", username).param("d", displayName).param("p", encoder.encode(user.password()))
                        .param("e", extension).query(Long.class).single();
                for (Role role : user.roles()) {
                    jdbc.sql("insert into user_roles (user_id, role) values (:id, :r)")
                            .param("id", id).param("r", role.name()).update();
                }
                return new UserResult.Created(findByUsername(username).orElseThrow());
            });
        } catch (DuplicateKeyException e) {
            String field = exists(username) ? "username" : "extension";
            return new UserResult.Invalid(List.of(new FieldProblem(field, "is already taken")));
        }
    }

    /** The extensions of enabled users: the phones that belong to agents. */
    public java.util.Set<String> extensions() {
        return java.util.Set.copyOf(jdbc.sql("select extension from users where extension is not null and enabled")
                .query(String.class).list());
    }

    public boolean anyWithRole(Role role) {
        return jdbc.sql("select count(*) from user_roles where role = :r").param("r", role.name())
                .query(Integer.class).single() > 0;
    }

    private record Row(long id, String username, String displayName, String hash, String extension, boolean enabled) {
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                rs.getString("password_hash"), rs.getString("extension"), rs.getBoolean("enabled"));
    }

    private List<UserAccount> load(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, Set<Role>> roles = new HashMap<>();
        rows.forEach(r -> roles.put(r.id(), EnumSet.noneOf(Role.class)));
        jdbc.sql("select user_id, role from user_roles where user_id in (:ids)")
                .param("ids", List.copyOf(roles.keySet()))
                .query((rs, n) -> roles.get(rs.getLong(1)).add(Role.valueOf(rs.getString(2))))
                .list();
        return rows.stream()
                .map(r -> new UserAccount(r.id(), r.username(), r.displayName(), r.hash(), r.extension(),
                        roles.get(r.id()), r.enabled()))
                .toList();
    }
}
