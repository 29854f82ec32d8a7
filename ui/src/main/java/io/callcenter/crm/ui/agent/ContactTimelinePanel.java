package io.callcenter.crm.ui.agent;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextField;
import io.callcenter.crm.contacts.Contact;
import io.callcenter.crm.deals.Deal;
import io.callcenter.crm.deals.Deals;
import io.callcenter.crm.notes.Notes;
import io.callcenter.crm.timeline.ContactTimeline;
import io.callcenter.crm.timeline.TimelineEntry;
import io.callcenter.crm.ui.Formats;

/** Below the contact card: the contact's deals, a note box, and one timeline of everything that happened. */
class ContactTimelinePanel extends Div {

    private final ContactTimeline timeline;
    private final Notes notes;
    private final Deals deals;
    private final String me;
    /** The play button of a call's recording, when it has one the user may hear. */
    private final java.util.function.LongFunction<java.util.Optional<? extends com.vaadin.flow.component.Component>> player;
    private Contact contact;

    ContactTimelinePanel(ContactTimeline timeline, Notes notes, Deals deals, String me,
                         java.util.function.LongFunction<java.util.Optional<? extends com.vaadin.flow.component.Component>> player) {
        this.timeline = timeline;
        this.notes = notes;
        this.deals = deals;
        this.me = me;
        this.player = player;
        addClassName("call-history");
        setWidthFull();
    }

    void show(Contact c) {
        this.contact = c;
        removeAll();
        if (c == null) {
            return;
        }
        add(dealsSection(), noteBox(), timelineSection());
    }

    private Div dealsSection() {
        Div section = new Div();
        section.addClassName("deals");
        section.add(new H4("Deals"));
        for (Deal deal : deals.forContact(contact.id())) {
            Select<Deal.Stage> stage = new Select<>();
            stage.setItems(Deal.Stage.values());
            stage.setItemLabelGenerator(s -> s == null ? "" : capital(s.name()));
            stage.setValue(deal.stage());
            stage.addClassName("deal-stage");
            stage.addValueChangeListener(e -> {
                if (e.isFromClient() && e.getValue() != null) {
                    deals.move(deal.id(), e.getValue(), me);
                    show(contact);
                }
            });
            Span title = new Span(deal.title() + (deal.amount() == null ? "" : " · " + deal.amount().toPlainString()));
            title.addClassName("deal-title");
            HorizontalLayout row = new HorizontalLayout(title, stage);
            row.setAlignItems(FlexComponent.Alignment.BASELINE);
            row.addClassName("deal-row");
            section.add(row);
        }
        TextField title = new TextField();
        title.setPlaceholder("New deal, e.g. 3 engines");
        title.setId("deal-title");
        BigDecimalField amount = new BigDecimalField();
        amount.setPlaceholder("Amount");
        amount.setId("deal-amount");
        amount.setWidth("6em");
        Button add = new Button(VaadinIcon.PLUS.create(), e -> {
            Deals.Result result = deals.create(contact.id(), title.getValue(), amount.getValue(), me);
            if (result instanceof Deals.Result.Invalid invalid) {
                title.setErrorMessage(invalid.problems().get(0).message());
                title.setInvalid(true);
            } else {
                show(contact);
            }
        });
        add.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        add.setAriaLabel("Add deal");
        add.setId("deal-add");
        HorizontalLayout form = new HorizontalLayout(title, amount, add);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        form.addClassName("deal-form");
        form.setWidthFull();
        section.add(form);
        return section;
    }

    private HorizontalLayout noteBox() {
        TextField note = new TextField();
        note.setPlaceholder("Add a note to the timeline");
        note.setId("timeline-note");
        Button add = new Button("Add note", e -> {
            notes.add(contact.id(), me, note.getValue()).ifPresentOrElse(problem -> {
                note.setErrorMessage(problem.message());
                note.setInvalid(true);
            }, () -> show(contact));
        });
        add.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        add.setId("timeline-add-note");
        HorizontalLayout box = new HorizontalLayout(note, add);
        box.setWidthFull();
        box.addClassName("note-box");
        box.setAlignItems(FlexComponent.Alignment.BASELINE);
        return box;
    }

    private Div timelineSection() {
        Div list = new Div();
        list.addClassName("timeline");
        var entries = timeline.of(contact.id(), 50);
        list.add(new H4(entries.isEmpty() ? "Nothing yet" : "Timeline"));
        for (TimelineEntry entry : entries) {
            Span icon = new Span(switch (entry.kind()) {
                case CALL -> VaadinIcon.PHONE.create();
                case NOTE -> VaadinIcon.COMMENT.create();
                case TASK -> VaadinIcon.ALARM.create();
                case DEAL -> VaadinIcon.DOLLAR.create();
            });
            icon.addClassName("kind");
            Span title = new Span(entry.title());
            title.addClassName("title");
            Span when = new Span(Formats.dateTime(entry.at()) + (entry.by() == null ? "" : " · " + entry.by()));
            when.addClassName("when");
            Div row = new Div(icon, title, when);
            if (entry.kind() == TimelineEntry.Kind.CALL && entry.callId() != null) {
                player.apply(entry.callId()).ifPresent(row::add);
            }
            row.addClassName("call-row");
            row.getElement().setAttribute("kind", entry.kind().name().toLowerCase());
            if (entry.detail() != null && !entry.detail().isBlank()) {
                Span detail = new Span(entry.detail());
                detail.addClassName("call-note");
                row.add(detail);
            }
            list.add(row);
        }
        return list;
    }

    private static String capital(String s) {
        return s.charAt(0) + s.substring(1).toLowerCase();
    }
}
