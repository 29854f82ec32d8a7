package io.callcenter.crm.ui;

import com.vaadin.flow.spring.security.AuthenticationContext;
import io.callcenter.crm.access.Viewer;
import org.springframework.security.core.GrantedAuthority;

/** The signed-in user of a console view, as the access policy knows them. */
public final class SignedIn {

    private SignedIn() {
    }

    public static Viewer viewer(AuthenticationContext auth) {
        return Viewer.fromAuthorities(auth.getPrincipalName().orElseThrow(),
                auth.getGrantedAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
    }
}
