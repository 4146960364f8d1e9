package io.switchboard.ui;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Meta;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.PWA;
import com.vaadin.flow.theme.lumo.Lumo;

/** Page-wide settings of the UI: the Lumo theme, the viewport for tablets, server push for live test runs. */
@StyleSheet(Lumo.STYLESHEET)
@Meta(name = "viewport", content = "width=device-width, initial-scale=1")
@Push
@PWA(name = "Switchboard", shortName = "Switchboard", offline = false)
public class SwitchboardAppShell implements AppShellConfigurator {
}
