package io.callcenter.crm.ui;

import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.server.VaadinSession;
import io.callcenter.crm.agents.AgentTime;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An agent is signed in while a console session of theirs lives on this node: from the first view to sign-out
 * or the session's expiry (a closed tab keeps it until then). Every minute the node confirms the sessions it
 * still holds, so the time of a node that dies ends where it was last confirmed ({@link AgentTime}).
 */
@Component
public class AgentPresence implements VaadinServiceInitListener {

    private static final Logger log = LoggerFactory.getLogger(AgentPresence.class);
    private static final String KEY = AgentPresence.class.getName();

    private final AgentTime time;
    /** Sessions of this node, by their key, and whose they are. */
    private final Map<String, String> live = new ConcurrentHashMap<>();
    private final ScheduledExecutorService confirm = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-presence");
        t.setDaemon(true);
        return t;
    });

    AgentPresence(AgentTime time) {
        this.time = time;
        confirm.scheduleWithFixedDelay(this::confirm, 1, 1, TimeUnit.MINUTES);
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addSessionDestroyListener(e -> {
            Object key = e.getSession().getAttribute(KEY);
            if (key instanceof String k && live.remove(k) != null) {
                record(() -> time.signedOut(k));
            }
        });
    }

    /** The agent works in this session from now on (called on each console view; only the first counts). */
    public void signedIn(VaadinSession session, String username) {
        if (session.getAttribute(KEY) != null) {
            return;
        }
        String key = UUID.randomUUID().toString();
        session.setAttribute(KEY, key);
        live.put(key, username);
        record(() -> time.signedIn(key, username));
    }

    private void confirm() {
        record(() -> time.seen(List.copyOf(live.keySet())));
    }

    /** The node stops: its sessions end with it. */
    @PreDestroy
    void stop() {
        confirm.shutdownNow();
        live.keySet().forEach(k -> record(() -> time.signedOut(k)));
        live.clear();
    }

    private static void record(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.warn("Could not record an agent's signed-in time: {}", e.toString());
        }
    }
}
