package io.callcenter.crm.shared;

/**
 * A configuration value that cannot work: a malformed URL, an unreachable host, a missing password.
 * Thrown at start-up so the application stops with one line naming the property, instead of falling
 * back to something the operator did not ask for.
 */
public class InvalidSettingException extends RuntimeException {

    private final String property;
    private final String reason;

    public InvalidSettingException(String property, String reason) {
        this(property, reason, null);
    }

    public InvalidSettingException(String property, String reason, Throwable cause) {
        super(property + ": " + reason, cause);
        this.property = property;
        this.reason = reason;
    }

    public String property() {
        return property;
    }

    public String reason() {
        return reason;
    }
}
