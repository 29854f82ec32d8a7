package io.callcenter.crm.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.RouteNotFoundError;
import com.vaadin.flow.server.HttpStatusCode;
import jakarta.annotation.security.PermitAll;

/**
 * An address that is not there, or not for this user (the console does not say which, so it does not tell
 * what exists): a plain page with the way back instead of the framework's bare "Could not navigate".
 */
@PermitAll
@PageTitle("Not available · Call-Center CRM")
public class NotThere extends RouteNotFoundError {

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        getElement().removeAllChildren();
        setId("not-there");
        addClassName("not-there");
        String path = event.getLocation().getPath();
        H2 title = new H2("This page is not available to you");
        Paragraph why = new Paragraph("There is no page at /" + path + ", or your role does not open it. "
                + "If you need it, ask an administrator for the role.");
        Anchor back = new Anchor("/", "Back to your work");
        back.setId("not-there-back");
        getElement().appendChild(title.getElement(), why.getElement(), back.getElement());
        return HttpStatusCode.NOT_FOUND.getCode();
    }
}
