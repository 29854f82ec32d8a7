package io.callcenter.crm.ui;

import com.vaadin.flow.component.dependency.CssImport;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.PWA;

/** The page around every console view; server push so calls can reach the agent's screen. */
@Push
@CssImport("./styles/crm.css")
@PWA(name = "Call-Center CRM", shortName = "CRM", offlineResources = {})
class AppShell implements AppShellConfigurator {
}
