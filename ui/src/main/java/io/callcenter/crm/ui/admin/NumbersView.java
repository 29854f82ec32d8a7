package io.callcenter.crm.ui.admin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.callcenter.crm.campaigns.DidCampaigns;
import io.callcenter.crm.shared.FieldProblem;
import io.callcenter.crm.ui.MainLayout;
import jakarta.annotation.security.RolesAllowed;

import java.util.Optional;

/** Call tracking: which campaign each dialed number (DID) advertises; new callers on it get that source. */
@Route(value = "admin/numbers", layout = MainLayout.class)
@PageTitle("Numbers & campaigns · Call-Center CRM")
@RolesAllowed("ADMIN")
public class NumbersView extends VerticalLayout {

    final Grid<DidCampaigns.Mapping> grid = new Grid<>(DidCampaigns.Mapping.class, false);
    final TextField did = new TextField("Dialed number (DID)");
    final TextField campaign = new TextField("Campaign / lead source");

    private final DidCampaigns campaigns;

    public NumbersView(DidCampaigns campaigns) {
        this.campaigns = campaigns;
        setSizeFull();
        did.setId("did");
        did.setPlaceholder("8005551000");
        campaign.setId("campaign");
        campaign.setPlaceholder("Spring radio ad");
        Button add = new Button("Map", VaadinIcon.PLUS.create(), e -> save());
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.setId("map-did");
        HorizontalLayout form = new HorizontalLayout(did, campaign, add);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);

        grid.setId("numbers-grid");
        grid.addColumn(DidCampaigns.Mapping::did).setHeader("Dialed number").setAutoWidth(true);
        grid.addColumn(DidCampaigns.Mapping::campaign).setHeader("Campaign").setFlexGrow(2);
        grid.addComponentColumn(m -> {
            Button remove = new Button(VaadinIcon.TRASH.create(), e -> {
                campaigns.remove(m.did());
                refresh();
            });
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ERROR);
            remove.setAriaLabel("Remove mapping of " + m.did());
            return remove;
        }).setAutoWidth(true).setFlexGrow(0);
        refresh();
        add(new H2("Numbers & campaigns"),
                new Paragraph("A contact created by a call to one of these numbers gets its campaign as source; every call keeps the number dialed."),
                form, grid);
    }

    private void save() {
        Optional<FieldProblem> refusal = campaigns.put(did.getValue(), campaign.getValue());
        if (refusal.isPresent()) {
            TextField field = refusal.get().field().equals("did") ? did : campaign;
            field.setErrorMessage(refusal.get().message());
            field.setInvalid(true);
            return;
        }
        did.clear();
        campaign.clear();
        did.setInvalid(false);
        campaign.setInvalid(false);
        refresh();
        Notification.show("Saved", 2000, Notification.Position.BOTTOM_START).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    private void refresh() {
        grid.setItems(campaigns.list());
    }
}
