package io.callcenter.crm.ui.agent;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.server.VaadinSession;
import io.callcenter.crm.access.AccessPolicy;
import io.callcenter.crm.access.Viewer;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.Dispositions;
import io.callcenter.crm.contacts.PhoneNumbers;
import io.callcenter.crm.tasks.Tasks;
import io.callcenter.crm.telephony.screenpop.LiveCall;
import io.callcenter.crm.telephony.screenpop.ScreenPops;
import io.callcenter.crm.ui.Formats;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The agent's desk: a panel docked beside the page (the page makes room for it, nothing is covered) with the
 * live call (the pop: ringing, talking, wrap-up) and every call of theirs still to wrap up, each with its
 * wrap-up form. The list is the call records' (answered calls without an outcome), so a reload, another tab
 * or the next call never loses one. Collapsible to a strip that still counts what waits; a ringing call opens
 * it again.
 */
public class AgentDesk extends Div {

    private static final String COLLAPSED = AgentDesk.class.getName() + ".collapsed";
    private static final int LISTED = 20;

    private final Viewer viewer;
    private final CallLog callLog;
    private final AccessPolicy access;
    private final Dispositions dispositions;
    private final Tasks tasks;
    private final PhoneNumbers phoneNumbers;
    private final Clock clock;
    private final ScreenPop pop;
    private final Div pending = new Div();
    private final Span count = new Span();
    private final Button toggle = new Button();
    /** The rows listed now, by call, in their order. */
    private final java.util.LinkedHashMap<Long, Div> rows = new java.util.LinkedHashMap<>();
    private int listedTotal = -1;
    private boolean popShown;
    private LiveCall.Phase lastPhase;

    AgentDesk(Viewer viewer, ScreenPops screenPops, ScreenPop pop, CallLog callLog, AccessPolicy access,
              Dispositions dispositions, Tasks tasks, PhoneNumbers phoneNumbers, Clock clock) {
        this.viewer = viewer;
        this.callLog = callLog;
        this.access = access;
        this.dispositions = dispositions;
        this.tasks = tasks;
        this.phoneNumbers = phoneNumbers;
        this.clock = clock;
        this.pop = pop;
        setId("agent-desk");
        addClassName("agent-desk");

        count.setId("desk-count");
        count.addClassName("desk-count");
        toggle.setId("desk-toggle");
        toggle.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_CONTRAST);
        toggle.addClickListener(e -> setCollapsed(!isCollapsed()));
        Button sound = new Button();
        sound.setId("desk-sound");
        sound.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_CONTRAST);
        sound.setTooltipText("Ring sound on or off; notifications when this tab is hidden");
        showSound(sound, false);
        sound.getElement().executeJs("return window.crmRing ? window.crmRing.muted() : false")
                .then(Boolean.class, muted -> showSound(sound, muted));
        sound.addClickListener(e -> sound.getElement().executeJs("""
                        const muted = !window.crmRing.muted(); window.crmRing.setMuted(muted);
                        window.crmRing.askToNotify(); return muted;""")
                .then(Boolean.class, muted -> showSound(sound, muted)));
        Span title = new Span("My calls");
        title.addClassName("desk-title");
        Div head = new Div(toggle, title, count, sound);
        head.addClassName("desk-head");

        pending.setId("wrap-up-list");
        pending.addClassName("wrap-up-list");
        pop.onWrapUpDone(() -> refresh(pop.wrapUpShown()));
        pop.onFollow(() -> {
            LiveCall now = screenPops.current(viewer.username()).orElse(null);
            if (pop.differs(now)) {
                show(now);
            }
        });
        Div body = new Div(pop, pending);
        body.addClassName("desk-body");
        add(head, body);
        setCollapsed(Boolean.TRUE.equals(VaadinSession.getCurrent().getAttribute(COLLAPSED)));

        addAttachListener(attach -> {
            UI ui = attach.getUI();
            Runnable stop = screenPops.follow(viewer.username(), live -> ui.access(() -> show(live.orElse(null))));
            addDetachListener(detach -> {
                stop.run();
                detach.unregisterListener();
            });
        });
    }

    private void show(LiveCall live) {
        pop.show(live);
        LiveCall.Phase phase = live == null ? null : live.phase();
        if (phase == LiveCall.Phase.RINGING && lastPhase != LiveCall.Phase.RINGING && isCollapsed()) {
            // the caller's card must be seen before the agent answers
            setCollapsed(false);
        }
        lastPhase = phase;
        refresh(pop.wrapUpShown());
    }

    /**
     * The calls still to wrap up, but the one the pop shows. Rows already shown stay as they are (a form being
     * filled in keeps what was typed); the list is only rebuilt when its calls change.
     */
    private void refresh(long inThePop) {
        List<Call> calls = callLog.pendingWrapUps(viewer.username(), 0, LISTED + 1).stream()
                .filter(c -> c.id() != inThePop).limit(LISTED).toList();
        int total = Math.max(0, callLog.countPendingWrapUps(viewer.username()) - (inThePop >= 0 ? 1 : 0));
        count.setText(total > 0 ? String.valueOf(total) : "");
        count.setVisible(total > 0);
        count.getElement().setAttribute("title", total + " call(s) to wrap up");
        getElement().setAttribute("waiting", String.valueOf(total));
        List<Long> ids = calls.stream().map(Call::id).toList();
        if (ids.equals(List.copyOf(rows.keySet())) && total == listedTotal && pop.isVisible() == popShown) {
            return;
        }
        listedTotal = total;
        popShown = pop.isVisible();
        rows.keySet().retainAll(ids);
        pending.removeAll();
        if (calls.isEmpty()) {
            if (!pop.isVisible()) {
                Span idle = new Span("No call right now, and nothing left to wrap up.");
                idle.addClassName("desk-idle");
                pending.add(idle);
            }
            return;
        }
        Span section = new Span("To wrap up · " + total);
        section.addClassName("pop-section");
        pending.add(section);
        java.util.Map<Long, Div> kept = new java.util.LinkedHashMap<>();
        for (Call call : calls) {
            Div row = rows.containsKey(call.id()) ? rows.get(call.id()) : row(call);
            kept.put(call.id(), row);
            pending.add(row);
        }
        rows.clear();
        rows.putAll(kept);
        if (total > LISTED) {
            Span more = new Span((total - LISTED) + " more in My calls");
            more.addClassName("desk-more");
            pending.add(more);
        }
    }

    private Div row(Call call) {
        Div row = new Div();
        row.addClassName("wrap-up-row");
        row.getElement().setAttribute("call", String.valueOf(call.id()));
        String who = call.contactName() != null ? call.contactName()
                : call.remoteNumber() == null ? "Unknown number" : Formats.number(call.remoteNumber(), phoneNumbers);
        Span name = new Span(who);
        name.addClassName("wrap-up-who");
        Long talk = call.answeredAt() == null || call.endedAt() == null ? null
                : java.time.Duration.between(call.answeredAt(), call.endedAt()).toSeconds();
        Span when = new Span(Formats.dateTime(call.startedAt()) + (talk == null ? "" : " · " + Formats.duration(talk))
                + (call.queue() == null ? "" : " · " + call.queue()));
        when.addClassName("wrap-up-when");
        Button wrap = new Button("Wrap up");
        wrap.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_PRIMARY);
        wrap.setId("wrap-up-open-" + call.id());
        Div line = new Div(new Div(name, when), wrap);
        line.addClassName("wrap-up-line");
        row.add(line);
        wrap.addClickListener(e -> {
            if (row.getChildren().count() > 1) {
                row.getChildren().skip(1).toList().forEach(row::remove);
                wrap.setText("Wrap up");
                wrap.removeThemeVariants(ButtonVariant.LUMO_TERTIARY);
                wrap.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
                return;
            }
            wrap.setText("Close");
            wrap.removeThemeVariants(ButtonVariant.LUMO_PRIMARY);
            wrap.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            row.add(new WrapUpForm(call, "-" + call.id(), viewer, callLog, access, dispositions, tasks, clock,
                    saved -> refresh(pop.wrapUpShown())));
            row.scrollIntoView();
        });
        return row;
    }

    private boolean isCollapsed() {
        return getElement().hasAttribute("collapsed");
    }

    private void setCollapsed(boolean collapsed) {
        getElement().setAttribute("collapsed", collapsed);
        toggle.setIcon((collapsed ? VaadinIcon.ANGLE_DOUBLE_LEFT : VaadinIcon.ANGLE_DOUBLE_RIGHT).create());
        toggle.setAriaLabel(collapsed ? "Show my calls" : "Hide my calls");
        toggle.setTooltipText(collapsed ? "Show my calls" : "Hide my calls");
        Optional.ofNullable(VaadinSession.getCurrent()).ifPresent(s -> s.setAttribute(COLLAPSED, collapsed));
    }

    private static void showSound(Button sound, boolean muted) {
        sound.setIcon((muted ? VaadinIcon.BELL_SLASH : VaadinIcon.BELL).create());
        sound.setAriaLabel(muted ? "Ring sound off" : "Ring sound on");
        sound.getElement().setAttribute("muted", muted);
    }
}
