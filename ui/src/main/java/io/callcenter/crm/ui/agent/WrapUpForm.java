package io.callcenter.crm.ui.agent;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.data.value.ValueChangeMode;
import io.callcenter.crm.access.AccessPolicy;
import io.callcenter.crm.access.Viewer;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.Dispositions;
import io.callcenter.crm.tasks.Tasks;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A call's wrap-up: its outcome and a note; an outcome that asks for a call-back ("Interested - call back")
 * asks when, and the call-back lands in the agent's tasks. Refuses what it cannot keep (no outcome, a
 * call-back in the past, a note over the limit) instead of changing it silently. The same in the pop, in
 * the list of calls to wrap up and in a call's detail.
 */
public class WrapUpForm extends Div {

    /** The longest note kept, as the API has it. */
    public static final int MAX_NOTE = 10_000;

    private final Select<String> disposition = new Select<>();
    private final TextArea note = new TextArea("Note");
    private final DateTimePicker callBackAt = new DateTimePicker("Call back at");

    /**
     * @param idSuffix  appended to the fields' ids ("" in the pop, "-&lt;call id&gt;" elsewhere)
     * @param onSaved   told the call as saved
     */
    public WrapUpForm(Call call, String idSuffix, Viewer viewer, CallLog callLog, AccessPolicy access, Dispositions dispositions,
                      Tasks tasks, Clock clock, Consumer<Call> onSaved) {
        addClassName("pop-wrap-up");
        disposition.setLabel("Outcome");
        disposition.setItems(dispositions.active());
        disposition.setId("wrap-up-disposition" + idSuffix);
        disposition.setWidthFull();
        if (call.disposition() != null) {
            disposition.setValue(call.disposition());
        }
        note.setId("wrap-up-note" + idSuffix);
        note.setWidthFull();
        note.setValueChangeMode(ValueChangeMode.EAGER);
        note.setHelperText("At most " + String.format(Locale.ENGLISH, "%,d", MAX_NOTE) + " characters");
        note.addValueChangeListener(e -> {
            int length = e.getValue().length();
            note.setInvalid(length > MAX_NOTE);
            note.setErrorMessage(length > MAX_NOTE ? "The note is " + String.format(Locale.ENGLISH, "%,d", length)
                    + " characters long: at most " + String.format(Locale.ENGLISH, "%,d", MAX_NOTE) + " are kept" : null);
        });
        if (call.note() != null) {
            note.setValue(call.note());
        }
        callBackAt.setId("wrap-up-callback" + idSuffix);
        callBackAt.setStep(Duration.ofMinutes(15));
        callBackAt.setVisible(false);
        callBackAt.setWidthFull();
        disposition.addValueChangeListener(e -> {
            boolean asks = asksForCallBack(e.getValue());
            callBackAt.setVisible(asks);
            if (asks && callBackAt.getValue() == null) {
                callBackAt.setValue(LocalDateTime.now(clock.withZone(ZoneId.systemDefault())).plusDays(1)
                        .withHour(10).withMinute(0).withSecond(0).withNano(0));
            }
        });
        Button save = new Button(call.disposition() == null ? "Save wrap-up" : "Save changes", e -> {
            if (disposition.getValue() == null) {
                disposition.setErrorMessage("Choose the outcome of the call");
                disposition.setInvalid(true);
                return;
            }
            String text = note.getValue().isBlank() ? null : note.getValue().strip();
            if (text != null && text.length() > MAX_NOTE) {
                note.setInvalid(true);
                return;
            }
            LocalDateTime when = callBackAt.getValue();
            boolean callBack = asksForCallBack(disposition.getValue());
            if (callBack && (when == null || !when.atZone(ZoneId.systemDefault()).toInstant().isAfter(clock.instant()))) {
                callBackAt.setErrorMessage(when == null ? "When should the caller be called back?" : "That time has passed");
                callBackAt.setInvalid(true);
                return;
            }
            Optional<Call> recorded = callLog.find(call.id());
            if (recorded.isEmpty() || !access.mayWrapUp(viewer, recorded.get())) {
                Notification.show("This call is not yours to wrap up", 4000, Notification.Position.MIDDLE)
                        .addThemeVariants(NotificationVariant.LUMO_ERROR);
                return;
            }
            Call saved = callLog.wrapUp(call.id(), disposition.getValue(), text).orElseThrow();
            String also = "";
            if (callBack) {
                String assignee = saved.agent() != null ? saved.agent() : viewer.username();
                Tasks.Result task = tasks.createReminder(saved.contactId(), saved.id(), assignee,
                        when.atZone(ZoneId.systemDefault()).toInstant(), "Call back: " + disposition.getValue()
                                + (text == null ? "" : " · " + (text.length() > 200 ? text.substring(0, 200) + "…" : text)));
                also = task instanceof Tasks.Result.Saved ? " · call-back in My tasks" : " · the call-back could not be saved: "
                        + (task instanceof Tasks.Result.Invalid invalid ? invalid.problems().get(0).field() + " "
                        + invalid.problems().get(0).message() : "unknown call");
            }
            Notification.show("Wrap-up saved" + also, 3000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            onSaved.accept(saved);
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setId("wrap-up-save" + idSuffix);
        add(disposition, callBackAt, note, save);
    }

    /** An outcome that means the caller wants to be called again. */
    static boolean asksForCallBack(String disposition) {
        return disposition != null && disposition.toLowerCase(Locale.ROOT).replace("-", " ").contains("call back");
    }
}
