package io.callcenter.crm.access;

import io.callcenter.crm.agents.Role;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** Who is asking: a signed-in user with their roles. */
public record Viewer(String username, Set<Role> roles) {

    public Viewer {
        Objects.requireNonNull(username, "username");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public static Viewer of(String username, Role... roles) {
        return new Viewer(username, Set.of(roles));
    }

    /** From a security framework's authority names ({@code ROLE_AGENT}); names that are not our roles are ignored. */
    public static Viewer fromAuthorities(String username, Collection<String> authorities) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String authority : authorities) {
            String name = authority.startsWith("ROLE_") ? authority.substring(5) : authority;
            for (Role role : Role.values()) {
                if (role.name().equals(name.toUpperCase(Locale.ROOT))) {
                    roles.add(role);
                }
            }
        }
        return new Viewer(username, roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
