package io.callcenter.crm.ui.agent;

import io.callcenter.crm.access.AccessPolicy;
import io.callcenter.crm.access.Viewer;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.Dispositions;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.contacts.PhoneNumbers;
import io.callcenter.crm.tasks.Tasks;
import io.callcenter.crm.telephony.RecordingPause;
import io.callcenter.crm.telephony.screenpop.ScreenPops;
import org.springframework.stereotype.Service;

/** Makes the desk (with the screen-pop) of a signed-in agent, with the services it reads. */
@Service
public class ScreenPopFactory {

    private final ScreenPops screenPops;
    private final AccessPolicy access;
    private final Contacts contacts;
    private final CallLog callLog;
    private final Tasks tasks;
    private final Dispositions dispositions;
    private final PhoneNumbers phoneNumbers;
    private final RecordingPause recordingPause;
    private final java.time.Clock clock;
    private final io.callcenter.crm.telephony.CallControl callControl;

    ScreenPopFactory(ScreenPops screenPops, AccessPolicy access, Contacts contacts, CallLog callLog, Tasks tasks,
                     Dispositions dispositions, PhoneNumbers phoneNumbers, RecordingPause recordingPause,
                     java.util.Optional<java.time.Clock> clock, io.callcenter.crm.telephony.CallControl callControl) {
        this.callControl = callControl;
        this.clock = clock.orElse(java.time.Clock.systemUTC());
        this.recordingPause = recordingPause;
        this.screenPops = screenPops;
        this.access = access;
        this.contacts = contacts;
        this.callLog = callLog;
        this.tasks = tasks;
        this.dispositions = dispositions;
        this.phoneNumbers = phoneNumbers;
    }

    /** The agent's desk: their live call and the calls they still have to wrap up. */
    public AgentDesk create(Viewer agent) {
        ScreenPop pop = new ScreenPop(agent, access, contacts, callLog, tasks, dispositions, phoneNumbers, recordingPause, clock,
                callControl, callControl::colleague);
        return new AgentDesk(agent, screenPops, pop, callLog, access, dispositions, tasks, phoneNumbers, clock);
    }
}
