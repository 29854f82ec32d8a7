package io.callcenter.crm.platform;

import io.callcenter.crm.kpis.KpiRollup;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Months of realistic past calls, loaded fast with PostgreSQL {@code COPY}: for the KPI benchmark (millions of
 * calls) and for demos ({@code crm.demo.history-days}), so a dashboard has something to show. Office-hours
 * traffic with a lunch dip and quiet weekends; waits, talk and wrap-up times that vary as real ones do;
 * abandons (a third of them short), missed calls with their call-backs (most done within a day), outbound
 * calls, and callers who call again; the agents' weekday shifts (signed in about 08:00 to 17:00, two breaks and
 * a lunch), so occupancy and pause time have their figures. The rollups of the period are recounted at the end.
 */
@org.springframework.stereotype.Component
public class CallHistory {

    private static final Logger log = LoggerFactory.getLogger(CallHistory.class);
    private static final String[] FIRST = {"Amara", "Ben", "Chloe", "Diego", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
            "Kwame", "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wen", "Yara", "Zoe",
            "Adam", "Beatriz", "Carlos", "Dina", "Emil", "Fiona", "Gabriel", "Hana", "Igor", "Julia", "Karim", "Lucia", "Marcus",
            "Nora", "Oliver", "Paula", "Rafael", "Sofia", "Theo", "Ursula", "Victor", "Wanda", "Xavier", "Yusuf", "Zara", "Aiden",
            "Bianca", "Caleb", "Daria", "Elias", "Freya", "George", "Helena", "Isaac", "Jana", "Kofi", "Leila", "Milan", "Nina",
            "Oscar", "Pia", "Ruben", "Selin", "Tomas", "Uma", "Vikram", "Willa", "Yasmin", "Zeno", "Anya", "Bruno", "Cora", "Dev"};
    private static final String[] LAST = {"Okafor", "Schmidt", "Dubois", "Garcia", "Rossi", "Haddad", "Nakamura", "Silva",
            "Novak", "Kowalski", "Mensah", "Larsen", "Costa", "Ivanova", "Khan", "Patel", "Murphy", "Lopez", "Berg", "Singh",
            "Andersen", "Baptiste", "Chowdhury", "Delgado", "Eriksen", "Fontaine", "Greco", "Hughes", "Ibrahim", "Jensen",
            "Keller", "Lindqvist", "Moreno", "Nguyen", "Olsen", "Petrov", "Quintero", "Reyes", "Sato", "Torres", "Ueda", "Vargas",
            "Wagner", "Yilmaz", "Zimmer", "Adeyemi", "Bauer", "Carvalho", "Dimitrov", "Esposito"};
    /** Some callers call for their company. */
    private static final String[] COMPANIES = {"Harbor Logistics", "Greenleaf Dental", "Brightside Realty", "Summit Fitness",
            "Maple & Co. Bakery", "Northgate Insurance", "Bluewater Marine", "Copperline Electric", "Redwood Legal",
            "Silverpine Hotels", "Oakridge Schools", "Pioneer Auto Repair"};
    private static final String[] DISPOSITIONS = {"Sale", "Interested - call back", "Not interested", "Support question",
            "Wrong number"};

    /** What to generate. {@code agents} answer the calls; {@code callsPerWeekday} on an average weekday. */
    public record Plan(LocalDate firstDay, int days, ZoneId zone, List<String> agents, int callsPerWeekday, int callers,
                       long seed, boolean withContacts) {
    }

    private final DataSource dataSource;
    private final KpiRollup rollup;

    public CallHistory(DataSource dataSource, KpiRollup rollup) {
        this.dataSource = dataSource;
        this.rollup = rollup;
    }

    /** Loads the plan's calls (and call-backs, and contacts if asked) and recounts the rollups; returns the calls loaded. */
    public long load(Plan plan) throws SQLException {
        long started = System.nanoTime();
        long calls;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            PGConnection pg = connection.unwrap(PGConnection.class);
            long firstContact = plan.withContacts() ? contacts(connection, pg, plan) : 0;
            calls = calls(connection, pg, plan, firstContact);
            shifts(pg, plan);
            connection.commit();
        }
        Instant from = plan.firstDay().atStartOfDay(plan.zone()).toInstant();
        Instant to = plan.firstDay().plusDays(plan.days()).atStartOfDay(plan.zone()).toInstant();
        int rows = rollup.recount(from, to);
        log.info("Loaded {} past calls over {} days and {} rollup rows in {} s", calls, plan.days(), rows,
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
        return calls;
    }

    private long contacts(Connection connection, PGConnection pg, Plan plan) throws SQLException {
        long first;
        try (var st = connection.createStatement();
             var rs = st.executeQuery("select coalesce(max(id), 0) + 1 from contacts")) {
            rs.next();
            first = rs.getLong(1);
        }
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < plan.callers(); i++) {
            // every caller a different name (as long as there are names enough: 500)
            // a few callers per first name, each with another surname (distinct while there are names enough)
            int names = FIRST.length * LAST.length;
            String name = FIRST[i % FIRST.length] + " " + LAST[(i * 7 + i / FIRST.length) % LAST.length]
                    + (i < names ? "" : " " + (i / names + 1));
            String company = i % 3 == 0 ? COMPANIES[(i / 3) % COMPANIES.length] : "\\N";
            Instant created = plan.firstDay().atStartOfDay(plan.zone()).toInstant();
            rows.append(first + i).append('\t').append(name).append('\t').append(company).append('\t')
                    .append(name.toLowerCase().replace(' ', '.')).append("@mail.test").append('\t').append("Phone")
                    .append('\t').append(created).append('\t').append(created).append('\n');
        }
        copy(pg, "copy contacts (id, name, company, email, source, created_at, updated_at) from stdin", rows);
        StringBuilder phones = new StringBuilder();
        for (int i = 0; i < plan.callers(); i++) {
            phones.append(first + i).append('\t').append(number(plan, i)).append("\t0\n");
        }
        copy(pg, "copy contact_phones (contact_id, e164, position) from stdin", phones);
        try (var st = connection.createStatement()) {
            st.execute("select setval(pg_get_serial_sequence('contacts', 'id'), (select max(id) from contacts))");
        }
        return first;
    }

    private static String number(Plan plan, int caller) {
        // area code 646: no test or demo number uses it, so the generated callers never clash with them
        // spread over the area's numbers (a prime step), distinct for up to ten million callers
        return "+1646" + String.format("%07d", (int) Math.floorMod(plan.seed() * 7919 + caller * 1_234_577L, 10_000_000L));
    }

    private long calls(Connection connection, PGConnection pg, Plan plan, long firstContact) throws SQLException {
        long firstCall;
        try (var st = connection.createStatement();
             var rs = st.executeQuery("select coalesce(max(id), 0) + 1 from calls")) {
            rs.next();
            firstCall = rs.getLong(1);
        }
        SplittableRandom random = new SplittableRandom(plan.seed());
        CopyIn calls = pg.getCopyAPI().copyIn("""
                copy calls (id, pbx_key, direction, status, remote_number, remote_name, local_number, agent_username,
                            agent_extension, last_rang_username, queue, started_at, answered_at, ended_at, contact_id,
                            disposition, wrap_up_seconds, wrapped_up_at, updated_at) from stdin""");
        StringBuilder callbacks = new StringBuilder();
        long id = firstCall;
        StringBuilder sb = new StringBuilder(1 << 21);
        try {
            for (int d = 0; d < plan.days(); d++) {
                LocalDate day = plan.firstDay().plusDays(d);
                boolean weekend = day.getDayOfWeek().getValue() >= 6;
                int volume = (int) (plan.callsPerWeekday() * (weekend ? 0.25 : 0.85 + random.nextDouble() * 0.3));
                Instant midnight = day.atStartOfDay(plan.zone()).toInstant();
                for (int n = 0; n < volume; n++) {
                    Instant start = midnight.plusMillis(officeHoursMillis(random));
                    // a third of the calls come from the regular callers (some call often), the rest from people
                    // who call once or twice: first-call resolution and repeat callers as a real line has them
                    boolean regular = random.nextInt(100) < 35;
                    int caller = regular ? skewed(random, plan.callers())
                            : plan.callers() + random.nextInt(Math.max(1, plan.callers() * 40));
                    String number = number(plan, caller);
                    long contact = plan.withContacts() && regular ? firstContact + caller : 0;
                    String agent = plan.agents().get(random.nextInt(plan.agents().size()));
                    String ext = String.valueOf(1001 + plan.agents().indexOf(agent));
                    boolean outbound = random.nextInt(100) < 12;
                    String queue = random.nextInt(100) < 80 ? "sales" : "sales-ringall";
                    String did = queue.equals("sales") ? "+18005551000" : "+18005551001";
                    double wait = -Math.log(1 - random.nextDouble()) * (outbound ? 8 : 14);
                    int roll = random.nextInt(100);
                    String status;
                    if (outbound) {
                        status = roll < 70 ? "ANSWERED" : roll < 85 ? "BUSY" : "FAILED";
                    } else {
                        status = roll < 84 ? "ANSWERED" : roll < 93 ? "ABANDONED" : "MISSED";
                        if (status.equals("ABANDONED") && random.nextInt(3) == 0) {
                            wait = random.nextDouble() * 4.5;
                        }
                    }
                    boolean answered = status.equals("ANSWERED");
                    double talk = answered ? Math.exp(4.6 + random.nextGaussian() * 0.7) : 0;
                    Instant answeredAt = answered ? start.plusMillis((long) (wait * 1000)) : null;
                    Instant end = answered ? answeredAt.plusMillis((long) (talk * 1000)) : start.plusMillis((long) (wait * 1000));
                    int wrap = answered ? 5 + random.nextInt(60) : 0;
                    sb.append(id).append('\t').append("hist-").append(plan.seed()).append('-').append(id).append('\t')
                            .append(outbound ? "OUTBOUND" : "INBOUND").append('\t').append(status).append('\t')
                            .append(number).append('\t').append("\\N").append('\t').append(outbound ? "\\N" : did).append('\t')
                            .append(answered ? agent : "\\N").append('\t').append(answered ? ext : "\\N").append('\t')
                            .append(answered || outbound ? agent : random.nextInt(4) == 0 ? "\\N" : agent).append('\t')
                            .append(outbound ? "\\N" : queue).append('\t').append(start).append('\t')
                            .append(answeredAt == null ? "\\N" : answeredAt.toString()).append('\t').append(end).append('\t')
                            .append(contact == 0 ? "\\N" : String.valueOf(contact)).append('\t')
                            .append(answered ? DISPOSITIONS[random.nextInt(DISPOSITIONS.length)] : "\\N").append('\t')
                            .append(answered ? String.valueOf(wrap) : "\\N").append('\t')
                            .append(answered ? end.plusSeconds(wrap).toString() : "\\N").append('\t').append(end).append('\n');
                    if (!outbound && !answered) {
                        boolean done = random.nextInt(100) < 75;
                        Instant closed = end.plusSeconds(600 + random.nextInt(86_400));
                        callbacks.append("CALLBACK\t").append(done ? "DONE" : "OPEN").append('\t')
                                .append(contact == 0 ? "\\N" : String.valueOf(contact)).append('\t').append(id).append('\t')
                                .append(agent).append('\t').append(queue).append('\t').append(end).append('\t')
                                .append(status.equals("MISSED") ? "Missed call" : "Caller hung up before an answer").append('\t')
                                .append(end).append('\t').append(done ? closed.toString() : "\\N").append('\n');
                    }
                    id++;
                    if (sb.length() > (1 << 20)) {
                        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
                        calls.writeToCopy(bytes, 0, bytes.length);
                        sb.setLength(0);
                    }
                }
            }
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            calls.writeToCopy(bytes, 0, bytes.length);
            calls.endCopy();
        } finally {
            if (calls.isActive()) {
                calls.cancelCopy();
            }
        }
        copy(pg, "copy tasks (type, status, contact_id, call_id, assignee, queue, due_at, note, created_at, closed_at) from stdin",
                callbacks);
        try (var st = connection.createStatement()) {
            st.execute("select setval(pg_get_serial_sequence('calls', 'id'), (select max(id) from calls))");
        }
        return id - firstCall;
    }

    /** Each agent's weekday shift: signed in around 08:00 to 17:00, a short break morning and afternoon, a lunch. */
    private static void shifts(PGConnection pg, Plan plan) throws SQLException {
        SplittableRandom random = new SplittableRandom(plan.seed() ^ 0x5EED);
        StringBuilder sessions = new StringBuilder();
        StringBuilder pauses = new StringBuilder();
        for (int d = 0; d < plan.days(); d++) {
            LocalDate day = plan.firstDay().plusDays(d);
            if (day.getDayOfWeek().getValue() >= 6) {
                continue;
            }
            for (String agent : plan.agents()) {
                Instant start = at(day, plan, 8 * 60 - 10 + random.nextInt(20));
                Instant end = at(day, plan, 17 * 60 - 5 + random.nextInt(25));
                sessions.append("hist-").append(plan.seed()).append('-').append(agent).append('-').append(day).append('\t')
                        .append(agent).append('\t').append(start).append('\t').append(end).append('\t').append(end).append('\n');
                pause(pauses, agent, "Break", at(day, plan, 10 * 60 + 15 + random.nextInt(30)), 8 + random.nextInt(8));
                pause(pauses, agent, "Lunch", at(day, plan, 12 * 60 + random.nextInt(60)), 30 + random.nextInt(31));
                pause(pauses, agent, "Break", at(day, plan, 15 * 60 + 15 + random.nextInt(30)), 8 + random.nextInt(8));
            }
        }
        copy(pg, "copy agent_sessions (id, username, started_at, last_seen_at, ended_at) from stdin", sessions);
        copy(pg, "copy agent_pauses (username, reason, started_at, ended_at) from stdin", pauses);
    }

    private static Instant at(LocalDate day, Plan plan, int minuteOfDay) {
        return day.atStartOfDay(plan.zone()).plusMinutes(minuteOfDay).toInstant();
    }

    private static void pause(StringBuilder rows, String agent, String reason, Instant start, int minutes) {
        rows.append(agent).append('\t').append(reason).append('\t').append(start).append('\t')
                .append(start.plusSeconds(60L * minutes)).append('\n');
    }

    /** Sends rows in COPY's text format in one go (the copy is cancelled if it fails half-way). */
    private static void copy(PGConnection pg, String sql, CharSequence rows) throws SQLException {
        CopyIn copy = pg.getCopyAPI().copyIn(sql);
        try {
            byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** A time of day, most calls in office hours (peaks mid-morning and mid-afternoon, a dip at lunch). */
    private static long officeHoursMillis(SplittableRandom random) {
        double hour;
        double r = random.nextDouble();
        if (r < 0.05) {
            hour = random.nextDouble() * 24;
        } else if (r < 0.5) {
            hour = 10.5 + random.nextGaussian() * 1.4;
        } else {
            hour = 15 + random.nextGaussian() * 1.6;
        }
        hour = Math.max(0, Math.min(23.999, hour));
        return (long) (hour * 3_600_000);
    }

    /** A caller: a few call often (they make repeat calls), most now and then. */
    private static int skewed(SplittableRandom random, int callers) {
        double u = random.nextDouble();
        return (int) Math.min(callers - 1, Math.floor(callers * u * u * u));
    }
}
