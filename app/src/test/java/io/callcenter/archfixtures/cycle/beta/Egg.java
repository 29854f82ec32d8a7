package io.callcenter.archfixtures.cycle.beta;

import io.callcenter.archfixtures.cycle.alpha.Chicken;

public class Egg {
    public Chicken hatch() {
        return new Chicken();
    }
}
