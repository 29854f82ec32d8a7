package io.callcenter.crm.ui.agent;

import io.callcenter.crm.telephony.CallControl;
import io.callcenter.crm.telephony.RecordingPause;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.textfield.TextField;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallFilter;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.Dispositions;
import io.callcenter.crm.contacts.Contact;
import io.callcenter.crm.contacts.ContactDraft;
import io.callcenter.crm.contacts.ContactResult;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.contacts.PhoneNumbers;
import io.callcenter.crm.access.AccessPolicy;
import io.callcenter.crm.access.Viewer;
import io.callcenter.crm.tasks.Task;
import io.callcenter.crm.tasks.TaskFilter;
import io.callcenter.crm.tasks.Tasks;
import io.callcenter.crm.telephony.CallEvent;
import io.callcenter.crm.telephony.screenpop.LiveCall;
import io.callcenter.crm.telephony.screenpop.ScreenPops;
import io.callcenter.crm.ui.Formats;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The caller's card, in the agent's desk while their phone rings: who it is, their last calls and open
 * tasks; then the live call with a running timer; then the wrap-up. Shows what {@link ScreenPops} says
 * the agent's live call is ({@link AgentDesk} follows it), so a reload or a second tab shows the live call
 * again.
 */
@com.vaadin.flow.component.dependency.JsModule("./ring-alert.js")
class ScreenPop extends Div {

    private final String me;
    private final Viewer viewer;
    private final AccessPolicy access;
    private final Contacts contacts;
    private final CallLog callLog;
    private final Tasks tasks;
    private final Dispositions dispositions;
    private final PhoneNumbers phoneNumbers;
    private final RecordingPause recordingPause;
    private final Clock clock;
    private final CallControl callControl;
    /** a colleague's name and extension, from the extension an internal call shows */
    private final java.util.function.Function<String, String> colleague;
    private LiveCall shown;
    /** the colleague this console's agent calls or talks to for an attended transfer, or null */
    private String consultingWith;
    /** the PBX showed the consultation (the colleague answered): once it no longer does, it is over */
    private boolean consultSeen;
    /** the agent cancelled the consultation: the PBX may show it a moment longer */
    private boolean consultCancelled;
    /** the caller is on hold: put there from here (before the PBX tells the parking space), or seen parked */
    private boolean held;
    /** the PBX showed the caller parked: once it no longer does, the hold is over */
    private boolean heldSeen;
    /** the agent asked to pick the held caller up: their phone rings */
    private boolean pickingUp;
    /** the controls of the live call, and what they show, to redraw them only when the call changes */
    private Div controls;
    private String controlsShow;
    private Runnable wrapUpDone = () -> { };
    private Runnable resync = () -> { };

    ScreenPop(Viewer viewer, AccessPolicy access, Contacts contacts, CallLog callLog,
              Tasks tasks, Dispositions dispositions, PhoneNumbers phoneNumbers, RecordingPause recordingPause, Clock clock,
              CallControl callControl, java.util.function.Function<String, String> colleague) {
        this.colleague = colleague;
        this.clock = clock;
        this.callControl = callControl;
        this.recordingPause = recordingPause;
        this.me = viewer.username();
        this.viewer = viewer;
        this.access = access;
        this.contacts = contacts;
        this.callLog = callLog;
        this.tasks = tasks;
        this.dispositions = dispositions;
        this.phoneNumbers = phoneNumbers;
        setId("screen-pop");
        addClassName("screen-pop");
        setVisible(false);
    }

    /** Told when the agent saved the wrap-up shown, or put it off to the list. */
    void onWrapUpDone(Runnable done) {
        this.wrapUpDone = done;
    }

    /** The call whose wrap-up the pop shows now, or -1. */
    long wrapUpShown() {
        return shown != null && shown.phase() == LiveCall.Phase.WRAP_UP && isVisible() ? shown.call().callId() : -1;
    }

    void show(LiveCall live) {
        if (live != null && shown != null && live.call().callId() == shown.call().callId() && live.phase() == shown.phase()) {
            return;
        }
        if (live != null && live.phase() == LiveCall.Phase.WRAP_UP && live.call().direction() == CallDirection.INTERNAL) {
            // an internal call has no outcome to record
            live = null;
        }
        if (live == null || shown == null || live.call().callId() != shown.call().callId()) {
            consultingWith = null;
            consultSeen = false;
            consultCancelled = false;
            held = false;
            heldSeen = false;
            pickingUp = false;
        }
        shown = live;
        removeAll();
        getElement().removeAttribute("phase");
        boolean ringing = live != null && live.phase() == LiveCall.Phase.RINGING;
        getElement().executeJs(ringing ? "window.crmRing && window.crmRing.start($0)" : "window.crmRing && window.crmRing.stop()",
                ringing ? ringLabel(live.call()) : "");
        boolean talking = live != null && live.phase() == LiveCall.Phase.TALKING;
        // while the call talks, its controls follow the PBX (a consultation the colleague ended, a held caller
        // picked up by the agent's phone or given up) every two seconds
        getElement().executeJs("clearInterval(this.crmFollow); this.crmFollow = $0 ? setInterval(() => this.$server.followCall(), 2000) : null",
                talking);
        if (live == null) {
            setVisible(false);
            return;
        }
        getElement().setAttribute("phase", live.phase().name().toLowerCase());
        setVisible(true);
        CallEvent.CallRang call = live.call();
        Optional<Contact> contact = call.contact() == null ? Optional.empty() : contacts.find(call.contact().id());
        switch (live.phase()) {
            case RINGING -> {
                add(header(VaadinIcon.BELL, call.direction() == CallDirection.INTERNAL ? "Internal call" : "Incoming call", route(call)));
                add(caller(call, contact));
                contact.ifPresent(c -> add(history(c), openTasks(c)));
            }
            case TALKING -> {
                Span timer = new Span();
                timer.addClassName("timer");
                timer.setId("call-timer");
                startTimer(timer, live.since().toEpochMilli());
                Div head = header(VaadinIcon.PHONE, "On call", route(call));
                head.add(timer);
                controls = new Div();
                controls.addClassName("pop-controls");
                controlsShow = null;
                showControls(call, callControl.live(me, call.callId()));
                add(head, caller(call, contact), controls);
                if (callLog.find(call.callId()).map(c -> c.recordingFile() != null).orElse(false)) {
                    Div recording = new Div();
                    recording.addClassName("pop-recording");
                    showRecording(recording, call.callId());
                    add(recording);
                }
                contact.ifPresent(c -> add(history(c)));
            }
            case WRAP_UP -> {
                Div head = header(VaadinIcon.CHECK_CIRCLE, "Call ended · wrap up", route(call));
                // the agent may wrap up later; a reload brings the wrap-up back until it is saved
                Button later = new Button(VaadinIcon.ANGLE_DOWN.create(), e -> {
                    setVisible(false);
                    wrapUpDone.run();
                });
                later.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_CONTRAST);
                later.setAriaLabel("Wrap up later");
                later.setTooltipText("Wrap up later");
                later.setId("pop-later");
                later.addClassName("pop-later");
                head.add(later);
                add(head, caller(call, contact));
                callLog.find(call.callId()).ifPresent(recorded -> add(new WrapUpForm(recorded, "", viewer, callLog, access,
                        dispositions, tasks, clock, saved -> {
                            show(null);
                            wrapUpDone.run();
                        })));
            }
        }
    }

    /** Asked first each time the browser follows the call: shows the agent's live call again if it changed unseen. */
    void onFollow(Runnable resync) {
        this.resync = resync;
    }

    /** Whether {@code live} is not what the pop shows now. */
    boolean differs(LiveCall live) {
        if (live != null && live.phase() == LiveCall.Phase.WRAP_UP && live.call().direction() == CallDirection.INTERNAL) {
            live = null;
        }
        if (live == null || shown == null) {
            return live != shown;
        }
        return live.call().callId() != shown.call().callId() || live.phase() != shown.phase();
    }

    /**
     * The browser asks every two seconds while the call talks: the pop catches up with the live call if a change
     * was missed, and the controls change when the call did.
     */
    @com.vaadin.flow.component.ClientCallable
    void followCall() {
        resync.run();
        if (shown != null && shown.phase() == LiveCall.Phase.TALKING && controls != null) {
            showControls(shown.call(), callControl.live(me, shown.call().callId()));
        }
    }

    /**
     * What the agent can do with the live call: hang up, transfer (blind or after talking to the colleague),
     * hold it in a parking space and pick it up again. While the agent consults a colleague, completing or
     * cancelling the transfer; while the caller is held, picking it up. Drawn again only when what the PBX
     * says of the call changes what they show.
     */
    private void showControls(CallEvent.CallRang call, CallControl.Live live) {
        follow(live);
        drawControls(call, live);
    }

    private void drawControls(CallEvent.CallRang call, CallControl.Live live) {
        String show = held ? "held " + live.heldAt().orElse("") + " " + pickingUp
                : consultingWith != null ? "consulting " + consultingWith + " " + consultSeen : "talking";
        if (show.equals(controlsShow)) {
            return;
        }
        controlsShow = show;
        controls.removeAll();
        if (held) {
            String where = live.heldAt().map(s -> "Caller on hold · space " + s).orElse("Caller on hold");
            Span state = new Span(VaadinIcon.PAUSE.create(), new Span(pickingUp ? where + " · your phone rings" : where));
            state.getElement().getThemeList().add("badge contrast");
            state.setId("pop-held");
            Button pickUp = control(pickingUp ? "Ring again" : "Pick up", VaadinIcon.PHONE, "pop-pickup",
                    () -> callControl.pickUp(me, call.callId()), ok -> {
                        // the PBX lets go of the parking space once the phone answers: then the controls come back
                        pickingUp = true;
                        heldSeen = true;
                        drawControls(call, live);
                    });
            pickUp.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SUCCESS);
            controls.add(state, pickUp);
            return;
        }
        if (consultingWith != null) {
            Span state = new Span(VaadinIcon.USERS.create(), new Span((consultSeen ? "Talking to " : "Calling ")
                    + consultingWith + " · caller on hold"));
            state.getElement().getThemeList().add("badge contrast");
            state.setId("pop-consulting");
            Button complete = control("Complete transfer", VaadinIcon.CONNECT, "pop-complete-transfer",
                    () -> callControl.completeTransfer(me, call.callId()), ok -> { });
            complete.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            Button cancel = control("Cancel transfer", VaadinIcon.CLOSE_SMALL, "pop-cancel-transfer",
                    () -> callControl.cancelTransfer(me, call.callId()), ok -> {
                        consultingWith = null;
                        consultCancelled = true;
                        drawControls(call, live);
                    });
            controls.add(state, complete, cancel);
            return;
        }
        Button hangUp = control("Hang up", VaadinIcon.PHONE_LANDLINE, "pop-hangup", () -> callControl.hangUp(me, call.callId()), ok -> { });
        hangUp.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        Button transfer = new Button("Transfer", VaadinIcon.ARROW_FORWARD.create(), e -> new TransferDialog(me, call, callControl,
                consulted -> {
                    consultingWith = consulted;
                    consultSeen = false;
                    consultCancelled = false;
                    drawControls(call, live);
                }).open());
        transfer.addThemeVariants(ButtonVariant.LUMO_SMALL);
        transfer.setId("pop-transfer");
        Button hold = control("Hold", VaadinIcon.PAUSE, "pop-hold", () -> callControl.hold(me, call.callId()), ok -> {
            held = true;
            heldSeen = false;
            pickingUp = false;
            drawControls(call, live);
        });
        controls.add(hangUp, transfer, hold);
    }

    /** Takes in what the PBX says of the call now: a hold or a consultation it showed and shows no more is over. */
    private void follow(CallControl.Live live) {
        if (live.heldAt().isPresent()) {
            held = true;
            heldSeen = true;
        } else if (heldSeen) {
            held = false;
            heldSeen = false;
            pickingUp = false;
        }
        if (live.consulting().isPresent()) {
            if (!consultCancelled) {
                consultingWith = live.consulting().get();
                consultSeen = true;
            }
        } else if (consultSeen || consultCancelled) {
            consultingWith = null;
            consultSeen = false;
            consultCancelled = false;
        }
    }

    /** A small button that asks the PBX for something; a refusal is shown in the agent's words. */
    private Button control(String text, VaadinIcon icon, String id, java.util.function.Supplier<CallControl.Result> action,
                           java.util.function.Consumer<CallControl.Result> done) {
        Button button = new Button(text, icon.create(), e -> {
            CallControl.Result result = action.get();
            if (result.ok()) {
                done.accept(result);
            } else {
                Notification.show(result.message(), 6_000, Notification.Position.BOTTOM_START)
                        .addThemeVariants(NotificationVariant.LUMO_ERROR);
            }
        });
        button.addThemeVariants(ButtonVariant.LUMO_SMALL);
        button.setId(id);
        return button;
    }

    /**
     * Pause or resume the call's recording (while the caller reads a card number): the PBX stops writing,
     * and the pop says so until it is resumed.
     */
    private void showRecording(Div holder, long callId) {
        holder.removeAll();
        boolean paused = recordingPause.isPaused(callId);
        Button toggle = new Button(paused ? "Resume recording" : "Pause recording",
                (paused ? VaadinIcon.PLAY : VaadinIcon.PAUSE).create(), e -> {
            RecordingPause.Result result = recordingPause.set(me, callId, !paused);
            if (!result.ok()) {
                Notification.show(result.message(), 6_000, Notification.Position.TOP_CENTER)
                        .addThemeVariants(NotificationVariant.LUMO_ERROR);
            }
            showRecording(holder, callId);
        });
        toggle.addThemeVariants(ButtonVariant.LUMO_SMALL, paused ? ButtonVariant.LUMO_PRIMARY : ButtonVariant.LUMO_CONTRAST);
        toggle.setId("pop-recording-toggle");
        if (paused) {
            Span state = new Span("Recording paused");
            state.getElement().getThemeList().add("badge error");
            state.setId("pop-recording-paused");
            holder.add(state);
        }
        holder.add(toggle);
    }

    private Div header(VaadinIcon icon, String title, String route) {
        Span label = new Span(icon.create(), new Span(title));
        label.addClassName("pop-title");
        Span where = new Span(route);
        where.addClassName("pop-route");
        Div head = new Div(label, where);
        head.addClassName("pop-header");
        return head;
    }

    private String route(CallEvent.CallRang call) {
        StringBuilder sb = new StringBuilder();
        if (call.localNumber() != null) {
            sb.append("to ").append(Formats.number(call.localNumber(), phoneNumbers));
        }
        if (call.queue() != null) {
            sb.append(sb.isEmpty() ? "" : " · ").append("queue ").append(call.queue());
        }
        return sb.toString();
    }

    private Div caller(CallEvent.CallRang call, Optional<Contact> contact) {
        Div card = new Div();
        card.addClassName("pop-caller");
        String number = call.remoteNumber() == null ? "Unknown number" : Formats.number(call.remoteNumber(), phoneNumbers);
        if (contact.isEmpty()) {
            H3 name = new H3(call.direction() == CallDirection.INTERNAL ? colleague.apply(call.remoteNumber()) : number);
            name.setId("pop-caller-name");
            card.add(name);
            return card;
        }
        Contact c = contact.get();
        H3 name = new H3(c.name());
        name.setId("pop-caller-name");
        card.add(name);
        if (c.company() != null) {
            Span company = new Span(c.company());
            company.addClassName("pop-company");
            card.add(company);
        }
        boolean newCaller = isNewCaller(c);
        if (!newCaller || c.phones().size() > 1) {
            // a new caller is named after the number already
            Span numbers = new Span(String.join(", ", c.phones().stream().map(phoneNumbers::format).toList()));
            numbers.addClassName("pop-numbers");
            card.add(numbers);
        }
        if (c.source() != null) {
            Span source = new Span("Source: " + c.source());
            source.addClassName("pop-source");
            card.add(source);
        }
        if (newCaller) {
            card.add(newCallerForm(c));
        } else {
            Button open = new Button("Open card", VaadinIcon.EXTERNAL_LINK.create(),
                    e -> UI.getCurrent().navigate("contacts/" + c.id()));
            open.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
            card.add(open);
        }
        return card;
    }

    /** A contact the bridge created from the number alone: no name yet. */
    private boolean isNewCaller(Contact c) {
        return c.company() == null && c.email() == null
                && phoneNumbers.tryNormalize(c.name()).map(named -> c.phones().contains(named)).orElse(false);
    }

    /** For an unknown caller: name and company in one step, the number already filled in. */
    private Div newCallerForm(Contact c) {
        Span hint = new Span("New caller");
        hint.addClassName("pop-new");
        TextField name = new TextField();
        name.setPlaceholder("Name");
        name.setId("pop-new-name");
        TextField company = new TextField();
        company.setPlaceholder("Company");
        Button save = new Button("Save contact", e -> {
            ContactResult result = contacts.update(c.id(), new ContactDraft(name.getValue(), company.getValue(), null, null, null, null));
            if (result instanceof ContactResult.Invalid invalid) {
                name.setErrorMessage(invalid.problems().get(0).message());
                name.setInvalid(true);
            } else {
                Notification.show("Saved " + name.getValue(), 2500, Notification.Position.BOTTOM_START)
                        .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                LiveCall again = shown;
                shown = null;
                show(again);
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SMALL);
        save.setId("pop-new-save");
        Div form = new Div(hint, name, company, save);
        form.addClassName("pop-new-form");
        return form;
    }

    private Div history(Contact c) {
        Div list = new Div();
        list.addClassName("pop-history");
        List<Call> calls = callLog.search(new CallFilter(c.id(), null, null, null, null, null), 0, 4).stream()
                .filter(x -> x.endedAt() != null).limit(3).toList();
        Span title = new Span(calls.isEmpty() ? "No earlier calls" : "Last calls");
        title.addClassName("pop-section");
        list.add(title);
        for (Call call : calls) {
            Span status = new Span(Formats.status(call.status()));
            status.getElement().getThemeList().add(Formats.statusTheme(call.status()));
            status.addClassName("status-badge");
            Span when = new Span(Formats.dateTime(call.startedAt()) + (call.agent() == null ? "" : " · " + call.agent()));
            Div row = new Div(status, when);
            row.addClassName("pop-call");
            if (call.disposition() != null || call.note() != null) {
                Span note = new Span((call.disposition() == null ? "" : call.disposition() + ": ")
                        + (call.note() == null ? "" : call.note()));
                note.addClassName("pop-note");
                row.add(note);
            }
            list.add(row);
        }
        return list;
    }

    private Div openTasks(Contact c) {
        List<Task> open = tasks.list(new TaskFilter(null, c.id(), Task.TaskStatus.OPEN), 0, 3);
        Div list = new Div();
        list.addClassName("pop-tasks");
        if (open.isEmpty()) {
            return list;
        }
        Span title = new Span("Open tasks");
        title.addClassName("pop-section");
        list.add(title);
        for (Task t : open) {
            Span row = new Span((t.type() == Task.TaskType.CALLBACK ? "Call-back" : "Reminder") + " · due "
                    + Formats.dateTime(t.dueAt()) + (t.note() == null ? "" : " · " + t.note()));
            row.addClassName("pop-task");
            list.add(row);
        }
        return list;
    }

    /** Who rings, for the tab's title and the notification. */
    private String ringLabel(CallEvent.CallRang call) {
        if (call.contact() != null && call.contact().name() != null) {
            return call.contact().name();
        }
        if (call.direction() == CallDirection.INTERNAL && call.remoteNumber() != null) {
            return colleague.apply(call.remoteNumber());
        }
        return call.remoteNumber() == null ? "Unknown number" : Formats.number(call.remoteNumber(), phoneNumbers);
    }

    /** A running mm:ss counter, ticking in the browser so the server sends nothing per second. */
    private static void startTimer(Span timer, long sinceEpochMillis) {
        timer.getElement().executeJs("""
                const el = this; const since = $0;
                const tick = () => { const s = Math.max(0, Math.floor((Date.now() - since) / 1000));
                  el.textContent = Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0'); };
                tick(); clearInterval(el._timer); el._timer = setInterval(tick, 1000);""", (double) sinceEpochMillis);
    }

    String shownPhase() {
        return shown == null ? null : shown.phase().name();
    }
}
