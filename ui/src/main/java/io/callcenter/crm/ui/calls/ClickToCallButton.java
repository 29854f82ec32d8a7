package io.callcenter.crm.ui.calls;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import io.callcenter.crm.telephony.ClickToCall;
import io.callcenter.crm.telephony.ClickToCallResult;

import java.util.function.Supplier;

/** A phone button beside a number: rings the signed-in agent's phone, then dials the number. */
public class ClickToCallButton extends Button {

    public ClickToCallButton(ClickToCall clickToCall, String username, Supplier<String> number) {
        super(VaadinIcon.PHONE.create());
        addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_SUCCESS);
        setAriaLabel("Call");
        setTooltipText("Call from my phone");
        addClassName("click-to-call");
        addClickListener(e -> {
            String n = number.get();
            if (n == null || n.isBlank()) {
                return;
            }
            ClickToCallResult result = clickToCall.call(username, n);
            if (result instanceof ClickToCallResult.Started) {
                Notification.show("Your phone rings: pick up to call " + n, 4000, Notification.Position.BOTTOM_START)
                        .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            } else {
                Notification.show("Cannot call: " + ((ClickToCallResult.Rejected) result).reason(), 6000,
                        Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_ERROR);
            }
        });
    }
}
