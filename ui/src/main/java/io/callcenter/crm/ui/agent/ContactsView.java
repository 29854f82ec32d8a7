package io.callcenter.crm.ui.agent;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.callcenter.crm.contacts.Contact;
import io.callcenter.crm.contacts.ContactDraft;
import io.callcenter.crm.contacts.ContactResult;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.contacts.PhoneNumbers;
import io.callcenter.crm.telephony.ClickToCall;
import io.callcenter.crm.deals.Deals;
import io.callcenter.crm.notes.Notes;
import io.callcenter.crm.tasks.Tasks;
import io.callcenter.crm.timeline.ContactTimeline;
import io.callcenter.crm.ui.MainLayout;
import io.callcenter.crm.ui.calls.ClickToCallButton;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.PermitAll;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.stream.Collectors;

/**
 * Contacts: a lazily loaded list searched by name, company, e-mail or any written form of a number,
 * and the card to create or edit one beside it. An open card has its own address, {@code /contacts/{id}}, to
 * bookmark or send to a colleague.
 */
@Route(value = "", layout = MainLayout.class)
@com.vaadin.flow.router.RouteAlias(value = "contacts/:contactId(\\d+)", layout = MainLayout.class)
@PageTitle("Contacts · Call-Center CRM")
@PermitAll
public class ContactsView extends VerticalLayout implements com.vaadin.flow.router.BeforeEnterObserver {

    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
            .withZone(ZoneId.systemDefault());

    final TextField search = new TextField();
    final Grid<Contact> grid = new Grid<>(Contact.class, false);
    final ContactForm form;
    final Button add = new Button("New contact", VaadinIcon.PLUS.create());

    private final Contacts contacts;
    /** columns that make room for the contact card while it is open */
    private final List<Grid.Column<Contact>> secondary = new ArrayList<>();

    public ContactsView(Contacts contacts, PhoneNumbers phoneNumbers, ClickToCall clickToCall,
                        AuthenticationContext auth, Tasks tasks, ContactTimeline timeline, Notes notes, Deals deals,
                        io.callcenter.crm.calls.CallLog callLog, io.callcenter.crm.access.AccessPolicy access) {
        this.contacts = contacts;
        String me = auth.getPrincipalName().orElseThrow();
        io.callcenter.crm.access.Viewer viewer = io.callcenter.crm.ui.SignedIn.viewer(auth);
        // a call on the timeline with a recording this user may hear gets the same play button as in Calls
        ContactTimelinePanel extras = new ContactTimelinePanel(timeline, notes, deals, me, callId -> callLog.find(callId)
                .filter(c -> c.recordingId() != null && access.mayHearRecordingOf(viewer, c))
                .map(c -> io.callcenter.crm.ui.calls.RecordingPlayer.button(c, phoneNumbers)));
        this.form = new ContactForm(contacts::checkPhone, phoneNumbers::format, number -> new ClickToCallButton(clickToCall, me, () -> number),
                extras, extras::show);
        addClassName("contacts-view");
        setSizeFull();

        H2 heading = new H2("Contacts");
        search.setId("contact-search");
        search.setPlaceholder("Search by name, company, e-mail or any form of a number");
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.setWidth("28em");
        search.addValueChangeListener(e -> {
            // looking for someone: back to the list
            if (form.isVisible()) {
                close();
            }
            grid.getDataProvider().refreshAll();
        });
        add.setId("new-contact");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.addClickListener(e -> open(null));
        HorizontalLayout toolbar = new HorizontalLayout(heading, search, add);
        toolbar.setAlignItems(Alignment.BASELINE);
        toolbar.setWidthFull();
        toolbar.expand(search);
        toolbar.addClassName("toolbar");

        grid.setId("contacts-grid");
        grid.setHeightFull();
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(Contact::name).setHeader("Name").setFlexGrow(2).setAutoWidth(true);
        grid.addColumn(Contact::company).setHeader("Company").setFlexGrow(2);
        grid.addComponentColumn(c -> {
            HorizontalLayout cell = new HorizontalLayout();
            cell.setSpacing(false);
            cell.setAlignItems(Alignment.CENTER);
            if (!c.phones().isEmpty()) {
                cell.add(new ClickToCallButton(clickToCall, me, () -> c.phones().get(0).e164()));
            }
            cell.add(new Span(c.phones().stream().map(phoneNumbers::format).collect(Collectors.joining(", "))));
            return cell;
        }).setHeader("Phone numbers").setAutoWidth(true).setFlexGrow(0);
        secondary.add(grid.addColumn(Contact::email).setHeader("E-mail").setFlexGrow(2));
        secondary.add(grid.addColumn(Contact::source).setHeader("Source").setFlexGrow(1));
        secondary.add(grid.addColumn(c -> CREATED.format(c.createdAt())).setHeader("Created").setAutoWidth(true).setFlexGrow(0));
        grid.setItems(query -> contacts.search(search.getValue(), query.getOffset(), query.getLimit()).stream(),
                query -> contacts.count(search.getValue()));
        grid.asSingleSelect().addValueChangeListener(e -> {
            if (e.getValue() != null) {
                open(e.getValue());
            }
        });
        grid.setEmptyStateText("No contact matches. Create one with “New contact”.");

        form.setWidth("30em");
        form.setVisible(false);
        form.onSave(e -> save(e.draft()));
        form.onClose(e -> close());
        form.onRemind(e -> new ReminderDialog(tasks, me, form.editing()).open());

        HorizontalLayout content = new HorizontalLayout(grid, form);
        content.setSizeFull();
        content.setFlexGrow(1, grid);
        content.addClassName("contacts-content");
        add(toolbar, content);
    }

    /** Opens a contact's card, e.g. from a screen-pop. */
    public void openContact(long id) {
        contacts.find(id).ifPresent(this::open);
    }

    /** {@code /contacts/{id}} opens that contact's card; one that does not exist says so. */
    @Override
    public void beforeEnter(com.vaadin.flow.router.BeforeEnterEvent event) {
        event.getRouteParameters().getLong("contactId").ifPresent(id -> contacts.find(id).ifPresentOrElse(this::open,
                () -> Notification.show("There is no contact " + id + " (deleted, or a mistyped address)", 5000,
                        Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_ERROR)));
    }

    private void open(Contact contact) {
        form.edit(contact);
        form.setVisible(true);
        secondary.forEach(c -> c.setVisible(false));
        addClassName("editing");
        if (contact != null) {
            address("contacts/" + contact.id());
        }
    }

    private void close() {
        form.setVisible(false);
        secondary.forEach(c -> c.setVisible(true));
        grid.asSingleSelect().clear();
        removeClassName("editing");
        address("");
    }

    /** The browser's address follows the open card (without a navigation). */
    private void address(String path) {
        getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null, path));
    }

    private void save(ContactDraft draft) {
        Contact editing = form.editing();
        ContactResult result = editing == null ? contacts.create(draft) : contacts.update(editing.id(), draft);
        if (result instanceof ContactResult.Saved saved) {
            Notification.show("Saved " + saved.contact().name(), 3000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            close();
            grid.getDataProvider().refreshAll();
        } else if (result instanceof ContactResult.Invalid invalid) {
            form.showProblems(invalid.problems());
        } else {
            Notification.show("This contact was deleted meanwhile", 4000, Notification.Position.MIDDLE)
                    .addThemeVariants(NotificationVariant.LUMO_ERROR);
            close();
            grid.getDataProvider().refreshAll();
        }
    }
}
