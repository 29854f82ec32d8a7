package io.callcenter.crm.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import io.callcenter.crm.telephony.CallEvent;
import org.springframework.context.event.EventListener;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * Hands call events (which reach every node through Redis) to the console views open on this node,
 * each inside its own UI's lock so the view can change and push at once.
 */
@org.springframework.stereotype.Component
public class LiveCallEvents {

    private final Set<Consumer<CallEvent>> listeners = new CopyOnWriteArraySet<>();

    @EventListener
    void on(CallEvent event) {
        listeners.forEach(l -> l.accept(event));
    }

    /** Calls {@code listener} for every call event while {@code view} is attached to a browser. */
    public void follow(com.vaadin.flow.component.Component view, Consumer<CallEvent> listener) {
        Registration[] detach = new Registration[1];
        view.addAttachListener(attach -> {
            UI ui = attach.getUI();
            Consumer<CallEvent> forward = event -> ui.access(() -> listener.accept(event));
            listeners.add(forward);
            detach[0] = view.addDetachListener(d -> {
                listeners.remove(forward);
                detach[0].remove();
            });
        });
    }
}
