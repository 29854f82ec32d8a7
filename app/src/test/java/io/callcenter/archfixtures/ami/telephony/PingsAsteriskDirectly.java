package io.callcenter.archfixtures.ami.telephony;

import org.asteriskjava.manager.action.PingAction;

public class PingsAsteriskDirectly {
    Object ping() {
        return new PingAction();
    }
}
