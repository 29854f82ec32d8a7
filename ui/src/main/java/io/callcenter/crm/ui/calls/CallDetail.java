package io.callcenter.crm.ui.calls;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import io.callcenter.crm.access.AccessPolicy;
import io.callcenter.crm.access.Viewer;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.Dispositions;
import io.callcenter.crm.contacts.PhoneNumbers;
import io.callcenter.crm.tasks.Tasks;
import io.callcenter.crm.ui.Formats;
import io.callcenter.crm.ui.agent.WrapUpForm;

import java.time.Clock;

/**
 * One call in full, opened from any row of Calls: who, when, how long, its outcome and note; the agent on the
 * call (or a supervisor) can add or change the wrap-up there, however long ago the call ended.
 */
class CallDetail extends Dialog {

    CallDetail(Call call, Viewer viewer, CallLog callLog, AccessPolicy access, Dispositions dispositions, Tasks tasks,
               PhoneNumbers phoneNumbers, Clock clock, Runnable changed) {
        setId("call-detail");
        setHeaderTitle((call.contactName() != null ? call.contactName() : Formats.number(call.remoteNumber(), phoneNumbers))
                + " · " + Formats.direction(call.direction()).toLowerCase());
        Div facts = new Div();
        facts.addClassName("call-facts");
        fact(facts, "Status", Formats.status(call.status()) + (call.endCause() == null ? "" : " · " + call.endCause().description()));
        fact(facts, "Number", Formats.number(call.remoteNumber(), phoneNumbers));
        fact(facts, "Dialled", call.localNumber() == null ? null : Formats.number(call.localNumber(), phoneNumbers));
        fact(facts, "Queue", call.queue());
        fact(facts, "Agent", call.agent());
        fact(facts, "Started", Formats.dateTime(call.startedAt()));
        fact(facts, "Wait", Formats.duration(call.waitSeconds()));
        fact(facts, "Talk", call.answeredAt() == null ? null : Formats.duration(call.talkSeconds()));
        fact(facts, "Outcome", call.disposition());
        fact(facts, "Note", call.note());
        add(facts);
        if (call.recordingId() != null && access.mayHearRecordingOf(viewer, call)) {
            Span recording = new Span(RecordingPlayer.button(call, phoneNumbers), new Span("Recording"));
            recording.addClassName("detail-recording");
            add(recording);
        }
        if (call.takesAnOutcome() && access.mayWrapUp(viewer, call)) {
            Span title = new Span(call.disposition() == null ? "Wrap up this call" : "Change the wrap-up");
            title.addClassName("pop-section");
            add(title, new WrapUpForm(call, "-detail", viewer, callLog, access, dispositions, tasks, clock, saved -> {
                close();
                changed.run();
            }));
        } else if (call.direction() == CallDirection.INTERNAL) {
            add(new Span("An internal call needs no outcome."));
        }
        Button close = new Button("Close", e -> close());
        close.setId("call-detail-close");
        getFooter().add(close);
        setWidth("32rem");
    }

    private static void fact(Div facts, String name, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        Span label = new Span(name);
        label.addClassName("fact-name");
        Span text = new Span(value);
        text.addClassName("fact-value");
        text.getElement().setAttribute("fact", name.toLowerCase());
        facts.add(label, text);
    }
}
