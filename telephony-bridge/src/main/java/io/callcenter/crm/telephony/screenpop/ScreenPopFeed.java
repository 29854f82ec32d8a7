package io.callcenter.crm.telephony.screenpop;

import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.telephony.CallEvent;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * {@code /user/queue/screen-pops}: one message per call that rings an agent's phone, to that agent
 * only (CONTRACT.md), for softphone plugins and wallboards.
 */
@Component
class ScreenPopFeed {

    static final String DESTINATION = "/queue/screen-pops";

    /** The message, exactly the fields CONTRACT.md lists. */
    record ScreenPopMessage(long callId, CallDirection direction, String remoteNumber, String localNumber, String queue,
                            Instant ringingAt, CallEvent.ContactSummary contact) {
    }

    private final SimpMessagingTemplate messaging;

    ScreenPopFeed(SimpMessagingTemplate messaging) {
        this.messaging = messaging;
    }

    void push(CallEvent.CallRang rang) {
        messaging.convertAndSendToUser(rang.agent(), DESTINATION, new ScreenPopMessage(rang.callId(), rang.direction(),
                rang.remoteNumber(), rang.localNumber(), rang.queue(), rang.ringingAt(), rang.contact()));
    }
}
