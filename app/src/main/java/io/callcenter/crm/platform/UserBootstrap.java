package io.callcenter.crm.platform;

import io.callcenter.crm.agents.NewUser;
import io.callcenter.crm.shared.InvalidSettingException;
import io.callcenter.crm.agents.Role;
import io.callcenter.crm.agents.UserResult;
import io.callcenter.crm.agents.Users;
import io.callcenter.crm.contacts.ContactDraft;
import io.callcenter.crm.contacts.Contacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Set;

/**
 * The first administrator from {@code crm.admin.*}, and with {@code crm.demo.enabled} the demo users
 * of CONTRACT.md plus a few sample contacts. Safe to run on every node at every start.
 */
@Component
class UserBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(UserBootstrap.class);
    private static final String DEMO_PASSWORD = "demo";

    private final Users users;
    private final Contacts contacts;
    private final CrmProperties properties;

    private final CallHistory history;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    UserBootstrap(Users users, Contacts contacts, CrmProperties properties, CallHistory history,
                  org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        this.history = history;
        this.jdbc = jdbc;
        this.users = users;
        this.contacts = contacts;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.demo().enabled()) {
            createDemoData();
        }
        createFirstAdmin();
    }

    /** With the demo on, where to go and how to sign in, once the application is ready. */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void tellHowToSignIn(org.springframework.boot.context.event.ApplicationReadyEvent ready) {
        if (!properties.demo().enabled()) {
            return;
        }
        String port = ready.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080");
        log.info("""

                ==> The CRM is ready: http://localhost:{}/
                    Sign in with the password "demo" as alice or bob (agents; phones 1001 and 1002), sam (supervisor),
                    mia (manager) or admin. Ctrl-C stops it; the data stays in {}.""", port, properties.dataDir().toAbsolutePath().normalize());
    }

    private void createFirstAdmin() {
        CrmProperties.Admin admin = properties.admin();
        if (users.anyWithRole(Role.ADMIN)) {
            return;
        }
        if (admin.password() == null || admin.password().isBlank()) {
            log.warn("No administrator exists. Set crm.admin.password (CRM_ADMIN_PASSWORD) once to create '{}'.",
                    admin.username());
            return;
        }
        UserResult result = users.create(new NewUser(admin.username(), "Administrator", admin.password(), null,
                Set.of(Role.ADMIN)));
        if (result instanceof UserResult.Invalid invalid) {
            throw new InvalidSettingException("crm.admin." + invalid.problems().get(0).field(), invalid.problems().get(0).message());
        }
        UserResult.Created created = (UserResult.Created) result;
        log.info("Created the first administrator '{}'", created.user().username());
    }

    private void createDemoData() {
        demoUser("alice", "Alice Agent", "1001", Role.AGENT);
        demoUser("bob", "Bob Agent", "1002", Role.AGENT);
        demoUser("sam", "Sam Supervisor", null, Role.SUPERVISOR);
        demoUser("mia", "Mia Manager", null, Role.MANAGER);
        demoUser("admin", "Demo Admin", null, Role.ADMIN);
        if (contacts.count(null) == 0) {
            List.of(
                    new ContactDraft("Dana Whitfield", "Northwind Traders", List.of("+1 555 201 4410"),
                            "dana@northwind.example", "Website", "Prefers calls after 2 pm."),
                    new ContactDraft("Luis Ortega", "Ortega Plumbing", List.of("(555) 318-0099", "555 318 0100"),
                            "luis@ortega.example", "Radio ad", null),
                    new ContactDraft("Priya Raman", "Fabrikam", List.of("+44 20 7946 0018"),
                            "priya.raman@fabrikam.example", "Referral", "UK office; GMT."),
                    new ContactDraft("Tom Becker", null, List.of("555-744-1200"), null, "Inbound call", null))
                    .forEach(contacts::create);
            log.info("Created sample contacts");
        }
        int days = properties.demo().historyDays();
        if (days > 0 && jdbc.sql("select count(*) from calls where pbx_key like 'hist-%'").query(Long.class).single() == 0) {
            java.time.ZoneId zone = java.time.ZoneId.systemDefault();
            java.time.LocalDate today = java.time.LocalDate.now(zone);
            try {
                history.load(new CallHistory.Plan(today.minusDays(days), days, zone, List.of("alice", "bob"), 120, 400,
                        20261123L, true));
            } catch (java.sql.SQLException e) {
                log.warn("Could not load the demo call history: {}", e.getMessage());
            }
        }
    }

    private void demoUser(String username, String name, String extension, Role role) {
        if (!users.exists(username)) {
            users.createDemo(new NewUser(username, name, DEMO_PASSWORD, extension, Set.of(role)));
        }
    }
}
