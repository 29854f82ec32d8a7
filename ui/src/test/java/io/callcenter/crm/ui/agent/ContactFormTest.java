package io.callcenter.crm.ui.agent;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.textfield.TextField;
import io.callcenter.crm.contacts.Contact;
import io.callcenter.crm.contacts.ContactDraft;
import io.callcenter.crm.shared.FieldProblem;
import io.callcenter.crm.contacts.PhoneNumber;
import io.callcenter.crm.contacts.PhoneNumbers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static org.assertj.core.api.Assertions.assertThat;

/** The contact card's editor, without a browser: what it checks, what it hands over, what it shows. */
class ContactFormTest {

    private final PhoneNumbers phoneNumbers = new PhoneNumbers("US");
    private final List<ContactDraft> saved = new ArrayList<>();
    private final List<Contact> extrasShown = new ArrayList<>();
    private ContactForm form;

    @BeforeEach
    void setUp() {
        MockVaadin.setup();
        form = new ContactForm(phoneNumbers::normalize, phoneNumbers::format, number -> new Button("call " + number), new Div(), extrasShown::add);
        form.onSave(e -> saved.add(e.draft()));
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
    }

    @Test
    void savesADraftWithTheNumbersAsTyped() {
        form.edit(null);
        form.name.setValue("Grace Hopper");
        form.company.setValue("Navy Labs");
        phoneInputs().get(0).setValue("(555) 010-7788");

        form.save.click();

        assertThat(saved).containsExactly(new ContactDraft("Grace Hopper", "Navy Labs", List.of("(555) 010-7788"), "", "", ""));
    }

    @Test
    void unparseableNumberMarksItsFieldAndSavesNothing() {
        form.edit(null);
        form.name.setValue("Nobody");
        phoneInputs().get(0).setValue("call me maybe");

        form.save.click();

        assertThat(saved).isEmpty();
        assertThat(phoneInputs().get(0).isInvalid()).isTrue();
        assertThat(phoneInputs().get(0).getErrorMessage()).startsWith("This is not a phone number").contains("letters");
    }

    @Test
    void nameIsRequired() {
        form.edit(null);

        form.save.click();

        assertThat(saved).isEmpty();
        assertThat(form.name.isInvalid()).isTrue();
    }

    @Test
    void editingAContactFillsTheCardShowsItsCallButtonsAndItsTimeline() {
        Contact ada = new Contact(7, "Ada Pop", "Analytical Engines", List.of(new PhoneNumber("+15550107070")), null,
                "Referral", null, Instant.EPOCH, Instant.EPOCH);

        form.edit(ada);

        assertThat(form.title.getText()).isEqualTo("Ada Pop");
        assertThat(form.name.getValue()).isEqualTo("Ada Pop");
        assertThat(form.source.getValue()).isEqualTo("Referral");
        assertThat(phoneInputs()).extracting(TextField::getValue).as("as numbers are shown everywhere").containsExactly("(555) 010-7070");
        assertThat(_find(form, Button.class)).extracting(Button::getText).contains("call (555) 010-7070");
        assertThat(form.remind.isVisible()).isTrue();
        assertThat(extrasShown).containsExactly(ada);
    }

    @Test
    void refusalsFromTheDomainLandOnTheirFields() {
        form.edit(null);

        form.showProblems(List.of(new FieldProblem("email", "'x' is not an e-mail address"),
                new FieldProblem("phones", "(555) 010-7070 already belongs to Ada Pop (Analytical Engines)")));

        assertThat(form.email.isInvalid()).isTrue();
        assertThat(form.email.getErrorMessage()).isEqualTo("'x' is not an e-mail address");
        assertThat(form.phones.getElement().getText() + _find(form.phones, com.vaadin.flow.component.html.Span.class).stream()
                .map(com.vaadin.flow.component.html.Span::getText).toList()).contains("already belongs to Ada Pop (Analytical Engines)");
    }

    private List<TextField> phoneInputs() {
        return _find(form.phones, TextField.class);
    }
}
