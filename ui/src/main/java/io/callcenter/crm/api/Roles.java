package io.callcenter.crm.api;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.util.Set;
import java.util.stream.Collectors;

/** Who may read what, from the caller's roles. */
final class Roles {

    private Roles() {
    }

    /** An agent and nothing more: sees their own calls and tasks only. */
    static boolean isOnlyAgent(Authentication auth) {
        Set<String> roles = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).collect(Collectors.toSet());
        return roles.contains("ROLE_AGENT") && !roles.contains("ROLE_SUPERVISOR") && !roles.contains("ROLE_MANAGER")
                && !roles.contains("ROLE_ADMIN");
    }
}
