package io.callcenter.crm.ui.agent;

import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.Dispositions;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.contacts.PhoneNumbers;
import io.callcenter.crm.tasks.Tasks;
import io.callcenter.crm.telephony.AgentLiveCalls;
import io.callcenter.crm.ui.LiveCallEvents;
import org.springframework.stereotype.Component;

/** Makes the screen-pop for a signed-in agent, with the services it reads. */
@Component
public class ScreenPopFactory {

    private final AgentLiveCalls liveCalls;
    private final LiveCallEvents events;
    private final Contacts contacts;
    private final CallLog callLog;
    private final Tasks tasks;
    private final Dispositions dispositions;
    private final PhoneNumbers phoneNumbers;

    ScreenPopFactory(AgentLiveCalls liveCalls, LiveCallEvents events, Contacts contacts, CallLog callLog, Tasks tasks,
                     Dispositions dispositions, PhoneNumbers phoneNumbers) {
        this.liveCalls = liveCalls;
        this.events = events;
        this.contacts = contacts;
        this.callLog = callLog;
        this.tasks = tasks;
        this.dispositions = dispositions;
        this.phoneNumbers = phoneNumbers;
    }

    public ScreenPop create(String username) {
        return new ScreenPop(username, liveCalls, events, contacts, callLog, tasks, dispositions, phoneNumbers);
    }
}
