package io.callcenter.crm.telephony;

import io.callcenter.crm.telephony.tracker.AmiEvent;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Follows the PBX's QueueMemberPause events into the agents' status and pause times, on a thread of its own
 * so that a slow database never holds up the call tracker. Every node follows them (the changes are
 * idempotent, and one event per queue of the same pause changes nothing more).
 */
@Component
public class PbxPauses {

    private static final Logger log = LoggerFactory.getLogger(PbxPauses.class);

    private final AgentStatus status;
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000),
            r -> {
                Thread t = new Thread(r, "pbx-pauses");
                t.setDaemon(true);
                return t;
            }, (r, pool) -> log.warn("Too many queue member pauses waiting; one was not recorded"));

    PbxPauses(AgentStatus status) {
        this.status = status;
    }

    /** A QueueMemberPause event as Asterisk sent it. */
    public void accept(AmiEvent event) {
        String member = event.get("interface") != null ? event.get("interface") : event.get("stateinterface");
        String paused = event.get("paused");
        if (member == null || paused == null) {
            log.info("Skipped a QueueMemberPause without Interface or Paused: {}", event);
            return;
        }
        boolean on = "1".equals(paused.strip()) || "true".equalsIgnoreCase(paused.strip());
        String reason = event.get("pausedreason") == null || event.get("pausedreason").isBlank() ? "Break"
                : event.get("pausedreason").strip();
        worker.execute(() -> {
            try {
                status.pbxPaused(member, on, reason, event.time());
            } catch (RuntimeException e) {
                log.warn("Could not record that Asterisk {} {}: {}", on ? "paused" : "unpaused", member, e.toString());
            }
        });
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
