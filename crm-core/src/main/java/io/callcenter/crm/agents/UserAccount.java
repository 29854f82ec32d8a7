package io.callcenter.crm.agents;

import java.util.Set;

/** A person who logs in. Agents have the extension of their phone. */
public record UserAccount(long id, String username, String displayName, String passwordHash, String extension,
                          Set<Role> roles, boolean enabled) {

    public UserAccount {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    @Override
    public String toString() {
        return "UserAccount[" + username + ", roles=" + roles + ", extension=" + extension + "]";
    }
}
