package io.callcenter.crm.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import io.callcenter.crm.tasks.TaskDue;
import io.callcenter.crm.telephony.CallEvent;
import org.springframework.context.event.EventListener;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * Hands live events (call events, tasks falling due; they reach every node through Redis) to the
 * console views open on this node, each inside its own UI's lock so the view can change and push at once.
 */
@org.springframework.stereotype.Component
public class LiveCallEvents {

    private final Set<Consumer<Object>> listeners = new CopyOnWriteArraySet<>();

    @EventListener
    void on(CallEvent event) {
        listeners.forEach(l -> l.accept(event));
    }

    @EventListener
    void on(TaskDue event) {
        listeners.forEach(l -> l.accept(event));
    }

    /** Calls {@code listener} for every call event while {@code view} is attached to a browser. */
    public void follow(Component view, Consumer<CallEvent> listener) {
        follow(view, CallEvent.class, listener);
    }

    /** Calls {@code listener} for every event of {@code type} while {@code view} is attached to a browser. */
    public <T> void follow(Component view, Class<T> type, Consumer<T> listener) {
        Registration[] detach = new Registration[1];
        view.addAttachListener(attach -> {
            UI ui = attach.getUI();
            Consumer<Object> forward = event -> {
                if (type.isInstance(event)) {
                    ui.access(() -> listener.accept(type.cast(event)));
                }
            };
            listeners.add(forward);
            detach[0] = view.addDetachListener(d -> {
                listeners.remove(forward);
                detach[0].remove();
            });
        });
    }
}
