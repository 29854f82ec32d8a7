package io.callcenter.crm.telephony.screenpop;

import io.callcenter.crm.calls.CallWrappedUp;
import io.callcenter.crm.outbox.FactConsumer;
import org.springframework.stereotype.Component;

/** A saved wrap-up (any console, the call detail, the API) takes the call off its agent's screens, on every node. */
@Component
class WrapUpsDone implements FactConsumer<CallWrappedUp> {

    private final ScreenPops screenPops;

    WrapUpsDone(ScreenPops screenPops) {
        this.screenPops = screenPops;
    }

    @Override
    public Class<CallWrappedUp> fact() {
        return CallWrappedUp.class;
    }

    @Override
    public void accept(CallWrappedUp done) {
        if (done.agent() != null) {
            screenPops.wrappedUp(done.agent(), done.callId(), done.disposition());
        }
    }
}
