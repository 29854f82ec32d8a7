package io.callcenter.crm.agents;

import java.util.Set;

/** A user to create, with the password in clear; only its BCrypt hash is stored. */
public record NewUser(String username, String displayName, String password, String extension, Set<Role> roles) {
}
