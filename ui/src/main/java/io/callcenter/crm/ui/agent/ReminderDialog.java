package io.callcenter.crm.ui.agent;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import io.callcenter.crm.contacts.Contact;
import io.callcenter.crm.tasks.Tasks;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/** "Call back in 2 days at 14:39": a reminder on a contact, for me, fired at its time on whichever node I am. */
class ReminderDialog extends Dialog {

    ReminderDialog(Tasks tasks, String me, Contact contact) {
        setHeaderTitle("Remind me about " + contact.name());
        DateTimePicker when = new DateTimePicker("When");
        when.setId("reminder-when");
        when.setStep(java.time.Duration.ofMinutes(1));
        when.setValue(LocalDateTime.now().plusDays(1).truncatedTo(ChronoUnit.HOURS).withHour(10));
        when.setMin(LocalDateTime.now().minusMinutes(1));
        TextField note = new TextField("Note");
        note.setId("reminder-note");
        note.setPlaceholder("Call back about the offer");
        note.setWidthFull();
        add(new VerticalLayout(when, note));
        Button save = new Button("Set reminder", e -> {
            if (when.getValue() == null) {
                when.setErrorMessage("Choose when");
                when.setInvalid(true);
                return;
            }
            Tasks.Result result = tasks.createReminder(contact.id(), null, me,
                    when.getValue().atZone(ZoneId.systemDefault()).toInstant(), note.getValue().isBlank() ? null : note.getValue());
            if (result instanceof Tasks.Result.Saved) {
                Notification.show("Reminder set", 2500, Notification.Position.BOTTOM_START)
                        .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                close();
            } else if (result instanceof Tasks.Result.Invalid invalid) {
                var problem = invalid.problems().get(0);
                if (problem.field().equals("dueAt")) {
                    when.setErrorMessage("That time " + problem.message().replaceFirst(" \\(.*?\\)", ""));
                    when.setInvalid(true);
                } else {
                    note.setErrorMessage(problem.field() + ": " + problem.message());
                    note.setInvalid(true);
                }
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setId("reminder-save");
        getFooter().add(new Button("Cancel", e -> close()), save);
    }
}
