package io.callcenter.crm.ui.deals;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.callcenter.crm.deals.Deals;
import io.callcenter.crm.ui.MainLayout;
import jakarta.annotation.security.PermitAll;

import java.math.BigDecimal;
import java.util.List;

/** The sales funnel: how many deals, worth how much, sit at each stage. */
@Route(value = "deals", layout = MainLayout.class)
@PageTitle("Deals · Call-Center CRM")
@PermitAll
public class FunnelView extends VerticalLayout {

    public FunnelView(Deals deals) {
        addClassName("funnel-view");
        List<Deals.StageTotal> totals = deals.funnel();
        int max = totals.stream().mapToInt(Deals.StageTotal::count).max().orElse(0);
        add(new H2("Deals funnel"));
        if (max == 0) {
            add(new Paragraph("No deals yet. Add one from a contact's card."));
        }
        Div funnel = new Div();
        funnel.setId("funnel");
        funnel.addClassName("funnel");
        for (Deals.StageTotal total : totals) {
            Span label = new Span(total.stage().name().charAt(0) + total.stage().name().substring(1).toLowerCase());
            label.addClassName("stage");
            Div bar = new Div();
            bar.addClassName("bar");
            bar.getElement().setAttribute("stage", total.stage().name().toLowerCase());
            bar.setWidth(total.count() == 0 ? "0" : Math.max(2, 100.0 * total.count() / max) + "%");
            Span figures = new Span(total.count() + (total.count() == 1 ? " deal" : " deals")
                    + (total.amount().compareTo(BigDecimal.ZERO) == 0 ? "" : " · " + total.amount().toPlainString()));
            figures.addClassName("figures");
            Div row = new Div(label, new Div(bar), figures);
            row.addClassName("funnel-row");
            row.getElement().setAttribute("open", String.valueOf(total.stage().open()));
            funnel.add(row);
        }
        add(funnel);
    }

}
