package io.callcenter.crm.api;

import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.telephony.CallEvent;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * {@code /user/queue/screen-pops}: one message per call that rings an agent's phone, to that agent
 * only (CONTRACT.md). Pushed as soon as the ringing event reaches this node; nothing polls.
 */
@Component
class ScreenPopFeed {

    static final String DESTINATION = "/queue/screen-pops";

    /** The message, exactly the fields CONTRACT.md lists. */
    record ScreenPop(long callId, CallDirection direction, String remoteNumber, String localNumber, String queue,
                     Instant ringingAt, CallEvent.ContactSummary contact) {
    }

    private final SimpMessagingTemplate messaging;

    ScreenPopFeed(SimpMessagingTemplate messaging) {
        this.messaging = messaging;
    }

    @EventListener
    void on(CallEvent.CallRang rang) {
        if (rang.agent() == null) {
            return;
        }
        messaging.convertAndSendToUser(rang.agent(), DESTINATION, new ScreenPop(rang.callId(), rang.direction(),
                rang.remoteNumber(), rang.localNumber(), rang.queue(), rang.ringingAt(), rang.contact()));
    }
}
