package io.callcenter.crm.ui.tasks;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.callcenter.crm.contacts.Contact;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.contacts.PhoneNumbers;
import io.callcenter.crm.access.AccessPolicy;
import io.callcenter.crm.access.Decision;
import io.callcenter.crm.access.Viewer;
import io.callcenter.crm.tasks.Task;
import io.callcenter.crm.tasks.TaskFilter;
import io.callcenter.crm.tasks.TaskDue;
import io.callcenter.crm.tasks.Tasks;
import io.callcenter.crm.telephony.CallEvent;
import io.callcenter.crm.telephony.ClickToCall;
import io.callcenter.crm.ui.Formats;
import io.callcenter.crm.ui.LiveCallEvents;
import io.callcenter.crm.ui.MainLayout;
import io.callcenter.crm.ui.SignedIn;
import io.callcenter.crm.ui.calls.ClickToCallButton;
import jakarta.annotation.security.PermitAll;

import java.time.Clock;
import java.util.Optional;

/**
 * My tasks: call-backs owed after missed calls and reminders, by due time, overdue ones flagged; calling
 * back is one click, and the call-back closes itself once the call is answered.
 */
@Route(value = "tasks", layout = MainLayout.class)
@PageTitle("My tasks · Call-Center CRM")
@PermitAll
public class MyTasksView extends VerticalLayout {

    final Grid<Task> grid = new Grid<>(Task.class, false);
    final Checkbox showDone = new Checkbox("Show done");
    private final Tasks tasks;
    private final AccessPolicy access;
    private final Viewer viewer;
    private final String me;
    private final Clock clock = Clock.systemUTC();

    public MyTasksView(Tasks tasks, Contacts contacts, PhoneNumbers phoneNumbers, ClickToCall clickToCall,
                       AuthenticationContext auth, LiveCallEvents live, AccessPolicy access) {
        this.tasks = tasks;
        this.access = access;
        this.viewer = SignedIn.viewer(auth);
        this.me = viewer.username();
        setSizeFull();
        HorizontalLayout toolbar = new HorizontalLayout(new H2("My tasks"), showDone);
        toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);
        toolbar.addClassName("toolbar");
        showDone.addValueChangeListener(e -> refresh());

        grid.setId("tasks-grid");
        grid.setHeightFull();
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addComponentColumn(t -> {
            Span due = new Span(Formats.dateTime(t.dueAt()));
            if (t.status() == Task.TaskStatus.OPEN && t.dueAt().isBefore(clock.instant())) {
                due.addClassName("overdue");
                due.setTitle("Overdue");
            }
            return due;
        }).setHeader("Due").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(t -> t.type() == Task.TaskType.CALLBACK ? "Call-back" : "Reminder").setHeader("Type").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(t -> t.contactName() == null ? "" : t.contactName()).setHeader("Contact").setFlexGrow(2);
        grid.addComponentColumn(t -> {
            Optional<Contact> contact = t.contactId() == null ? Optional.empty() : contacts.find(t.contactId());
            HorizontalLayout cell = new HorizontalLayout();
            cell.setSpacing(false);
            cell.setAlignItems(FlexComponent.Alignment.CENTER);
            contact.filter(c -> !c.phones().isEmpty()).ifPresent(c -> {
                if (t.status() == Task.TaskStatus.OPEN) {
                    cell.add(new ClickToCallButton(clickToCall, me, () -> c.phones().get(0).e164()));
                }
                cell.add(new Span(phoneNumbers.format(c.phones().get(0))));
            });
            return cell;
        }).setHeader("Number").setFlexGrow(2);
        grid.addColumn(t -> t.note() == null ? "" : t.note()).setHeader("Note").setFlexGrow(3);
        grid.addComponentColumn(t -> {
            if (t.status() == Task.TaskStatus.DONE) {
                return new Span("Done " + Formats.dateTime(t.closedAt()));
            }
            Button done = new Button("Done", VaadinIcon.CHECK.create(), e -> {
                if (access.mayChange(viewer, t)) {
                    tasks.update(t.id(), Task.TaskStatus.DONE, null, null, null);
                }
                refresh();
            });
            done.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            return done;
        }).setAutoWidth(true).setFlexGrow(0);
        grid.setEmptyStateText("Nothing to do. Missed calls leave call-backs here; reminders you set too.");
        refresh();
        add(toolbar, grid);
        live.follow(this, TaskDue.class, due -> refresh());
        live.follow(this, CallEvent.class, event -> {
            if (event instanceof CallEvent.CallEnded) {
                refresh();
            }
        });
    }

    private void refresh() {
        TaskFilter mine = new TaskFilter(me, null, showDone.getValue() ? null : Task.TaskStatus.OPEN);
        grid.setItems(q -> access.tasks(viewer, mine) instanceof Decision.Allowed<TaskFilter> allowed
                ? tasks.list(allowed.filter(), q.getOffset(), q.getLimit()).stream() : java.util.stream.Stream.empty());
    }
}
