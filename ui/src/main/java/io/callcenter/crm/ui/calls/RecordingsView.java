package io.callcenter.crm.ui.calls;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.callcenter.crm.access.AccessPolicy;
import io.callcenter.crm.access.Decision;
import io.callcenter.crm.access.Viewer;
import io.callcenter.crm.agents.UserAccount;
import io.callcenter.crm.agents.Users;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallFilter;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.Dispositions;
import io.callcenter.crm.contacts.PhoneNumbers;
import io.callcenter.crm.ui.Formats;
import io.callcenter.crm.ui.MainLayout;
import io.callcenter.crm.ui.SignedIn;
import jakarta.annotation.security.RolesAllowed;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The supervisors' recordings: every call whose recording is in the store, newest first, found by date,
 * agent, queue, number, contact, outcome and talk time, each played in the same player as in Calls.
 */
@Route(value = "recordings", layout = MainLayout.class)
@PageTitle("Recordings · Call-Center CRM")
@RolesAllowed({"SUPERVISOR", "MANAGER"})
public class RecordingsView extends VerticalLayout {

    /** Talk-time ranges offered in the filter. */
    enum TalkTime {
        ANY("Any length", null, null), SHORT("Under 30 s", null, 30), MEDIUM("30 s – 2 min", 30, 120),
        LONG("2 – 10 min", 120, 600), VERY_LONG("Over 10 min", 600, null);

        final String label;
        final Integer min;
        final Integer max;

        TalkTime(String label, Integer min, Integer max) {
            this.label = label;
            this.min = min;
            this.max = max;
        }
    }

    final Grid<Call> grid = new Grid<>(Call.class, false);
    final DatePicker from = new DatePicker("From");
    final DatePicker to = new DatePicker("To");
    final ComboBox<UserAccount> agent = new ComboBox<>("Agent");
    final ComboBox<String> queue = new ComboBox<>("Queue");
    final TextField number = new TextField("Number");
    final TextField contact = new TextField("Contact");
    final Select<String> disposition = new Select<>();
    final Select<TalkTime> talk = new Select<>();

    private final CallLog callLog;
    private final AccessPolicy access;
    private final Viewer viewer;

    public RecordingsView(CallLog callLog, Users users, Dispositions dispositions, PhoneNumbers phoneNumbers,
                          AuthenticationContext auth, AccessPolicy access, Optional<Clock> clock) {
        this.callLog = callLog;
        this.access = access;
        this.viewer = SignedIn.viewer(auth);
        setSizeFull();
        addClassName("recordings-view");

        from.setId("recordings-from");
        to.setId("recordings-to");
        from.setClearButtonVisible(true);
        to.setClearButtonVisible(true);
        agent.setId("recordings-agent");
        CallsView.agentChoices(agent, users);
        queue.setId("recordings-queue");
        queue.setItems(callLog.queuesSince(clock.orElse(Clock.systemUTC()).instant().minus(Duration.ofDays(90))));
        queue.setClearButtonVisible(true);
        number.setId("recordings-number");
        number.setPlaceholder("any part");
        number.setClearButtonVisible(true);
        number.setValueChangeMode(ValueChangeMode.LAZY);
        contact.setId("recordings-contact");
        contact.setPlaceholder("name");
        contact.setClearButtonVisible(true);
        contact.setValueChangeMode(ValueChangeMode.LAZY);
        disposition.setId("recordings-disposition");
        disposition.setLabel("Outcome");
        disposition.setItems(dispositions.active());
        disposition.setEmptySelectionAllowed(true);
        disposition.setEmptySelectionCaption("Any");
        disposition.setItemLabelGenerator(d -> d == null ? "Any" : d);
        talk.setId("recordings-talk");
        talk.setLabel("Talk time");
        talk.setItems(TalkTime.values());
        talk.setItemLabelGenerator(t -> t.label);
        talk.setValue(TalkTime.ANY);
        agent.setPlaceholder("Any");
        queue.setPlaceholder("Any");
        from.setWidth("10em");
        to.setWidth("10em");
        agent.setWidth("12em");
        queue.setWidth("10em");
        number.setWidth("11em");
        contact.setWidth("11em");
        disposition.setWidth("11em");
        talk.setWidth("10em");
        List.of(from, to).forEach(f -> f.addValueChangeListener(e -> refresh()));
        agent.addValueChangeListener(e -> refresh());
        queue.addValueChangeListener(e -> refresh());
        number.addValueChangeListener(e -> refresh());
        contact.addValueChangeListener(e -> refresh());
        disposition.addValueChangeListener(e -> refresh());
        talk.addValueChangeListener(e -> refresh());

        HorizontalLayout filters = new HorizontalLayout(new H2("Recordings"), from, to, agent, queue, number, contact,
                disposition, talk);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.addClassName("toolbar");
        filters.setWidthFull();
        filters.getStyle().set("flex-wrap", "wrap");

        grid.setId("recordings-grid");
        grid.setHeightFull();
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.addComponentColumn(c -> access.mayHearRecordingOf(viewer, c) ? RecordingPlayer.button(c, phoneNumbers)
                : new com.vaadin.flow.component.html.Span()).setHeader("").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(c -> Formats.dateTime(c.startedAt())).setHeader("Started").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(c -> c.agent() == null ? "" : c.agent()).setHeader("Agent").setFlexGrow(1);
        grid.addColumn(c -> c.queue() == null ? "" : c.queue()).setHeader("Queue").setFlexGrow(1);
        grid.addColumn(c -> c.contactName() == null ? "" : c.contactName()).setHeader("Contact").setFlexGrow(2);
        grid.addColumn(c -> Formats.number(c.remoteNumber(), phoneNumbers)).setHeader("Number").setFlexGrow(2);
        grid.addColumn(c -> c.disposition() == null ? "" : c.disposition()).setHeader("Outcome").setFlexGrow(1);
        grid.addColumn(c -> Formats.duration(c.talkSeconds())).setHeader("Talk").setAutoWidth(true).setFlexGrow(0);
        grid.setItems(q -> visible().map(f -> callLog.search(f, q.getOffset(), q.getLimit()).stream())
                        .orElseGet(java.util.stream.Stream::empty),
                q -> visible().map(callLog::count).orElse(0));
        grid.setEmptyStateText("No recorded call matches these filters.");
        add(filters, grid);
    }

    /** The recorded calls the filters ask for, as far as the access policy lets this user see them. */
    Optional<CallFilter> visible() {
        ZoneId zone = ZoneId.systemDefault();
        LocalDate f = from.getValue();
        LocalDate t = to.getValue();
        TalkTime range = talk.getValue() == null ? TalkTime.ANY : talk.getValue();
        CallFilter asked = new CallFilter(null, agent.getValue() == null ? null : agent.getValue().username(),
                f == null ? null : f.atStartOfDay(zone).toInstant(),
                t == null ? null : t.plusDays(1).atStartOfDay(zone).toInstant(), null, null)
                .withQueue(queue.getValue()).withNumber(number.getValue()).withContactName(contact.getValue())
                .withDisposition(disposition.getValue()).withTalkBetween(range.min, range.max).recorded();
        return access.calls(viewer, asked) instanceof Decision.Allowed<CallFilter> allowed
                ? Optional.of(allowed.filter()) : Optional.empty();
    }

    private void refresh() {
        grid.getDataProvider().refreshAll();
    }
}
