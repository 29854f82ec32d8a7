package io.callcenter.crm.ui.agent;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.component.Component;
import io.callcenter.crm.contacts.Contact;
import io.callcenter.crm.contacts.ContactDraft;
import io.callcenter.crm.shared.FieldProblem;
import io.callcenter.crm.contacts.PhoneNumber;
import io.callcenter.crm.contacts.PhoneNumbers;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The contact card's editor. It checks what it can as the agent types and fires {@link SaveEvent}
 * with a draft; the view saves it and hands any refusals back through {@link #showProblems}.
 */
class ContactForm extends VerticalLayout {

    final H3 title = new H3();
    final TextField name = new TextField("Name");
    final TextField company = new TextField("Company");
    final EmailField email = new EmailField("E-mail");
    final TextField source = new TextField("Source");
    final PhoneListField phones;
    final TextArea notes = new TextArea("Notes");
    final Button save = new Button("Save");
    final Button cancel = new Button("Cancel");
    final Button remind = new Button("Remind me", com.vaadin.flow.component.icon.VaadinIcon.ALARM.create());

    private Contact editing;

    private final java.util.function.Consumer<Contact> extras;
    /** a number as the rest of the console shows it */
    private final Function<PhoneNumber, String> display;
    private final Component extrasView;

    /** {@code extras} shows what belongs below the card (timeline, deals) for the contact being edited. */
    ContactForm(Function<String, PhoneNumbers.Normalized> phoneChecker, Function<PhoneNumber, String> display,
                Function<String, Component> callButton, Component extrasView, java.util.function.Consumer<Contact> extras) {
        this.display = display;
        addClassName("contact-form");
        setPadding(true);
        this.extras = extras;
        this.extrasView = extrasView;
        phones = new PhoneListField(input -> phoneChecker.apply(input) instanceof PhoneNumbers.Rejected r
                ? Optional.of("This " + r.reason()) : Optional.empty(), callButton);

        name.setId("contact-name");
        name.setRequiredIndicatorVisible(true);
        name.setMaxLength(200);
        company.setId("contact-company");
        company.setMaxLength(200);
        email.setId("contact-email");
        email.setErrorMessage("Enter an e-mail address like name@example.com");
        source.setId("contact-source");
        source.setPlaceholder("Website, referral, campaign…");
        notes.setId("contact-notes");
        notes.setMaxLength(10_000);
        notes.setMinHeight("6em");

        FormLayout form = new FormLayout(name, company, email, source);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("420px", 2));

        save.setId("save-contact");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER).listenOn(name, company, email, source);
        save.addClickListener(e -> submit());
        cancel.addClickListener(e -> fireEvent(new CloseEvent(this)));
        remind.setId("remind-me");
        remind.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        remind.addClickListener(e -> fireEvent(new RemindEvent(this)));
        HorizontalLayout buttons = new HorizontalLayout(save, cancel, remind);

        extrasView.addClassName("contact-extras");
        add(title, form, phones, notes, buttons, extrasView);
        notes.setWidthFull();
        phones.setWidthFull();
    }

    void edit(Contact contact) {
        editing = contact;
        title.setText(contact == null ? "New contact" : contact.name());
        remind.setVisible(contact != null);
        cancel.setText(contact == null ? "Cancel" : "Close");
        name.setValue(contact == null ? "" : contact.name());
        company.setValue(orEmpty(contact == null ? null : contact.company()));
        email.setValue(orEmpty(contact == null ? null : contact.email()));
        source.setValue(orEmpty(contact == null ? null : contact.source()));
        notes.setValue(orEmpty(contact == null ? null : contact.notes()));
        phones.setValues(contact == null ? List.of() : contact.phones().stream().map(display).toList());
        List.of(name, company, email, source).forEach(f -> f.setInvalid(false));
        extras.accept(contact);
        name.focus();
    }

    Contact editing() {
        return editing;
    }

    void prefillPhone(String number) {
        phones.setValues(List.of(number));
    }

    /** Marks the fields the domain refused, with its words. */
    void showProblems(List<FieldProblem> problems) {
        for (FieldProblem problem : problems) {
            switch (problem.field()) {
                case "name" -> invalid(name, problem.message());
                case "company" -> invalid(company, problem.message());
                case "email" -> invalid(email, problem.message());
                case "source" -> invalid(source, problem.message());
                case "notes" -> {
                    notes.setErrorMessage(problem.message());
                    notes.setInvalid(true);
                }
                default -> phones.setError(problem.message());
            }
        }
    }

    private void submit() {
        phones.setError(null);
        boolean ok = phones.validate();
        if (name.getValue().isBlank()) {
            invalid(name, "Name is required");
            ok = false;
        }
        if (email.isInvalid()) {
            ok = false;
        }
        if (ok) {
            fireEvent(new SaveEvent(this, new ContactDraft(name.getValue(), company.getValue(), phones.values(),
                    email.getValue(), source.getValue(), notes.getValue())));
        }
    }

    private static void invalid(com.vaadin.flow.component.HasValidation field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    static final class SaveEvent extends ComponentEvent<ContactForm> {
        private final ContactDraft draft;

        SaveEvent(ContactForm source, ContactDraft draft) {
            super(source, false);
            this.draft = draft;
        }

        ContactDraft draft() {
            return draft;
        }
    }

    static final class CloseEvent extends ComponentEvent<ContactForm> {
        CloseEvent(ContactForm source) {
            super(source, false);
        }
    }

    Registration onSave(com.vaadin.flow.component.ComponentEventListener<SaveEvent> listener) {
        return addListener(SaveEvent.class, listener);
    }

    static final class RemindEvent extends ComponentEvent<ContactForm> {
        RemindEvent(ContactForm source) {
            super(source, false);
        }
    }

    Registration onRemind(com.vaadin.flow.component.ComponentEventListener<RemindEvent> listener) {
        return addListener(RemindEvent.class, listener);
    }

    Registration onClose(com.vaadin.flow.component.ComponentEventListener<CloseEvent> listener) {
        return addListener(CloseEvent.class, listener);
    }
}
