package io.callcenter.crm.ui.calls;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.callcenter.crm.access.AccessPolicy;
import io.callcenter.crm.access.Decision;
import io.callcenter.crm.access.Viewer;
import io.callcenter.crm.agents.UserAccount;
import io.callcenter.crm.agents.Users;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallFilter;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.CallStatus;
import io.callcenter.crm.contacts.PhoneNumbers;
import io.callcenter.crm.ui.Formats;
import io.callcenter.crm.ui.LiveCallEvents;
import io.callcenter.crm.ui.MainLayout;
import io.callcenter.crm.ui.SignedIn;
import jakarta.annotation.security.PermitAll;

import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Every call, answered or not, newest first, filtered by agent, direction, status and date; new and
 * changing calls appear as they happen. Which calls a user sees is the access policy's answer: agents
 * their own, supervisors and managers everyone's.
 */
@Route(value = "calls", layout = MainLayout.class)
@PageTitle("Calls · Call-Center CRM")
@PermitAll
public class CallsView extends VerticalLayout implements com.vaadin.flow.router.BeforeEnterObserver {

    final Grid<Call> grid = new Grid<>(Call.class, false);
    final ComboBox<UserAccount> agent = new ComboBox<>("Agent");
    final Select<CallDirection> direction = new Select<>();
    final Select<CallStatus> status = new Select<>();
    final DatePicker from = new DatePicker("From");
    final DatePicker to = new DatePicker("To");
    final ComboBox<String> queue = new ComboBox<>("Queue");
    /** The number dialled, when the view was opened for one (a KPI drill-down); a button clears it. */
    final com.vaadin.flow.component.button.Button dialled = new com.vaadin.flow.component.button.Button();
    private String didFilter;
    /** The time zone the dates are days of: the server's, or the one a KPI report was read in. */
    private ZoneId zone = ZoneId.systemDefault();
    private final Users users;

    private final CallLog callLog;
    private final AccessPolicy access;
    private final Viewer viewer;

    public CallsView(CallLog callLog, Users users, PhoneNumbers phoneNumbers, AuthenticationContext auth, LiveCallEvents live,
                     AccessPolicy access, java.util.Optional<java.time.Clock> clock,
                     io.callcenter.crm.calls.Dispositions dispositions, io.callcenter.crm.tasks.Tasks tasks) {
        this.callLog = callLog;
        this.access = access;
        this.users = users;
        this.viewer = SignedIn.viewer(auth);
        boolean agentOnly = !access.seesTheWholeFloor(viewer);
        setSizeFull();
        addClassName("calls-view");

        agentChoices(agent, users);
        agent.setVisible(!agentOnly);
        agent.setId("filter-agent");
        direction.setLabel("Direction");
        direction.setItems(CallDirection.values());
        direction.setEmptySelectionAllowed(true);
        direction.setEmptySelectionCaption("Any");
        direction.setItemLabelGenerator(d -> d == null ? "Any" : Formats.direction(d));
        direction.setId("filter-direction");
        status.setLabel("Status");
        status.setItems(CallStatus.values());
        status.setEmptySelectionAllowed(true);
        status.setEmptySelectionCaption("Any");
        status.setItemLabelGenerator(s -> s == null ? "Any" : Formats.status(s));
        status.setId("filter-status");
        from.setClearButtonVisible(true);
        to.setClearButtonVisible(true);
        queue.setId("filter-queue");
        queue.setItems(callLog.queuesSince(clock.orElse(java.time.Clock.systemUTC()).instant().minus(java.time.Duration.ofDays(90))));
        queue.setClearButtonVisible(true);
        queue.setPlaceholder("Any");
        queue.addValueChangeListener(e -> refresh());
        dialled.setId("filter-dialled");
        dialled.setIcon(com.vaadin.flow.component.icon.VaadinIcon.CLOSE_SMALL.create());
        dialled.setIconAfterText(true);
        dialled.addThemeVariants(com.vaadin.flow.component.button.ButtonVariant.LUMO_SMALL,
                com.vaadin.flow.component.button.ButtonVariant.LUMO_CONTRAST);
        dialled.setVisible(false);
        dialled.addClickListener(e -> {
            didFilter = null;
            dialled.setVisible(false);
            refresh();
        });
        agent.addValueChangeListener(e -> refresh());
        direction.addValueChangeListener(e -> refresh());
        status.addValueChangeListener(e -> refresh());
        from.addValueChangeListener(e -> refresh());
        to.addValueChangeListener(e -> refresh());

        H2 heading = new H2(agentOnly ? "My calls" : "Calls");
        HorizontalLayout filters = new HorizontalLayout(heading, agent, queue, direction, status, from, to, dialled);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.addClassName("toolbar");
        filters.setWidthFull();
        filters.getStyle().set("flex-wrap", "wrap");

        grid.setId("calls-grid");
        grid.setHeightFull();
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.addColumn(c -> Formats.dateTime(c.startedAt())).setHeader("Started").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(c -> Formats.direction(c.direction())).setHeader("Direction").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(c -> {
            Span badge = new Span(Formats.status(c.status()));
            badge.getElement().getThemeList().add(Formats.statusTheme(c.status()));
            badge.addClassName("status-badge");
            if (c.endCause() == null) {
                return badge;
            }
            // why an attempt failed, as the PBX told it
            Span cause = new Span(c.endCause().description());
            cause.addClassName("end-cause");
            Span both = new Span(badge, cause);
            both.setTitle(c.endCause().description());
            return both;
        }).setHeader("Status").setAutoWidth(true).setFlexGrow(0);
        // the recording next to the status: two clicks from the list to the caller's voice
        grid.addComponentColumn(c -> c.recordingId() != null && access.mayHearRecordingOf(viewer, c)
                        ? RecordingPlayer.button(c, phoneNumbers) : new Span())
                .setHeader("Recording").setKey("recording").setAutoWidth(true).setFlexGrow(0);
        // the outcome next (or that the call still waits for one): what an agent looks for first
        grid.addComponentColumn(c -> {
            if (c.disposition() != null) {
                Span outcome = new Span(c.disposition());
                outcome.setTitle(c.note() == null ? c.disposition() : c.disposition() + ": " + c.note());
                return outcome;
            }
            if (c.takesAnOutcome()) {
                Span waiting = new Span("To wrap up");
                waiting.getElement().getThemeList().add("badge warning");
                waiting.addClassName("to-wrap-up");
                return waiting;
            }
            return new Span();
        }).setHeader("Outcome").setKey("outcome").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(c -> c.contactName() != null ? c.contactName() : "").setHeader("Contact").setWidth("10em").setFlexGrow(1);
        // numbers as people write them, wide enough to read whole
        grid.addColumn(c -> Formats.number(c.remoteNumber(), phoneNumbers)).setHeader("Number").setWidth("9.5em").setFlexGrow(0);
        grid.addColumn(c -> Formats.number(c.localNumber(), phoneNumbers)).setHeader("Dialed").setWidth("9.5em").setFlexGrow(0);
        grid.addColumn(Call::queue).setHeader("Queue").setWidth("8em").setFlexGrow(0);
        grid.addColumn(c -> c.agent() == null ? "" : c.agent()).setHeader("Agent").setWidth("6em").setFlexGrow(0);
        // a call that ended while the CRM was cut off from Asterisk: its end is when the CRM saw it gone
        grid.addColumn(c -> approximately(c, c.answeredAt() == null, Formats.duration(c.waitSeconds())))
                .setHeader("Wait").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(c -> approximately(c, c.answeredAt() != null, Formats.duration(c.talkSeconds())))
                .setHeader("Talk").setAutoWidth(true).setFlexGrow(0);
        grid.setItems(q -> visible().map(f -> callLog.search(f, q.getOffset(), q.getLimit()).stream()).orElseGet(java.util.stream.Stream::empty),
                q -> visible().map(callLog::count).orElse(0));
        grid.setEmptyStateText("No calls match these filters.");
        // any row opens the call, where its agent (or a supervisor) can still wrap it up
        grid.addItemClickListener(e -> {
            if (e.getColumn() != null && "recording".equals(e.getColumn().getKey())) {
                return; // the player, not the detail
            }
            callLog.find(e.getItem().id()).ifPresent(c -> new CallDetail(c, viewer, callLog, access, dispositions, tasks,
                    phoneNumbers, clock.orElse(java.time.Clock.systemUTC()), this::refresh).open());
        });
        add(filters, grid);

        live.follow(this, event -> refresh());
    }

    /** The calls the filters ask for, as far as the access policy lets this user see them. */
    java.util.Optional<CallFilter> visible() {
        LocalDate f = from.getValue();
        LocalDate t = to.getValue();
        CallFilter asked = new CallFilter(null, agent.getValue() == null ? null : agent.getValue().username(),
                f == null ? null : f.atStartOfDay(zone).toInstant(),
                t == null ? null : t.plusDays(1).atStartOfDay(zone).toInstant(), direction.getValue(), status.getValue())
                .withQueue(queue.getValue()).withLocalNumber(didFilter);
        return access.calls(viewer, asked) instanceof Decision.Allowed<CallFilter> allowed
                ? java.util.Optional.of(allowed.filter()) : java.util.Optional.empty();
    }

    private void refresh() {
        grid.getDataProvider().refreshAll();
    }

    /**
     * Opened with filters in the address (a KPI figure's drill-down, or a bookmark): {@code agent}, {@code queue},
     * {@code did}, {@code direction}, {@code status}, {@code from} and {@code to} (local days) and {@code zone}.
     */
    @Override
    public void beforeEnter(com.vaadin.flow.router.BeforeEnterEvent event) {
        java.util.Map<String, java.util.List<String>> q = event.getLocation().getQueryParameters().getParameters();
        java.util.function.Function<String, String> one = name -> q.getOrDefault(name, java.util.List.of()).stream().findFirst()
                .filter(v -> !v.isBlank()).orElse(null);
        try {
            if (one.apply("zone") != null) {
                zone = ZoneId.of(one.apply("zone"));
            }
            if (one.apply("from") != null) {
                from.setValue(LocalDate.parse(one.apply("from")));
            }
            if (one.apply("to") != null) {
                to.setValue(LocalDate.parse(one.apply("to")));
            }
            if (one.apply("direction") != null) {
                direction.setValue(CallDirection.valueOf(one.apply("direction")));
            }
            if (one.apply("status") != null) {
                status.setValue(CallStatus.valueOf(one.apply("status")));
            }
        } catch (RuntimeException e) {
            com.vaadin.flow.component.notification.Notification.show("Some filters in the address were not understood: "
                    + e.getMessage());
        }
        if (one.apply("agent") != null && agent.isVisible()) {
            users.list(0, 500).stream().filter(u -> u.username().equals(one.apply("agent"))).findFirst().ifPresent(agent::setValue);
        }
        if (one.apply("queue") != null) {
            queue.setValue(one.apply("queue"));
        }
        if (one.apply("did") != null) {
            didFilter = one.apply("did");
            dialled.setText("Dialled " + didFilter);
            dialled.setVisible(true);
        }
        refresh();
    }

    /** The agents (users with an extension) to filter calls by, as "Alice Agent (1001)". */
    static void agentChoices(ComboBox<UserAccount> agent, Users users) {
        agent.setItems(users.list(0, 500).stream().filter(u -> u.extension() != null).toList());
        agent.setItemLabelGenerator(u -> u.displayName() + " (" + u.extension() + ")");
        agent.setClearButtonVisible(true);
    }

    /** "≤ 1:15" when the figure runs to an end the CRM could not see (it was cut off from Asterisk then). */
    private static String approximately(Call call, boolean runsToTheEnd, String figure) {
        return call.endApproximate() && runsToTheEnd && !figure.isEmpty() ? "≤ " + figure : figure;
    }
}
