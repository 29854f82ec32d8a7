package io.callcenter.crm.kpis;

import io.callcenter.crm.calls.CallEnded;
import io.callcenter.crm.calls.CallFiguresChanged;
import io.callcenter.crm.outbox.FactConsumer;
import org.springframework.stereotype.Component;

/** The rollups follow the calls: each call's end and each later change to its figures recounts its slices. */
final class KpiFacts {

    private KpiFacts() {
    }

    @Component
    static class Ended implements FactConsumer<CallEnded> {
        private final KpiRollup rollup;

        Ended(KpiRollup rollup) {
            this.rollup = rollup;
        }

        @Override
        public Class<CallEnded> fact() {
            return CallEnded.class;
        }

        @Override
        public void accept(CallEnded ended) {
            rollup.callChanged(ended.callId());
        }
    }

    @Component
    static class Changed implements FactConsumer<CallFiguresChanged> {
        private final KpiRollup rollup;

        Changed(KpiRollup rollup) {
            this.rollup = rollup;
        }

        @Override
        public Class<CallFiguresChanged> fact() {
            return CallFiguresChanged.class;
        }

        @Override
        public void accept(CallFiguresChanged changed) {
            rollup.callChanged(changed.callId());
        }
    }
}
