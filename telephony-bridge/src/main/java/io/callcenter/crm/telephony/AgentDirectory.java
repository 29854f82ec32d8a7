package io.callcenter.crm.telephony;

import io.callcenter.crm.agents.Users;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which extensions are agents' phones, kept in memory for the tracker (it asks for every channel it
 * sees). An unknown extension triggers a reload at most every few seconds, so a newly created agent is
 * recognised without a restart and a flood of trunk channels does not flood the database.
 */
@Component
public class AgentDirectory {

    private static final Logger log = LoggerFactory.getLogger(AgentDirectory.class);
    private static final long RELOAD_AFTER_NANOS = 5_000_000_000L;

    private final Users users;
    private volatile Set<String> extensions = Set.of();
    private final AtomicLong loadedAt = new AtomicLong(Long.MIN_VALUE / 2);

    AgentDirectory(Users users) {
        this.users = users;
    }

    /** Known once the application is up (its first users made), so a database that goes away later leaves them known. */
    @EventListener(ApplicationReadyEvent.class)
    void load() {
        try {
            extensions = users.extensions();
            loadedAt.set(System.nanoTime());
        } catch (DataAccessException e) {
            log.warn("Could not load the agents' extensions: {}", e.toString());
        }
    }

    public boolean isAgent(String extension) {
        if (extensions.contains(extension)) {
            return true;
        }
        long last = loadedAt.get();
        long now = System.nanoTime();
        if (now - last > RELOAD_AFTER_NANOS && loadedAt.compareAndSet(last, now)) {
            try {
                extensions = users.extensions();
            } catch (DataAccessException e) {
                // the database is down: the agents known so far stay known, and the next call tries again
                log.warn("Could not reload the agents' extensions: {}", e.toString());
            }
        }
        return extensions.contains(extension);
    }
}
