package io.callcenter.archfixtures.vaadin.api;

import com.vaadin.flow.component.html.Div;

public class RendersInTheApi {
    Div render() {
        return new Div();
    }
}
