package io.callcenter.crm.platform;

import io.callcenter.crm.shared.InvalidSettingException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a wrong setting into Boot's short start-up failure report, naming the property. */
class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, InvalidSettingException cause) {
        return new FailureAnalysis(cause.property() + ": " + cause.reason(),
                "Fix " + cause.property() + " (or unset it to use the embedded service) and start again.", cause);
    }
}
