package io.callcenter.archfixtures.internals.beta;

import io.callcenter.archfixtures.internals.alpha.internal.Secret;

public class Snooper {
    int peek() {
        return Secret.value();
    }
}
