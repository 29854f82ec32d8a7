package io.callcenter.crm.api;

import io.callcenter.crm.access.Viewer;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.server.ResponseStatusException;

/** A request the access policy refuses: 403 with the policy's reason. */
final class Forbidden extends ResponseStatusException {

    Forbidden(String reason) {
        super(HttpStatus.FORBIDDEN, reason);
    }

    /** Who is asking, as the access policy knows them. */
    static Viewer viewer(Authentication auth) {
        return Viewer.fromAuthorities(auth.getName(), auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
    }
}
