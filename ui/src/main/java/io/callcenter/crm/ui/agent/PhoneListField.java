package io.callcenter.crm.ui.agent;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Several phone numbers, one field each, checked as they are typed. The checker returns the reason a
 * number is refused, or empty when it is fine.
 */
class PhoneListField extends Div {

    private final Function<String, Optional<String>> checker;
    private final Div rows = new Div();
    private final Span error = new Span();
    private final List<TextField> fields = new ArrayList<>();

    private final Function<String, Component> callButton;

    PhoneListField(Function<String, Optional<String>> checker, Function<String, Component> callButton) {
        this.checker = checker;
        this.callButton = callButton;
        addClassName("phone-list");
        Span label = new Span("Phone numbers");
        label.addClassName("phone-list-label");
        error.addClassName("phone-list-error");
        error.setVisible(false);
        Button add = new Button("Add number", VaadinIcon.PLUS.create(), e -> addRow("").focus());
        add.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        add.setId("add-phone");
        add(label, rows, error, add);
    }

    void setValues(List<String> numbers) {
        rows.removeAll();
        fields.clear();
        setError(null);
        numbers.forEach(this::addRow);
        if (numbers.isEmpty()) {
            addRow("");
        }
    }

    /** The numbers typed, blanks left out. */
    List<String> values() {
        return fields.stream().map(TextField::getValue).filter(v -> !v.isBlank()).toList();
    }

    /** Checks every number; true when all are fine. */
    boolean validate() {
        boolean ok = true;
        for (TextField field : fields) {
            ok &= check(field);
        }
        return ok;
    }

    void setError(String message) {
        error.setText(message == null ? "" : message);
        error.setVisible(message != null);
    }

    private TextField addRow(String value) {
        TextField field = new TextField();
        field.setValue(value);
        field.setPlaceholder("e.g. (555) 010-2030 or +44 20 7946 0018");
        field.setWidthFull();
        field.addClassName("phone-input");
        field.addBlurListener(e -> check(field));
        Button remove = new Button(VaadinIcon.CLOSE_SMALL.create());
        remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ERROR);
        remove.setAriaLabel("Remove number");
        HorizontalLayout row = new HorizontalLayout(field);
        if (!value.isBlank()) {
            row.add(callButton.apply(value));
        }
        row.add(remove);
        row.setWidthFull();
        row.setSpacing(false);
        row.setAlignItems(com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment.BASELINE);
        remove.addClickListener(e -> {
            fields.remove(field);
            rows.remove(row);
        });
        fields.add(field);
        rows.add(row);
        return field;
    }

    private boolean check(TextField field) {
        if (field.getValue().isBlank()) {
            field.setInvalid(false);
            return true;
        }
        Optional<String> problem = checker.apply(field.getValue());
        field.setErrorMessage(problem.orElse(null));
        field.setInvalid(problem.isPresent());
        return problem.isEmpty();
    }
}
