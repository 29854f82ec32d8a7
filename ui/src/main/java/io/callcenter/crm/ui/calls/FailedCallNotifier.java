package io.callcenter.crm.ui.calls;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import io.callcenter.crm.calls.CallStatus;
import io.callcenter.crm.telephony.CallEvent;
import io.callcenter.crm.ui.LiveCallEvents;

/**
 * Tells the signed-in agent, wherever they are in the console, that a call of theirs that was never
 * answered failed, and why: a click-to-call their phone did not pick up, a busy number, a trunk down.
 */
public class FailedCallNotifier extends Div {

    public FailedCallNotifier(String me, LiveCallEvents events, io.callcenter.crm.contacts.PhoneNumbers phoneNumbers) {
        setVisible(false);
        events.follow(this, CallEvent.class, event -> {
            if (event instanceof CallEvent.CallEnded ended && me.equals(ended.agent()) && ended.cause() != null
                    && (ended.status() == CallStatus.FAILED || ended.status() == CallStatus.BUSY)) {
                Notification n = Notification.show("Call to " + (ended.remoteNumber() == null ? "the number" : io.callcenter.crm.ui.Formats.number(ended.remoteNumber(), phoneNumbers))
                        + " " + (ended.status() == CallStatus.BUSY ? "was busy" : "failed") + ": " + ended.cause().description(),
                        8_000, Notification.Position.TOP_CENTER);
                n.addThemeVariants(NotificationVariant.LUMO_CONTRAST);
                n.addClassName("failed-call-notification");
            }
        });
    }
}
