package io.callcenter.crm.ui.tasks;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import io.callcenter.crm.contacts.Contact;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.tasks.Task;
import io.callcenter.crm.tasks.TaskDue;
import io.callcenter.crm.tasks.Tasks;
import io.callcenter.crm.telephony.ClickToCall;
import io.callcenter.crm.ui.LiveCallEvents;
import io.callcenter.crm.ui.calls.ClickToCallButton;

import java.util.Optional;

/** Tells the signed-in user, wherever they are in the console, that one of their tasks is due now. */
public class DueTaskNotifier extends Div {

    public DueTaskNotifier(String me, LiveCallEvents events, Contacts contacts, Tasks tasks, ClickToCall clickToCall) {
        setVisible(false);
        events.follow(this, TaskDue.class, due -> {
            if (!me.equals(due.assignee())) {
                return;
            }
            Optional<Contact> contact = due.contactId() == null ? Optional.empty() : contacts.find(due.contactId());
            String who = contact.map(Contact::name).orElse("a caller");
            Span text = new Span((due.type() == Task.TaskType.CALLBACK ? "Call back " : "Reminder: ") + who
                    + (due.note() == null ? "" : " · " + due.note()));
            text.addClassName("due-text");
            Notification notification = new Notification();
            notification.addThemeVariants(NotificationVariant.LUMO_PRIMARY);
            // bottom left, over the navigation: the header and the page's filters stay free
            notification.setPosition(Notification.Position.BOTTOM_START);
            HorizontalLayout content = new HorizontalLayout(VaadinIcon.ALARM.create(), text);
            content.setAlignItems(com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment.CENTER);
            contact.filter(c -> !c.phones().isEmpty()).ifPresent(c ->
                    content.add(new ClickToCallButton(clickToCall, me, () -> c.phones().get(0).e164())));
            Button done = new Button("Done", e -> {
                tasks.update(due.taskId(), Task.TaskStatus.DONE, null, null, null);
                notification.close();
            });
            done.addThemeVariants(ButtonVariant.LUMO_CONTRAST, ButtonVariant.LUMO_SMALL);
            Button later = new Button(VaadinIcon.CLOSE_SMALL.create(), e -> notification.close());
            later.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_CONTRAST);
            later.setAriaLabel("Dismiss");
            content.add(done, later);
            content.addClassName("due-notification");
            notification.add(content);
            notification.setDuration(0);
            notification.open();
        });
    }
}
