package io.callcenter.crm.ui.admin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.callcenter.crm.calls.Dispositions;
import io.callcenter.crm.ui.MainLayout;
import jakarta.annotation.security.RolesAllowed;

/** The outcomes agents choose from when they wrap up a call. */
@Route(value = "admin/dispositions", layout = MainLayout.class)
@PageTitle("Dispositions · Call-Center CRM")
@RolesAllowed("ADMIN")
public class DispositionsView extends VerticalLayout {

    final Grid<String> grid = new Grid<>();
    final TextField name = new TextField();

    public DispositionsView(Dispositions dispositions) {
        setSizeFull();
        name.setPlaceholder("e.g. Appointment booked");
        name.setId("disposition-name");
        Button add = new Button("Add", VaadinIcon.PLUS.create(), e -> dispositions.add(name.getValue()).ifPresentOrElse(problem -> {
            name.setErrorMessage(problem.message());
            name.setInvalid(true);
        }, () -> {
            name.clear();
            name.setInvalid(false);
            grid.setItems(dispositions.active());
        }));
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout form = new HorizontalLayout(name, add);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        grid.setId("dispositions-grid");
        grid.addColumn(d -> d).setHeader("Outcome").setFlexGrow(1);
        grid.addComponentColumn(d -> {
            Button remove = new Button(VaadinIcon.TRASH.create(), e -> {
                dispositions.remove(d);
                grid.setItems(dispositions.active());
            });
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ERROR);
            remove.setAriaLabel("Remove " + d);
            return remove;
        }).setAutoWidth(true).setFlexGrow(0);
        grid.setItems(dispositions.active());
        add(new H2("Dispositions"), new Paragraph("What agents choose from when they wrap up a call. Removing one keeps it on calls already wrapped up."),
                form, grid);
    }
}
