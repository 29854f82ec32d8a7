package io.callcenter.crm.ui.admin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.callcenter.crm.agents.NewUser;
import io.callcenter.crm.agents.Role;
import io.callcenter.crm.agents.UserAccount;
import io.callcenter.crm.agents.UserResult;
import io.callcenter.crm.agents.Users;
import io.callcenter.crm.shared.FieldProblem;
import io.callcenter.crm.ui.MainLayout;
import jakarta.annotation.security.RolesAllowed;

import java.util.Comparator;
import java.util.stream.Collectors;

/** Administration: who may log in, with which roles, and which extension rings each agent. */
@Route(value = "admin/users", layout = MainLayout.class)
@PageTitle("Users · Call-Center CRM")
@RolesAllowed("ADMIN")
public class UsersView extends VerticalLayout {

    final Grid<UserAccount> grid = new Grid<>(UserAccount.class, false);
    private final Users users;

    public UsersView(Users users) {
        this.users = users;
        setSizeFull();
        Button add = new Button("New user", VaadinIcon.PLUS.create(), e -> openNewUser());
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.setId("new-user");
        HorizontalLayout toolbar = new HorizontalLayout(new H2("Users"), add);
        toolbar.setAlignItems(Alignment.BASELINE);
        toolbar.addClassName("toolbar");

        grid.setId("users-grid");
        grid.addColumn(UserAccount::username).setHeader("Username").setAutoWidth(true);
        grid.addColumn(UserAccount::displayName).setHeader("Name").setFlexGrow(2);
        grid.addColumn(u -> u.roles().stream().sorted(Comparator.naturalOrder()).map(Role::name)
                .collect(Collectors.joining(", "))).setHeader("Roles").setFlexGrow(2);
        grid.addColumn(UserAccount::extension).setHeader("Extension").setAutoWidth(true);
        grid.addColumn(u -> u.enabled() ? "Active" : "Disabled").setHeader("Status").setAutoWidth(true);
        grid.setItems(q -> users.list(q.getOffset(), q.getLimit()).stream(), q -> users.count());
        add(toolbar, grid);
    }

    private void openNewUser() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("New user");
        TextField username = new TextField("Username");
        TextField name = new TextField("Full name");
        PasswordField password = new PasswordField("Password");
        password.setHelperText("At least 8 characters");
        TextField extension = new TextField("Extension");
        extension.setHelperText("The agent's phone, e.g. 1003");
        CheckboxGroup<Role> roles = new CheckboxGroup<>("Roles");
        roles.setItems(Role.values());
        FormLayout form = new FormLayout(username, name, password, extension, roles);
        dialog.add(form);
        Button create = new Button("Create", e -> {
            UserResult result = users.create(new NewUser(username.getValue(), name.getValue(), password.getValue(),
                    extension.getValue(), roles.getValue()));
            if (result instanceof UserResult.Created created) {
                dialog.close();
                grid.getDataProvider().refreshAll();
                Notification.show("Created " + created.user().username(), 3000, Notification.Position.BOTTOM_START)
                        .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            } else if (result instanceof UserResult.Invalid invalid) {
                for (FieldProblem p : invalid.problems()) {
                    switch (p.field()) {
                        case "username" -> mark(username, p.message());
                        case "password" -> mark(password, p.message());
                        case "extension" -> mark(extension, p.message());
                        default -> {
                            roles.setErrorMessage(p.message());
                            roles.setInvalid(true);
                        }
                    }
                }
            }
        });
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), create);
        dialog.open();
    }

    private static void mark(com.vaadin.flow.component.HasValidation field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
    }
}
