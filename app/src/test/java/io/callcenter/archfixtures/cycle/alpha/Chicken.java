package io.callcenter.archfixtures.cycle.alpha;

import io.callcenter.archfixtures.cycle.beta.Egg;

public class Chicken {
    public Egg lay() {
        return new Egg();
    }
}
