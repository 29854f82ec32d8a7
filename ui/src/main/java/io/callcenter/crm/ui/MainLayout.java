package io.callcenter.crm.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.avatar.Avatar;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.spring.security.AuthenticationContext;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.select.Select;
import io.callcenter.crm.access.AccessPolicy;
import io.callcenter.crm.access.Viewer;
import io.callcenter.crm.agents.Role;
import io.callcenter.crm.telephony.AgentStatus;
import io.callcenter.crm.telephony.screenpop.ScreenPops;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.tasks.Tasks;
import io.callcenter.crm.telephony.ClickToCall;
import io.callcenter.crm.ui.agent.ScreenPopFactory;
import io.callcenter.crm.ui.tasks.DueTaskNotifier;
import io.callcenter.crm.ui.tasks.MyTasksView;
import io.callcenter.crm.ui.deals.FunnelView;
import io.callcenter.crm.agents.UserAccount;
import io.callcenter.crm.agents.Users;
import io.callcenter.crm.ui.admin.DispositionsView;
import io.callcenter.crm.ui.admin.NumbersView;
import io.callcenter.crm.ui.admin.UsersView;
import io.callcenter.crm.ui.calls.CallsView;
import io.callcenter.crm.ui.agent.ContactsView;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import jakarta.annotation.security.PermitAll;

import java.util.Comparator;
import java.util.stream.Collectors;

/**
 * The frame of the console: a navigation built from what the access policy allows the signed-in user
 * (work with callers for agents, supervisors and managers; administration for admins), and who is signed
 * in with a way out.
 */
@PermitAll
public class MainLayout extends AppLayout implements BeforeEnterObserver {

    private final Viewer viewer;
    private final AccessPolicy access;
    /** The page: the view, and the agent's desk beside it. */
    private final Div page = new Div();
    private final Div view = new Div();

    public MainLayout(AuthenticationContext auth, Users users, ScreenPopFactory screenPopFactory, AgentStatus agentStatus,
                      LiveCallEvents events, Contacts contacts, Tasks tasks, ClickToCall clickToCall, AccessPolicy access,
                      AgentPresence presence, ScreenPops screenPops, io.callcenter.crm.contacts.PhoneNumbers phoneNumbers) {
        this.viewer = SignedIn.viewer(auth);
        this.access = access;
        page.addClassName("page");
        view.addClassName("page-view");
        page.add(view);
        UserAccount me = users.findByUsername(viewer.username()).orElseThrow();

        Span brand = new Span("Call-Center CRM");
        brand.addClassName("brand");

        Span who = new Span(me.displayName());
        who.addClassName("who");
        Span roles = new Span(me.roles().stream().sorted(Comparator.naturalOrder()).map(Role::name)
                .map(r -> r.charAt(0) + r.substring(1).toLowerCase()).collect(Collectors.joining(", "))
                + (me.extension() == null ? "" : " · ext. " + me.extension()));
        roles.addClassName("roles");
        Div identity = new Div(who, roles);
        identity.addClassName("identity");
        Avatar avatar = new Avatar(me.displayName());
        Button logout = new Button("Log out", VaadinIcon.SIGN_OUT.create(), e -> auth.logout());
        logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        logout.setId("logout");

        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), brand);
        if (me.extension() != null) {
            header.add(statusBox(me.username(), agentStatus, screenPops));
            presence.signedIn(com.vaadin.flow.server.VaadinSession.getCurrent(), me.username());
        }
        header.add(identity, avatar, logout);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.expand(brand);
        header.addClassName("header");
        addToNavbar(header);

        if (access.mayWorkWithContacts(viewer)) {
            SideNav work = new SideNav("Work");
            work.addItem(new SideNavItem("Contacts", ContactsView.class, VaadinIcon.USERS.create()));
            work.addItem(new SideNavItem(access.seesTheWholeFloor(viewer) ? "Calls" : "My calls", CallsView.class,
                    VaadinIcon.PHONE.create()));
            if (access.mayReadKpis(viewer)) {
                work.addItem(new SideNavItem("KPIs", io.callcenter.crm.ui.kpis.KpiDashboardView.class, VaadinIcon.CHART.create()));
            }
            if (access.seesTheWholeFloor(viewer)) {
                work.addItem(new SideNavItem("Recordings", io.callcenter.crm.ui.calls.RecordingsView.class,
                        VaadinIcon.HEADPHONES.create()));
            }
            work.addItem(new SideNavItem("My tasks", MyTasksView.class, VaadinIcon.TASKS.create()));
            work.addItem(new SideNavItem("Deals", FunnelView.class, VaadinIcon.FUNNEL.create()));
            addToDrawer(work);
        }
        if (access.mayAdminister(viewer)) {
            SideNav admin = new SideNav("Administration");
            admin.addItem(new SideNavItem("Users", UsersView.class, VaadinIcon.USER_STAR.create()));
            admin.addItem(new SideNavItem("Numbers & campaigns", NumbersView.class, VaadinIcon.CONNECT.create()));
            admin.addItem(new SideNavItem("Recording access", io.callcenter.crm.ui.admin.RecordingAccessView.class,
                    VaadinIcon.HEADPHONES.create()));
            admin.addItem(new SideNavItem("Dispositions", DispositionsView.class, VaadinIcon.LIST_OL.create()));
            addToDrawer(admin);
        }
        setPrimarySection(Section.DRAWER);
        if (me.extension() != null) {
            // the desk docked beside every page: the page makes room for it
            page.addClassName("with-desk");
            page.add(screenPopFactory.create(viewer));
        }
        setContent(page);
        addToNavbar(new DueTaskNotifier(me.username(), events, contacts, tasks, clickToCall));
        addToNavbar(new io.callcenter.crm.ui.calls.FailedCallNotifier(me.username(), events, phoneNumbers));
    }

    /** The view goes beside the desk, not in its place. */
    @Override
    public void showRouterLayoutContent(com.vaadin.flow.component.HasElement content) {
        view.getElement().removeAllChildren();
        if (content != null) {
            view.getElement().appendChild(content.getElement());
        }
    }

    @Override
    public void removeRouterLayoutContent(com.vaadin.flow.component.HasElement oldContent) {
        if (oldContent != null) {
            oldContent.getElement().removeFromParent();
        }
    }

    /**
     * The work views are for those who work with callers; an administrator alone is sent to the
     * administration instead of to a refusal.
     */
    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        boolean workView = !event.getNavigationTarget().getPackageName().startsWith(UsersView.class.getPackageName());
        if (workView && !access.mayWorkWithContacts(viewer) && access.mayAdminister(viewer)) {
            event.forwardTo(UsersView.class);
        }
    }

    /**
     * Available, or paused with a reason: pausing pauses the agent in every Asterisk queue. Beside it what the
     * agent is doing now, kept true as calls and pauses change (ringing, on a call, after-call work, paused
     * from the phone).
     */
    private static HorizontalLayout statusBox(String username, AgentStatus agentStatus, ScreenPops screenPops) {
        Select<String> status = new Select<>();
        status.setId("agent-status");
        status.addClassName("agent-status");
        Span state = new Span();
        state.setId("agent-state");
        state.addClassName("agent-state");
        Runnable show = () -> {
            AgentStatus.Status now = agentStatus.of(username);
            String value = now.availability() == AgentStatus.Availability.PAUSED
                    ? "Paused · " + (now.reason() == null ? "Break" : now.reason()) : AVAILABLE;
            java.util.List<String> items = new java.util.ArrayList<>(STATUSES);
            if (!items.contains(value)) {
                items.add(value); // a pause made on the phone, or the after-call work
            }
            if (!items.equals(status.getListDataView().getItems().toList())) {
                status.setItems(items);
            }
            status.setValue(value);
            java.util.Optional<io.callcenter.crm.telephony.screenpop.LiveCall> live = screenPops.current(username);
            String doing = live.map(l -> switch (l.phase()) {
                case RINGING -> "Ringing";
                case TALKING -> "On a call";
                case WRAP_UP -> now.availability() == AgentStatus.Availability.PAUSED
                        && io.callcenter.crm.agents.AgentTime.AFTER_CALL_WORK.equals(now.reason()) ? "After-call work" : "Wrap-up";
            }).orElse(now.availability() == AgentStatus.Availability.PAUSED ? "Paused" : "Ready");
            state.setText(doing);
            state.getElement().setAttribute("state", doing.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        };
        show.run();
        status.addValueChangeListener(e -> {
            if (!e.isFromClient()) {
                return;
            }
            AgentStatus.Change change = AVAILABLE.equals(e.getValue()) ? agentStatus.resume(username)
                    : agentStatus.pause(username, e.getValue().substring("Paused · ".length()));
            if (!change.ok()) {
                Notification.show("Status not changed: " + change.message(), 5000, Notification.Position.MIDDLE)
                        .addThemeVariants(NotificationVariant.LUMO_ERROR);
            }
            show.run();
        });
        HorizontalLayout box = new HorizontalLayout(state, status);
        box.setAlignItems(FlexComponent.Alignment.CENTER);
        box.setSpacing(false);
        box.addClassName("status-box");
        box.addAttachListener(attach -> {
            com.vaadin.flow.component.UI ui = attach.getUI();
            // every change of the agent's calls (and their after-call work, which follows them) shows here
            Runnable stop = screenPops.follow(username, live -> ui.access(show::run));
            box.addDetachListener(detach -> {
                stop.run();
                detach.unregisterListener();
            });
        });
        return box;
    }

    private static final String AVAILABLE = "Available";
    private static final java.util.List<String> STATUSES = java.util.List.of(AVAILABLE, "Paused · Break", "Paused · Lunch",
            "Paused · Training", "Paused · Admin work");
}
