package io.callcenter.archfixtures.internals.alpha.internal;

public class Secret {
    public static int value() {
        return 42;
    }
}
