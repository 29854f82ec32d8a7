package io.callcenter.crm.telephony;

import io.callcenter.crm.agents.UserAccount;
import io.callcenter.crm.agents.Users;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.contacts.PhoneNumber;
import io.callcenter.crm.contacts.PhoneNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.util.Optional;
import java.util.UUID;

/**
 * Click-to-call: rings the agent's own phone, then dials the number from it. The call is recorded
 * before the PBX is asked, under the ChannelId we give the Originate, so its id can be returned at
 * once and every PBX event lands on the same record.
 */
@Service
public class ClickToCall {

    private static final Logger log = LoggerFactory.getLogger(ClickToCall.class);

    private final Users users;
    private final PhoneNumbers phoneNumbers;
    private final CallLog callLog;
    private final Pbx pbx;
    private final AgentChannels agentChannels;
    private final AmiProperties properties;
    private final io.callcenter.crm.telephony.screenpop.ScreenPops screenPops;

    ClickToCall(Users users, PhoneNumbers phoneNumbers, CallLog callLog, Pbx pbx, AgentChannels agentChannels,
                       AmiProperties properties, io.callcenter.crm.telephony.screenpop.ScreenPops screenPops) {
        this.screenPops = screenPops;
        this.users = users;
        this.phoneNumbers = phoneNumbers;
        this.callLog = callLog;
        this.pbx = pbx;
        this.agentChannels = agentChannels;
        this.properties = properties;
    }

    public ClickToCallResult call(String username, String number) {
        Optional<UserAccount> agent = users.findByUsername(username);
        if (agent.isEmpty() || agent.get().extension() == null) {
            return new ClickToCallResult.Rejected(ClickToCallResult.Kind.NO_EXTENSION,
                    "user " + username + " has no phone extension; an administrator can set one");
        }
        PhoneNumbers.Normalized normalized = phoneNumbers.normalize(number);
        if (normalized instanceof PhoneNumbers.Rejected rejected) {
            return new ClickToCallResult.Rejected(ClickToCallResult.Kind.INVALID_NUMBER,
                    "'" + number + "' " + rejected.reason());
        }
        PhoneNumber e164 = ((PhoneNumbers.Valid) normalized).number();
        var live = screenPops.current(username).map(io.callcenter.crm.telephony.screenpop.LiveCall::phase)
                .filter(phase -> phase != io.callcenter.crm.telephony.screenpop.LiveCall.Phase.WRAP_UP);
        if (live.isPresent()) {
            return new ClickToCallResult.Rejected(ClickToCallResult.Kind.AGENT_BUSY, live.get()
                    == io.callcenter.crm.telephony.screenpop.LiveCall.Phase.RINGING
                    ? "your phone is ringing; answer or let it ring out first" : "you are on a call; end or transfer it first");
        }
        if (!pbx.connected()) {
            return new ClickToCallResult.Rejected(ClickToCallResult.Kind.PBX_UNAVAILABLE,
                    "the PBX is not connected; try again in a moment");
        }
        String extension = agent.get().extension();
        String channelId = "crm-" + UUID.randomUUID();
        Call call = callLog.registerClickToCall(channelId, username, extension, e164);
        Pbx.Reply reply = pbx.originate(agentChannels.dialString(extension), properties.originateContext(),
                dialable(e164), "\"" + e164.e164() + "\" <" + e164.e164() + ">", channelId);
        if (!reply.ok()) {
            callLog.failClickToCall(channelId);
            log.info("Click-to-call by {} to {} refused by the PBX: {}", username, e164, reply.message());
            return new ClickToCallResult.Rejected(ClickToCallResult.Kind.PBX_REFUSED,
                    "the PBX refused the call: " + reply.message());
        }
        return new ClickToCallResult.Started(call.id());
    }

    /** Numbers of the home country are dialed nationally (5557778888), others in E.164 (+442079460018). */
    String dialable(PhoneNumber number) {
        String national = phoneNumbers.nationalDigits(number);
        return national != null ? national : number.e164();
    }
}
