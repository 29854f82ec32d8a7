package io.callcenter.crm.ui.agent;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import io.callcenter.crm.telephony.CallControl;
import io.callcenter.crm.telephony.CallEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where to transfer the live call: a colleague (shown paused when they are), a queue, or any number typed in.
 * "Transfer now" hands the caller on at once; "Talk first" (colleagues only) calls the colleague while the
 * caller waits on hold, and the pop then offers to complete the transfer.
 */
class TransferDialog extends Dialog {

    private final ComboBox<CallControl.Target> to = new ComboBox<>("Transfer to");
    private final List<CallControl.Target> targets;

    TransferDialog(String me, CallEvent.CallRang call, CallControl callControl, Consumer<String> consulting) {
        setHeaderTitle("Transfer the call");
        setId("transfer-dialog");
        targets = new ArrayList<>(callControl.transferTargets(me));
        to.setId("transfer-to");
        to.setItems(targets);
        to.setItemLabelGenerator(t -> t instanceof CallControl.AgentTarget a && a.paused() ? a.label() + " · paused" : t.label());
        to.setAllowCustomValue(true);
        to.setPlaceholder("A colleague, a queue or a number");
        to.setHelperText("Type a number to send the caller outside");
        to.setWidthFull();
        to.addCustomValueSetListener(e -> {
            StringBuilder why = new StringBuilder();
            callControl.numberTarget(e.getDetail(), why).ifPresentOrElse(number -> {
                targets.add(number);
                to.setItems(targets);
                to.setValue(number);
                to.setInvalid(false);
            }, () -> {
                to.setErrorMessage(why.toString());
                to.setInvalid(true);
            });
        });

        Button now = new Button("Transfer now", VaadinIcon.ARROW_FORWARD.create(), e -> {
            CallControl.Target target = chosen();
            if (target == null) {
                return;
            }
            CallControl.Result result = callControl.transfer(me, call.callId(), target);
            tell(result);
            if (result.ok()) {
                close();
            }
        });
        now.setId("transfer-now");
        now.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button first = new Button("Talk first", VaadinIcon.USERS.create(), e -> {
            if (!(chosen() instanceof CallControl.AgentTarget agent)) {
                to.setErrorMessage("Talking first is for a colleague; a queue or a number is transferred at once");
                to.setInvalid(to.getValue() != null);
                return;
            }
            CallControl.Result result = callControl.consult(me, call.callId(), agent);
            tell(result);
            if (result.ok()) {
                consulting.accept(agent.label());
                close();
            }
        });
        first.setId("transfer-consult");
        first.setTooltipText("Call the colleague while the caller waits on hold, then complete the transfer");
        to.addValueChangeListener(e -> first.setEnabled(e.getValue() == null || e.getValue() instanceof CallControl.AgentTarget));
        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("transfer-cancel");

        add(new Paragraph("The caller" + (call.contact() == null ? "" : ", " + call.contact().name() + ",")
                + " is handed on; a colleague who answers gets the call and its wrap-up."), to);
        getFooter().add(cancel, first, now);
        setWidth("26rem");
    }

    private CallControl.Target chosen() {
        CallControl.Target target = to.getValue();
        if (target == null) {
            to.setErrorMessage("Choose a colleague or a queue, or type a number");
            to.setInvalid(true);
        }
        return target;
    }

    private static void tell(CallControl.Result result) {
        Notification n = Notification.show(result.message(), result.ok() ? 4_000 : 6_000, Notification.Position.BOTTOM_START);
        n.addThemeVariants(result.ok() ? NotificationVariant.LUMO_SUCCESS : NotificationVariant.LUMO_ERROR);
    }
}
