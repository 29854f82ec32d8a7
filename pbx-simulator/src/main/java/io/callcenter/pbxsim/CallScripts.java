package io.callcenter.pbxsim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Calls played with the event sequences Asterisk 20 emits for them, modelled on real captures
 * (PJSIP phones and a PJSIP carrier; dialplan as in {@code asterisk-config/}): the noise a real PBX
 * sends (Newexten, VarSet, DeviceStateChange, QueueMemberStatus, MusicOnHold, NewConnectedLine,
 * DialState, Cdr) comes with them. Each method plays one whole call on the calling thread; use
 * {@link PbxSimulator#play} to run it in the background. Delays are in seconds of simulated time.
 */
public final class CallScripts {

    private static final DateTimeFormatter CDR_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    static final String TRUNK = "PJSIP/carrier";

    private final PbxSimulator pbx;

    CallScripts(PbxSimulator pbx) {
        this.pbx = pbx;
    }

    // =============================================================================================
    // scenarios

    /** A caller reaches {@code queue} through DID {@code did}; {@code agent} rings and answers; the agent hangs up. */
    public void queueAnswered(String callerNum, String callerName, String did, String queue, String agent,
                              double ringSeconds, double talkSeconds) {
        Channel caller = inboundCaller(callerNum, callerName, did, true);
        long joined = queueJoin(caller, queue);
        Channel phone = agentCalled(caller, queue, agent);
        pbx.sleepScaled(ringSeconds);
        String bridge = queueConnect(caller, queue, phone, joined, ringSeconds);
        talk(caller, queue, phone, bridge, joined, talkSeconds);
    }

    /** All {@code agents} ring at once (strategy ringall); {@code answerer} picks up. */
    public void ringAllAnswered(String callerNum, String callerName, String did, String queue, List<String> agents,
                                String answerer, double ringSeconds, double talkSeconds) {
        Channel caller = inboundCaller(callerNum, callerName, did, true);
        long joined = queueJoin(caller, queue);
        List<Channel> phones = new ArrayList<>();
        for (String agent : agents) {
            phones.add(agentCalled(caller, queue, agent));
        }
        pbx.sleepScaled(ringSeconds);
        Channel answering = null;
        for (Channel phone : phones) {
            if (phone.device().equals("PJSIP/" + answerer)) {
                answering = phone;
            }
        }
        for (Channel phone : phones) {
            if (phone != answering) {
                dialEnd(caller, phone, "CANCEL");
                hangup(phone, 26, "Answered elsewhere", true);
                queueMemberStatus(queue, phone.device(), 1);
            }
        }
        String bridge = queueConnect(caller, queue, answering, joined, ringSeconds);
        talk(caller, queue, answering, bridge, joined, talkSeconds);
    }

    /** The caller hangs up while {@code agents} ring (QueueCallerAbandon). */
    public void queueAbandoned(String callerNum, String callerName, String did, String queue, List<String> agents,
                               double waitSeconds) {
        Channel caller = inboundCaller(callerNum, callerName, did, true);
        long joined = queueJoin(caller, queue);
        List<Channel> phones = new ArrayList<>();
        for (String agent : agents) {
            phones.add(agentCalled(caller, queue, agent));
        }
        pbx.sleepScaled(waitSeconds);
        // a SIP BYE from the caller: HangupRequest without a cause
        pbx.emit(Frame.event("HangupRequest", "call,all").channel("", caller));
        for (Channel phone : phones) {
            dialEnd(caller, phone, "CANCEL");
        }
        for (Channel phone : phones) {
            hangup(phone, 0, "Unknown", true);
            queueMemberStatus(queue, phone.device(), 1);
        }
        long held = (pbx.nowMicros() - joined) / 1_000_000;
        pbx.emit(Frame.event("QueueCallerAbandon", "agent,all").channel("", caller).add("Queue", queue)
                .add("Position", 1).add("OriginalPosition", 1).add("HoldTime", held));
        pbx.emit(Frame.event("MusicOnHoldStop", "call,all").channel("", caller));
        pbx.emit(Frame.event("QueueCallerLeave", "agent,all").channel("", caller).add("Queue", queue)
                .add("Position", 1).add("Count", 0));
        deviceState("Queue:" + queue, "NOT_INUSE");
        cdr(caller, null, "Queue", queue + ",tT,,,120", "NO ANSWER", caller.createdMicros, 0);
        hangup(caller, 0, "Unknown", false);
    }

    /** Nobody answers: {@code agent} rings for the queue's timeout, then the caller leaves the queue (timeout). */
    public void queueMissed(String callerNum, String callerName, String did, String queue, String agent,
                            double ringSeconds, double queueTimeoutSeconds) {
        Channel caller = inboundCaller(callerNum, callerName, did, true);
        long joined = queueJoin(caller, queue);
        Channel phone = agentCalled(caller, queue, agent);
        pbx.sleepScaled(ringSeconds);
        dialEnd(caller, phone, "NOANSWER");
        pbx.emit(Frame.event("AgentRingNoAnswer", "agent,all").channel("", caller).channel("Dest", phone)
                .add("Queue", queue).add("Interface", phone.device()).add("MemberName", "Agent " + agent)
                .add("RingTime", (long) (ringSeconds * 1000)));
        hangup(phone, 16, "Normal Clearing", true);
        queueMemberStatus(queue, phone.device(), 1);
        pbx.sleepScaled(Math.max(0, queueTimeoutSeconds - ringSeconds));
        pbx.emit(Frame.event("MusicOnHoldStop", "call,all").channel("", caller));
        pbx.emit(Frame.event("QueueCallerLeave", "agent,all").channel("", caller).add("Queue", queue)
                .add("Position", 1).add("Count", 0));
        deviceState("Queue:" + queue, "NOT_INUSE");
        varset(caller, "QUEUESTATUS", "TIMEOUT");
        newexten(caller, "Hangup", "");
        cdr(caller, null, "Queue", queue + ",tT,,,120", "NO ANSWER", caller.createdMicros, 0);
        pbx.emit(Frame.event("SoftHangupRequest", "call,all").channel("", caller).add("Cause", 16));
        hangup(caller, 16, "Normal Clearing", false);
    }

    /** A DID routed straight to an agent's phone (no queue). */
    public void directCall(String callerNum, String callerName, String did, String agent, boolean answered,
                           double ringSeconds, double talkSeconds) {
        Channel caller = inboundCaller(callerNum, callerName, did, answered);
        Channel phone = dial(caller, agent, "PJSIP/" + agent);
        pbx.sleepScaled(ringSeconds);
        if (!answered) {
            dialEnd(caller, phone, "NOANSWER");
            hangup(phone, 16, "Normal Clearing", true);
            newexten(caller, "Hangup", "");
            cdr(caller, phone, "Dial", "PJSIP/" + agent + ",20", "NO ANSWER", caller.createdMicros, 0);
            pbx.emit(Frame.event("SoftHangupRequest", "call,all").channel("", caller).add("Cause", 16));
            hangup(caller, 16, "Normal Clearing", false);
            return;
        }
        answerDial(caller, phone);
        String bridge = bridge(phone, caller);
        long answeredAt = pbx.nowMicros();
        talk(caller, null, phone, bridge, caller.createdMicros, talkSeconds, () -> {
            // the caller hangs up this time
            pbx.emit(Frame.event("HangupRequest", "call,all").channel("", caller));
            leave(bridge, caller);
            hangup(caller, 16, "Normal Clearing", false);
            leave(bridge, phone);
            pbx.emit(Frame.event("SoftHangupRequest", "call,all").channel("", phone).add("Cause", 16));
            cdr(caller, phone, "Dial", "PJSIP/" + agent + ",20", "ANSWERED", caller.createdMicros, answeredAt);
            hangup(phone, 16, "Normal Clearing", true);
            destroyBridge(bridge);
        });
    }

    /** One agent dials another's extension. */
    public void internalCall(String from, String to, boolean answered, double ringSeconds, double talkSeconds) {
        Channel a = agentDials(from, to);
        newexten(a, "NoOp", "Internal call to " + to);
        Channel b = dial(a, to, "PJSIP/" + to);
        pbx.sleepScaled(ringSeconds);
        if (!answered) {
            dialEnd(a, b, "NOANSWER");
            hangup(b, 16, "Normal Clearing", true);
            hangup(a, 16, "Normal Clearing", true);
            return;
        }
        answerDial(a, b);
        String bridge = bridge(b, a);
        talk(a, null, b, bridge, a.createdMicros, talkSeconds, () -> {
            leave(bridge, b);
            hangup(b, 16, "Normal Clearing", true);
            leave(bridge, a);
            hangup(a, 16, "Normal Clearing", true);
            destroyBridge(bridge);
        });
    }

    /**
     * An agent dials an outside number from their phone; {@code outcome} is ANSWER, BUSY, NOANSWER, or
     * CHANUNAVAIL: the dial fails inside Asterisk before any carrier channel exists (a dial string PJSIP
     * refuses, a trunk that is down), which only DIALSTATUS tells.
     */
    public void outboundCall(String agent, String number, String outcome, double ringSeconds, double talkSeconds) {
        Channel a = agentDials(agent, number);
        newexten(a, "Goto", "outbound," + number + ",1");
        if ("CHANUNAVAIL".equals(outcome)) {
            dialFailsInside(a, number);
            return;
        }
        newexten(a, "Dial", "PJSIP/" + number + "@carrier,60,T");
        Channel out = trunkLeg(a, number);
        pbx.sleepScaled(ringSeconds);
        if ("BUSY".equals(outcome) || "CONGESTION".equals(outcome)) {
            carrierRefuses(a, out, outcome);
            return;
        }
        if (!"ANSWER".equals(outcome)) {
            dialEnd(a, out, outcome);
            hangup(out, 19, "No answer", false);
            hangup(a, 16, "Normal Clearing", true);
            return;
        }
        outsideAnswersTalksAndHangsUp(a, out, talkSeconds);
    }

    /**
     * Click-to-call as Asterisk plays an async Originate with a ChannelId: the agent's phone rings first
     * (its channel's Uniqueid is the ChannelId and the Linkedid of every leg), OriginateResponse, then the
     * outside leg is dialed from the dialplan. A phone that does not answer rings until the Originate's
     * timeout; then, as in the R01 capture, comes {@code OriginateResponse: Failure} (Reason 3, its Channel
     * the dial string) before the phone's Hangup (Cause 19), and no DialEnd at all.
     */
    public void clickToCall(String agent, String number, String context, String channelId, String actionId,
                            boolean agentAnswers, boolean remoteAnswers) {
        clickToCall(agent, number, context, channelId, actionId, agentAnswers, remoteAnswers, 30);
    }

    public void clickToCall(String agent, String number, String context, String channelId, String actionId,
                            boolean agentAnswers, boolean remoteAnswers, double timeoutSeconds) {
        String uid = channelId == null || channelId.isBlank() ? pbx.newUniqueid() : channelId;
        Channel a = new Channel(pbx.newChannelName("PJSIP/" + agent), uid, uid, Channel.State.DOWN, context, "s", pbx.nowMicros());
        a.callerNum = agent;
        a.callerName = "Agent " + agent;
        pbx.register(a);
        pbx.emit(Frame.event("Newchannel", "call,all").channel("", a));
        // the first leg of an Originate has no calling channel, and its DialString is the endpoint alone (P04, R01)
        pbx.emit(Frame.event("DialBegin", "call,all").channel("Dest", a).add("DialString", agent));
        newstate(a, Channel.State.RINGING);
        deviceState("PJSIP/" + agent, "RINGING");
        if (!agentAnswers) {
            pbx.sleepScaled(timeoutSeconds);
            pbx.emit(Frame.event("OriginateResponse", "call,all").add("ActionID", actionId).add("Response", "Failure")
                    .add("Channel", "PJSIP/" + agent).add("Context", context).add("Exten", number)
                    .add("Reason", 3).add("Uniqueid", uid).add("CallerIDNum", agent)
                    .add("CallerIDName", "Agent " + agent));
            // the phone's SIP answer to Asterisk's CANCEL after the timeout: 480 Temporarily Unavailable
            pbx.unregister(a);
            pbx.emit(Frame.event("Hangup", "call,all").channel("", a).add("Cause", 19)
                    .add("Cause-txt", "User alerting, no answer").add("TechCause", 480));
            deviceState(a.device(), "NOT_INUSE");
            return;
        }
        pbx.sleepScaled(1);
        newstate(a, Channel.State.UP);
        pbx.emit(Frame.event("DialEnd", "call,all").channel("Dest", a).add("DialStatus", "ANSWER"));
        pbx.emit(Frame.event("OriginateResponse", "call,all").add("ActionID", actionId).add("Response", "Success")
                .add("Channel", a.name).add("Context", context).add("Exten", number).add("Application", "")
                .add("Data", "").add("Reason", 4).add("Uniqueid", uid).add("CallerIDNum", agent)
                .add("CallerIDName", "Agent " + agent));
        if (!pbx.carrierReachable()) {
            dialFailsInside(a, number);
            return;
        }
        a.exten = number;
        newexten(a, "Dial", "PJSIP/" + number + "@carrier,60,T");
        Channel out = trunkLeg(a, number);
        pbx.sleepScaled(2);
        if (!"ANSWER".equals(pbx.carrierAnswer())) {
            carrierRefuses(a, out, pbx.carrierAnswer());
            return;
        }
        if (!remoteAnswers) {
            dialEnd(a, out, "NOANSWER");
            hangup(out, 19, "No answer", false);
            hangup(a, 16, "Normal Clearing", true);
            return;
        }
        outsideAnswersTalksAndHangsUp(a, out, 5);
    }

    /** {@code first} answers a direct call, then blind-transfers it to {@code second}, who answers. */
    public void blindTransfer(String callerNum, String callerName, String did, String first, String second,
                              double talkBefore, double talkAfter) {
        Channel caller = inboundCaller(callerNum, callerName, did, true);
        Leg firstLeg = ringsAndAnswers(caller, first);
        Channel a = firstLeg.phone();
        String bridge1 = firstLeg.bridge();
        if (!talksUntilTheScriptGoesOn(caller, a, bridge1, talkBefore)) {
            return;
        }
        pbx.emit(Frame.event("BlindTransfer", "call,all").add("Result", "Success").channel("Transferer", a)
                .channel("Transferee", caller).add("BridgeUniqueid", bridge1).add("BridgeType", "basic")
                .add("IsExternal", "No").add("Context", "from-internal").add("Extension", second));
        leave(bridge1, a);
        hangup(a, 16, "Normal Clearing", true);
        leave(bridge1, caller);
        destroyBridge(bridge1);
        caller.context = "from-internal";
        caller.exten = second;
        caller.priority = 1;
        newexten(caller, "Dial", "PJSIP/" + second + ",30,tT");
        Leg secondLeg = ringsAndAnswers(caller, second);
        colleagueTalksThenHangsUp(caller, secondLeg.phone(), secondLeg.bridge(), talkAfter);
    }

    /**
     * {@code first} answers, consults {@code second} on a second line, then completes an attended
     * transfer: the caller is moved into the consultation bridge and talks with {@code second}.
     */
    public void attendedTransfer(String callerNum, String callerName, String did, String first, String second,
                                 double talkBefore, double talkAfter) {
        Channel caller = inboundCaller(callerNum, callerName, did, true);
        Leg firstLeg = ringsAndAnswers(caller, first);
        Channel a1 = firstLeg.phone();
        String bridge1 = firstLeg.bridge();
        if (!talksUntilTheScriptGoesOn(caller, a1, bridge1, talkBefore)) {
            return;
        }
        pbx.emit(Frame.event("Hold", "call,all").channel("", caller).add("MusicClass", "default"));
        Channel a2 = agentDials(first, second);
        Leg consultation = ringsAndAnswers(a2, second);
        Channel b = consultation.phone();
        String bridge2 = consultation.bridge();
        pbx.sleepScaled(2);
        pbx.emit(Frame.event("AttendedTransfer", "call,all").add("Result", "Success")
                .channel("OrigTransferer", a1).add("OrigBridgeUniqueid", bridge1).add("OrigBridgeType", "basic")
                .channel("SecondTransferer", a2).add("SecondBridgeUniqueid", bridge2).add("SecondBridgeType", "basic")
                .add("DestType", "Bridge").add("DestBridgeUniqueid", bridge2).add("IsExternal", "No"));
        pbx.emit(Frame.event("Unhold", "call,all").channel("", caller));
        leave(bridge1, caller);
        leave(bridge1, a1);
        destroyBridge(bridge1);
        enter(bridge2, caller, 3);
        leave(bridge2, a2);
        hangup(a1, 16, "Normal Clearing", true);
        hangup(a2, 16, "Normal Clearing", true);
        colleagueTalksThenHangsUp(caller, b, bridge2, talkAfter);
    }

    /**
     * The first agent talks with the caller before the script's transfer; false when an AMI action from the
     * console (a hang-up, the agent's own transfer, hold) took the call elsewhere, so the script stops there.
     */
    private boolean talksUntilTheScriptGoesOn(Channel caller, Channel phone, String bridge, double seconds) {
        boolean[] scripted = {false};
        talk(caller, null, phone, bridge, caller.createdMicros, seconds, () -> scripted[0] = true);
        return scripted[0];
    }

    /**
     * The colleague who took a transferred caller talks for {@code seconds} and hangs up; meanwhile the call is
     * theirs to control from the console like any other (hang up, transfer, hold).
     */
    private void colleagueTalksThenHangsUp(Channel caller, Channel phone, String bridge, double seconds) {
        talk(caller, null, phone, bridge, caller.createdMicros, seconds, () -> {
            // the colleague's phone sends BYE: HangupRequest without a cause
            pbx.emit(Frame.event("HangupRequest", "call,all").channel("", phone));
            leave(bridge, phone);
            hangup(phone, 16, "Normal Clearing", true);
            leave(bridge, caller);
            pbx.emit(Frame.event("SoftHangupRequest", "call,all").channel("", caller).add("Cause", 16));
            hangup(caller, 16, "Normal Clearing", false);
            destroyBridge(bridge);
        });
    }

    // =============================================================================================
    // a talking queue call that AMI actions can act on (R08 Atxfer and Hangup, R10 Park)

    /**
     * The caller and the agent talk for {@code talkSeconds}, then the agent hangs up; meanwhile an AMI Hangup of
     * either channel ends the call at once, an Atxfer from the agent's channel transfers it (attended, through a
     * Local channel pair, as in R08), and a Park of the caller parks it (R10).
     */
    private void talk(Channel caller, String queue, Channel phone, String bridge, long joinedMicros, double talkSeconds) {
        talk(caller, queue, phone, bridge, joinedMicros, talkSeconds,
                () -> agentHangsUp(caller, queue, phone, bridge, joinedMicros, talkSeconds));
    }

    /**
     * The same for any talking call with an agent's phone: {@code queue} null for one that came through no queue
     * (a direct inbound call, or an outbound call whose far end is {@code caller}), which then has no queue
     * events; {@code end} plays its end when no action came.
     */
    private void talk(Channel caller, String queue, Channel phone, String bridge, long joinedMicros, double talkSeconds,
                      Runnable end) {
        long answered = pbx.nowMicros();
        while (true) {
            double left = talkSeconds - talked(answered);
            Map<String, String> action = pbx.awaitAction(left, caller, phone);
            if (action == null) {
                end.run();
                return;
            }
            if (!"hangup".equalsIgnoreCase(action.get("action")) && caller.name.equals(action.get("channel"))
                    && !caller.device().startsWith(TRUNK)) {
                // between colleagues either phone may transfer or park the other: the one that acts is the agent's
                Channel acting = caller;
                caller = phone;
                phone = acting;
            }
            switch (action.get("action").toLowerCase(Locale.ROOT)) {
                case "hangup" -> {
                    if (action.get("channel").equals(phone.name)) {
                        agentHangsUp(caller, queue, phone, bridge, joinedMicros, talked(answered), true);
                    } else {
                        callerHungUpByAction(caller, queue, phone, bridge, joinedMicros, talked(answered));
                    }
                    return;
                }
                case "cancelatxfer" -> {
                    // no transfer to cancel: the abort code is only digits, which reach the caller
                    for (char digit : ATXFER_ABORT.toCharArray()) {
                        dtmf(caller, "DTMFBegin", String.valueOf(digit), "Sent");
                        dtmf(caller, "DTMFEnd", String.valueOf(digit), "Sent");
                    }
                }
                case "atxfer" -> {
                    if (attendedTransferByAction(caller, queue, phone, bridge, joinedMicros, answered,
                            action.get("exten"), talkSeconds)) {
                        return;
                    }
                }
                case "park" -> {
                    parkByAction(caller, queue, phone, bridge, joinedMicros, answered, action, talkSeconds - talked(answered));
                    return;
                }
                case "blindtransfer" -> {
                    blindTransferByAction(caller, queue, phone, bridge, joinedMicros, answered, action,
                            Math.max(3, talkSeconds - talked(answered)));
                    return;
                }
                default -> throw new IllegalStateException("no script for action " + action.get("action"));
            }
        }
    }

    /**
     * AMI BlindTransfer of the agent's channel, as Asterisk 20's source does it (manager.c, bridge.c, app_queue.c;
     * no capture has one): the BlindTransfer event (IsExternal Yes, Result Success), the queue's AgentComplete
     * (Reason transfer), the agent's phone out of the bridge and hung up, and the caller sent to the extension
     * in the action's context: an agent's phone is dialled (the dialplan's Dial, 30 s, tT), a queue's extension
     * queues the caller again for the next free member, an outside number goes out through the carrier, and an
     * extension the dialplan lacks loses the caller (no "i" extension: hung up).
     */
    private void blindTransferByAction(Channel caller, String queue, Channel phone, String bridge, long joinedMicros,
                                       long answeredMicros, Map<String, String> action, double talkAfter) {
        String target = action.get("exten");
        String context = action.getOrDefault("context", "from-internal");
        Frame transfer = Frame.event("BlindTransfer", "call,all").add("Result", "Success").channel("Transferer", phone);
        transfer.channel("Transferee", caller);
        bridgeHeaders(transfer, "Bridge", bridge, 2);
        transfer.add("IsExternal", "Yes").add("Context", context).add("Extension", target);
        pbx.emit(transfer);
        agentComplete(queue, Frame.event("AgentComplete", "agent,all").channel("", caller).channel("Dest", phone)
                .add("Queue", queue).add("Interface", phone.device()).add("MemberName", "Agent " + phone.callerNum)
                .add("HoldTime", Math.max(0, (phone.createdMicros - joinedMicros) / 1_000_000))
                .add("TalkTime", Math.round(talked(answeredMicros))).add("Reason", "transfer"));
        leave(bridge, phone);
        hangup(phone, 16, "Normal Clearing", true);
        queueMemberStatus(queue, phone.device(), 1);
        leave(bridge, caller);
        destroyBridge(bridge);
        caller.context = context;
        caller.exten = target;
        caller.priority = 1;
        String toQueue = PbxSimulator.QUEUE_EXTENSIONS.get(target);
        if (pbx.isAgent(target)) {
            newexten(caller, "Dial", "PJSIP/" + target + ",30,tT");
            Leg leg = ringsAndAnswers(caller, target);
            colleagueTalksThenHangsUp(caller, leg.phone(), leg.bridge(), talkAfter);
        } else if (toQueue != null) {
            long joined = queueJoin(caller, toQueue);
            // queues.conf's wrapuptime: the member who just completed a call (the transferer) is not rung at once
            String next = pbx.settings().agents().stream()
                    .filter(a -> !a.equals(phone.callerNum) && !pbx.inCall(a) && !pbx.isPaused(a, toQueue))
                    .findFirst().orElse(null);
            if (next == null) {
                pbx.sleepScaled(3);
                pbx.emit(Frame.event("HangupRequest", "call,all").channel("", caller));
                pbx.emit(Frame.event("QueueCallerAbandon", "agent,all").channel("", caller).add("Queue", toQueue)
                        .add("Position", 1).add("OriginalPosition", 1).add("HoldTime", 3));
                pbx.emit(Frame.event("QueueCallerLeave", "agent,all").channel("", caller).add("Queue", toQueue)
                        .add("Position", 1).add("Count", 0));
                hangup(caller, 16, "Normal Clearing", false);
                return;
            }
            Channel p2 = agentCalled(caller, toQueue, next);
            pbx.sleepScaled(1);
            String bridge2 = queueConnect(caller, toQueue, p2, joined, 1);
            talk(caller, toQueue, p2, bridge2, joined, talkAfter);
        } else if (target.matches("\\+?[0-9]{7,15}")) {
            newexten(caller, "Dial", "PJSIP/" + target + "@carrier,60,T");
            Channel out = trunkLeg(caller, target);
            pbx.sleepScaled(2);
            answerOutbound(caller, out);
            talkUntilHungUp(caller, out, bridge(out, caller), talkAfter);
        } else {
            hangup(caller, 16, "Normal Clearing", false);
        }
    }

    /**
     * The caller talks with {@code other} (an agent's phone or an outside line) for {@code seconds}, then
     * {@code other} hangs up; an AMI Hangup of either ends it at once.
     */
    private void talkUntilHungUp(Channel caller, Channel other, String bridge, double seconds) {
        Map<String, String> action = pbx.awaitAction(seconds, caller, other);
        boolean callerFirst = action != null && caller.name.equals(action.get("channel"));
        Channel first = callerFirst ? caller : other;
        Channel second = callerFirst ? other : caller;
        if (action == null) {
            pbx.emit(Frame.event("HangupRequest", "call,all").channel("", first));
        }
        leave(bridge, first);
        hangup(first, 16, "Normal Clearing", first != caller && !first.device().equals(TRUNK));
        leave(bridge, second);
        pbx.emit(Frame.event("SoftHangupRequest", "call,all").channel("", second).add("Cause", 16));
        hangup(second, 16, "Normal Clearing", second != caller && !second.device().equals(TRUNK));
        destroyBridge(bridge);
    }

    /** Simulated seconds since {@code sinceMicros}. */
    private double talked(long sinceMicros) {
        return (pbx.nowMicros() - sinceMicros) / 1e6 * pbx.speed();
    }

    /** AMI Hangup of the caller's channel: the caller goes first, then the agent's phone is asked to hang up. */
    private void callerHungUpByAction(Channel caller, String queue, Channel phone, String bridge, long joinedMicros, double talked) {
        leave(bridge, caller);
        callerCdr(caller, phone, queue);
        hangup(caller, 16, "Normal Clearing", false);
        agentComplete(queue, Frame.event("AgentComplete", "agent,all").channel("", caller).channel("Dest", phone)
                .add("Queue", queue).add("Interface", phone.device()).add("MemberName", "Agent " + phone.callerNum)
                .add("HoldTime", Math.max(0, (phone.createdMicros - joinedMicros) / 1_000_000))
                .add("TalkTime", Math.round(talked)).add("Reason", "caller"));
        leave(bridge, phone);
        destroyBridge(bridge);
        pbx.emit(Frame.event("SoftHangupRequest", "call,all").channel("", phone).add("Cause", 16));
        hangup(phone, 16, "Normal Clearing", true);
        queueMemberStatus(queue, phone.device(), 1);
    }

    /** features.conf's atxferabort, Asterisk's default (features_config.c), which AMI CancelAtxfer plays. */
    static final String ATXFER_ABORT = "*1";

    /** How long (simulated) an agent consults a colleague before hanging up to complete the transfer. */
    static final double CONSULT_SECONDS = 60;

    /**
     * AMI Atxfer from the agent's channel: the feature code and the digits as DTMF, the agent on hold, a Local
     * channel pair dialling the target, whose answer puts agent and target in a consultation; when the agent
     * hangs up (after {@link #CONSULT_SECONDS} at most, or by AMI Hangup) the bridges merge and the caller
     * talks with the target through the Local pair, never optimised away (R08); an AMI CancelAtxfer instead
     * ends the consultation and brings the agent back to the caller (false then: the call goes on). A target
     * that is no extension fails as in R08a: the agent is taken off hold at once and the digits reach the
     * caller; false then too.
     */
    private boolean attendedTransferByAction(Channel caller, String queue, Channel phone, String bridge, long joinedMicros,
                                             long answeredMicros, String target, double talkSeconds) {
        dtmf(phone, "DTMFEnd", "*", "Received");
        dtmf(phone, "DTMFEnd", "2", "Received");
        pbx.emit(Frame.event("Hold", "call,all").channel("", phone));
        if (!pbx.isAgent(target) || phone.device().equals("PJSIP/" + target)) {
            pbx.emit(Frame.event("Unhold", "call,all").channel("", phone));
            for (char digit : target.toCharArray()) {
                dtmf(caller, "DTMFBegin", String.valueOf(digit), "Sent");
                dtmf(caller, "DTMFEnd", String.valueOf(digit), "Sent");
            }
            return false;
        }
        for (char digit : target.toCharArray()) {
            dtmf(phone, "DTMFEnd", String.valueOf(digit), "Received");
        }
        String local = "Local/" + target + "@from-internal-" + String.format("%08x", localSeq.getAndIncrement());
        Channel one = new Channel(local + ";1", pbx.newUniqueid(), caller.linkedid, Channel.State.DOWN, "from-internal", target, pbx.nowMicros());
        Channel two = new Channel(local + ";2", pbx.newUniqueid(), caller.linkedid, Channel.State.RING, "from-internal", target, pbx.nowMicros());
        pbx.register(one);
        pbx.register(two);
        pbx.emit(Frame.event("Newchannel", "call,all").channel("", one));
        two.callerNum = phone.callerNum;
        two.callerName = phone.callerName;
        pbx.emit(Frame.event("Newchannel", "call,all").channel("", two));
        String consult = java.util.UUID.randomUUID().toString();
        pbx.emit(bridgeFrame("BridgeCreate", consult, 0));
        pbx.emit(Frame.event("NewCallerid", "call,all").channel("", two).add("CID-CallingPres", "0 (Presentation Allowed, Not Screened)"));
        pbx.emit(Frame.event("LocalBridge", "call,all").channel("LocalOne", one).channel("LocalTwo", two)
                .add("Context", "from-internal").add("Exten", target).add("LocalOptimization", "Yes"));
        pbx.emit(Frame.event("NewConnectedLine", "call,all").channel("", one));
        enter(consult, one, 1);
        leave(bridge, phone);
        enter(consult, phone, 2);
        // the target's phone, dialled by the Local channel's half in the dialplan
        Channel b = phoneChannel(target, caller.linkedid, "s");
        pbx.register(b);
        pbx.emit(Frame.event("Newchannel", "call,all").channel("", b));
        b.connectedNum = phone.callerNum;
        b.connectedName = phone.callerName;
        b.exten = target;
        two.priority = 2;
        pbx.emit(Frame.event("DialBegin", "call,all").channel("", two).channel("Dest", b).add("DialString", target));
        newstate(b, Channel.State.RINGING);
        newstate(one, Channel.State.RINGING);
        pbx.emit(Frame.event("DialState", "call,all").channel("Dest", one).add("DialStatus", "RINGING"));
        pbx.emit(Frame.event("DialState", "call,all").channel("", two).channel("Dest", b).add("DialStatus", "RINGING"));
        deviceState(b.device(), "RINGING");
        pbx.sleepScaled(1);
        newstate(b, Channel.State.UP);
        dialEnd(two, b, "ANSWER");
        newstate(one, Channel.State.UP);
        pbx.emit(Frame.event("DialEnd", "call,all").channel("Dest", one).add("DialStatus", "ANSWER"));
        newstate(two, Channel.State.UP);
        deviceState(b.device(), "INUSE");
        String second = java.util.UUID.randomUUID().toString();
        pbx.emit(bridgeFrame("BridgeCreate", second, 0));
        enter(second, b, 1);
        enter(second, two, 2);

        // the consultation: the agent completes the transfer by hanging up, or cancels it
        Map<String, String> decided = pbx.awaitAction(Math.min(CONSULT_SECONDS, Math.max(1, talkSeconds - talked(answeredMicros))), phone);
        if (decided != null && "cancelatxfer".equalsIgnoreCase(decided.get("action"))) {
            abortConsultation(phone, bridge, consult, second, one, two, b, target);
            return false;
        }
        if (decided == null) {
            pbx.emit(Frame.event("HangupRequest", "call,all").channel("", phone));
        }
        leave(consult, phone);
        pbx.emit(Frame.event("BridgeMerge", "call,all").add("ToBridgeUniqueid", bridge).add("ToBridgeType", "basic")
                .add("ToBridgeTechnology", "simple_bridge").add("ToBridgeCreator", "<unknown>").add("ToBridgeName", "<unknown>")
                .add("ToBridgeNumChannels", 1).add("ToBridgeVideoSourceMode", "none")
                .add("FromBridgeUniqueid", consult).add("FromBridgeType", "basic").add("FromBridgeTechnology", "simple_bridge")
                .add("FromBridgeCreator", "<unknown>").add("FromBridgeName", "<unknown>").add("FromBridgeNumChannels", 1)
                .add("FromBridgeVideoSourceMode", "none"));
        leave(consult, one);
        enter(bridge, one, 2);
        caller.connectedNum = target;
        caller.connectedName = b.callerName;
        pbx.emit(Frame.event("NewConnectedLine", "call,all").channel("", caller));
        pbx.emit(Frame.event("NewConnectedLine", "call,all").channel("", one));
        phone.connectedNum = target;
        phone.connectedName = b.callerName;
        Frame transfer = Frame.event("AttendedTransfer", "call,all").add("Result", "Success").channel("OrigTransferer", phone);
        bridgeHeaders(transfer, "OrigBridge", bridge, 2);
        transfer.channel("SecondTransferer", phone);
        bridgeHeaders(transfer, "SecondBridge", consult, 0);
        transfer.channel("Transferee", caller).add("IsExternal", "No").add("DestType", "Bridge").add("DestBridgeUniqueid", bridge);
        pbx.emit(transfer);
        agentComplete(queue, Frame.event("AgentComplete", "agent,all").channel("", caller).channel("Dest", phone)
                .add("Queue", queue).add("Interface", phone.device()).add("MemberName", "Agent " + phone.callerNum)
                .add("HoldTime", Math.max(0, (phone.createdMicros - joinedMicros) / 1_000_000))
                .add("TalkTime", Math.round(talked(answeredMicros))).add("Reason", "transfer"));
        cdr(phone, b, "AppDial", "(Outgoing Line)", "ANSWERED", phone.createdMicros, answeredMicros);
        destroyBridge(consult);
        pbx.emit(Frame.event("NewConnectedLine", "call,all").channel("", b));
        hangup(phone, 16, "Normal Clearing", true);
        queueMemberStatus(queue, phone.device(), 1);

        // the caller and the target talk through the Local pair until the target hangs up (or either is hung up by AMI)
        Map<String, String> end = pbx.awaitAction(Math.max(1, talkSeconds - talked(answeredMicros)), caller, b);
        if (end == null) {
            pbx.emit(Frame.event("HangupRequest", "call,all").channel("", b));
        }
        leave(second, b);
        cdr(two, b, "Dial", target, "ANSWERED", two.createdMicros, two.createdMicros);
        leave(second, two);
        destroyBridge(second);
        pbx.emit(Frame.event("SoftHangupRequest", "call,all").channel("", two).add("Cause", 16));
        pbx.emit(Frame.event("HangupRequest", "call,all").channel("", one).add("Cause", 16));
        hangup(two, 16, "Normal Clearing", false);
        hangup(b, 16, "Normal Clearing", true);
        leave(bridge, one);
        hangup(one, 16, "Normal Clearing", false);
        leave(bridge, caller);
        destroyBridge(bridge);
        pbx.emit(Frame.event("SoftHangupRequest", "call,all").channel("", caller).add("Cause", 16));
        cdr(one, caller, "AppDial", "(Outgoing Line)", "ANSWERED", one.createdMicros, one.createdMicros);
        callerCdr(caller, phone, queue);
        hangup(caller, 16, "Normal Clearing", false);
        return true;
    }

    private final java.util.concurrent.atomic.AtomicInteger localSeq = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * The agent's phone played the atxferabort code while consulting: as Asterisk 20's bridge_basic.c does it
     * (no capture has one), the agent's phone moves back into the caller's bridge and off hold, the consultation's
     * bridge is destroyed, which hangs up the Local pair, and with it the colleague's phone.
     */
    private void abortConsultation(Channel phone, String bridge, String consult, String second, Channel one, Channel two,
                                   Channel colleague, String target) {
        for (char digit : ATXFER_ABORT.toCharArray()) {
            dtmf(phone, "DTMFEnd", String.valueOf(digit), "Received");
        }
        leave(consult, phone);
        enter(bridge, phone, 2);
        pbx.emit(Frame.event("Unhold", "call,all").channel("", phone));
        leave(consult, one);
        destroyBridge(consult);
        pbx.emit(Frame.event("SoftHangupRequest", "call,all").channel("", one).add("Cause", 16));
        hangup(one, 16, "Normal Clearing", false);
        pbx.emit(Frame.event("SoftHangupRequest", "call,all").channel("", two).add("Cause", 16));
        leave(second, two);
        leave(second, colleague);
        destroyBridge(second);
        cdr(two, colleague, "Dial", target, "ANSWERED", two.createdMicros, two.createdMicros);
        hangup(two, 16, "Normal Clearing", false);
        pbx.emit(Frame.event("SoftHangupRequest", "call,all").channel("", colleague).add("Cause", 16));
        hangup(colleague, 16, "Normal Clearing", true);
    }

    private void dtmf(Channel c, String event, String digit, String direction) {
        Frame f = Frame.event(event, "dtmf,all").channel("", c).add("Digit", digit);
        if (event.equals("DTMFEnd")) {
            f.add("DurationMs", 0);
        }
        pbx.emit(f.add("Direction", direction));
    }

    /**
     * AMI Park of the caller (R10): the caller moves into the parking lot's holding bridge in the first free
     * space, the parker's phone is hung up at once (no HangupRequest, and no AgentComplete until the caller is
     * gone), and the caller waits until an Originate to {@code parkedcalls/<space>} retrieves it. Not modelled:
     * the return to the parker when the parking timeout passes (here the caller hangs up then).
     */
    private void parkByAction(Channel caller, String queue, Channel phone, String bridge, long joinedMicros,
                              long answeredMicros, Map<String, String> action, double talkLeft) {
        int timeout = (int) Math.round(parseMillis(action.get("timeout"), 45_000) / 1000.0);
        PbxSimulator.Parked p = pbx.park(caller, phone.device(), timeout, queue, phone.device(),
                joinedMicros, answeredMicros, talkLeft);
        String holding = java.util.UUID.randomUUID().toString();
        pbx.emit(Frame.event("BridgeCreate", "call,all").add("BridgeUniqueid", holding).add("BridgeType", "parking")
                .add("BridgeTechnology", "holding_bridge").add("BridgeCreator", "Parking").add("BridgeName", "default")
                .add("BridgeNumChannels", 0).add("BridgeVideoSourceMode", "none"));
        leave(bridge, caller);
        pbx.emit(parkedCallFrame(Frame.event("ParkedCall", "call,all"), p, pbx.nowMicros()));
        caller.bridge = holding;
        pbx.emit(Frame.event("BridgeEnter", "call,all").add("BridgeUniqueid", holding).add("BridgeType", "parking")
                .add("BridgeTechnology", "holding_bridge").add("BridgeCreator", "Parking").add("BridgeName", "default")
                .add("BridgeNumChannels", 1).add("BridgeVideoSourceMode", "none").channel("", caller));
        leave(bridge, phone);
        destroyBridge(bridge);
        hangup(phone, 16, "Normal Clearing", true);
        queueMemberStatus(queue, phone.device(), 1);
        try {
            if (p.retrieved().await(Math.max(0, (long) (timeout * 1000 / pbx.speed())), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return; // the retrieving call plays the rest
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!pbx.unpark(p)) {
            return; // retrieved just now
        }
        pbx.emit(parkedCallFrame(Frame.event("ParkedCallGiveUp", "call,all"), p, pbx.nowMicros()));
        pbx.emit(Frame.event("BridgeLeave", "call,all").add("BridgeUniqueid", holding).add("BridgeType", "parking")
                .add("BridgeTechnology", "holding_bridge").add("BridgeCreator", "Parking").add("BridgeName", "default")
                .add("BridgeNumChannels", 0).add("BridgeVideoSourceMode", "none").channel("", caller));
        hangup(caller, 16, "Normal Clearing", false);
        parkedCallerGone(p);
    }

    /** The parked call's headers as ParkedCall, UnParkedCall and the ParkedCalls list carry them (R10). */
    Frame parkedCallFrame(Frame f, PbxSimulator.Parked p, long nowMicros) {
        long parkedFor = (nowMicros - p.parkedMicros()) / 1_000_000;
        return f.channel("Parkee", p.caller()).add("ParkerDialString", p.parkerDialString()).add("Parkinglot", "default")
                .add("ParkingSpace", p.space()).add("ParkingTimeout", Math.max(0, p.timeoutSeconds() - parkedFor))
                .add("ParkingDuration", parkedFor);
    }

    /** When a parked caller is finally gone, the queue tells the agent's call complete, with no channel headers left (R10). */
    private void parkedCallerGone(PbxSimulator.Parked p) {
        agentComplete(p.queue(), Frame.event("AgentComplete", "agent,all").add("Queue", p.queue()).add("Interface", p.member())
                .add("MemberName", p.memberName()).add("HoldTime", Math.max(0, (p.answeredMicros() - p.joinedMicros()) / 1_000_000))
                .add("TalkTime", Math.round(talked(p.answeredMicros()))).add("Reason", "caller"));
    }

    /**
     * An Originate from {@code agent}'s phone to {@code parkedcalls/<space>} (R10): the phone rings and answers,
     * takes the parked caller into a new bridge, they talk for the rest of the call (five seconds at least) and the
     * retriever hangs up; meanwhile the call takes AMI actions as any talking call does.
     */
    public void retrieveParked(String agent, String space, String actionId, String callerIdName) {
        Channel r = originatedPhone(agent, callerIdName, "parkedcalls", space);
        PbxSimulator.Parked p = pbx.parkedAt(parseSpace(space));
        if (p == null || !pbx.unpark(p)) {
            // nobody parked there: the dialplan finds no parked call and hangs up
            originateResponse(actionId, r, "parkedcalls", space, "", "");
            newexten(r, "ParkedCall", "default," + space);
            hangup(r, 16, "Normal Clearing", true);
            return;
        }
        p.retrieved().countDown();
        newexten(r, "ParkedCall", "default," + space);
        String bridge = java.util.UUID.randomUUID().toString();
        pbx.emit(bridgeFrame("BridgeCreate", bridge, 0));
        originateResponse(actionId, r, "parkedcalls", space, "", "");
        Channel caller = p.caller();
        pbx.emit(Frame.event("BridgeLeave", "call,all").add("BridgeUniqueid", caller.bridge).add("BridgeType", "parking")
                .add("BridgeTechnology", "holding_bridge").add("BridgeCreator", "Parking").add("BridgeName", "default")
                .add("BridgeNumChannels", 0).add("BridgeVideoSourceMode", "none").channel("", caller));
        enter(bridge, caller, 1);
        pbx.emit(parkedCallFrame(Frame.event("UnParkedCall", "call,all"), p, pbx.nowMicros()).channel("Retriever", r));
        enter(bridge, r, 2);
        Runnable retrieverHangsUp = () -> {
            leave(bridge, r);
            pbx.emit(Frame.event("SoftHangupRequest", "call,all").channel("", r).add("Cause", 16));
            leave(bridge, caller);
            destroyBridge(bridge);
            pbx.emit(Frame.event("SoftHangupRequest", "call,all").channel("", caller).add("Cause", 16));
            callerCdr(caller, r, p.queue());
            hangup(caller, 16, "Normal Clearing", false);
            parkedCallerGone(p);
            cdr(r, caller, "ParkedCall", "default," + space, "ANSWERED", r.createdMicros, r.createdMicros);
            hangup(r, 16, "Normal Clearing", true);
        };
        // they talk for what was left of the call when it was parked (five seconds at least)
        double talkSeconds = Math.max(5, p.talkLeft());
        long since = pbx.nowMicros();
        Map<String, String> action = pbx.awaitAction(talkSeconds, caller, r);
        if (action == null) {
            pbx.emit(Frame.event("HangupRequest", "call,all").channel("", r));
            retrieverHangsUp.run();
        } else if ("hangup".equalsIgnoreCase(action.get("action"))) {
            retrieverHangsUp.run();
        } else {
            // a transfer or another hold of the call taken back: it goes on as any talking call
            r.inbox.offer(action);
            talk(caller, p.queue(), r, bridge, p.joinedMicros(), Math.max(1, talkSeconds - talked(since)), () -> {
                pbx.emit(Frame.event("HangupRequest", "call,all").channel("", r));
                retrieverHangsUp.run();
            });
        }
    }

    /**
     * An Originate from a supervisor's phone into ChanSpy on {@code spiedDevice} (R06; listen, whisper and barge
     * look the same on AMI): the phone rings and answers, OriginateResponse names the application, and
     * ChanSpyStart. The spy ends when the spied channel hangs up: ChanSpyStop, then the spyer's Hangup with
     * Cause 0. A device on no call: ChanSpy finds nobody and the supervisor hangs up after five seconds.
     */
    public void spy(String spyerAgent, String spiedDevice, String data, String actionId, String callerIdName) {
        Channel s = originatedPhone(spyerAgent, callerIdName, "from-internal", "s");
        originateResponse(actionId, s, null, null, "ChanSpy", data);
        Channel spyee = pbx.channels().stream()
                .filter(c -> c.device().equals(spiedDevice) && c.state == Channel.State.UP && c.bridge != null)
                .findFirst().orElse(null);
        if (spyee == null) {
            pbx.sleepScaled(5);
            pbx.emit(Frame.event("HangupRequest", "call,all").channel("", s));
            hangup(s, 16, "Normal Clearing", true);
            return;
        }
        pbx.emit(Frame.event("ChanSpyStart", "call,all").channel("Spyer", s).channel("Spyee", spyee));
        spyee.spyers.add(s);
    }

    /** An agent's phone rung by an Originate, which answers after a second (P04, R06, R10). */
    private Channel originatedPhone(String agent, String callerIdName, String context, String exten) {
        String uid = pbx.newUniqueid();
        Channel c = new Channel(pbx.newChannelName("PJSIP/" + agent), uid, uid, Channel.State.DOWN, "from-internal", "s", pbx.nowMicros());
        c.callerNum = agent;
        c.callerName = callerIdName;
        pbx.register(c);
        pbx.emit(Frame.event("Newchannel", "call,all").channel("", c));
        pbx.emit(Frame.event("DialBegin", "call,all").channel("Dest", c).add("DialString", agent));
        newstate(c, Channel.State.RINGING);
        pbx.emit(Frame.event("DialState", "call,all").channel("Dest", c).add("DialStatus", "RINGING"));
        deviceState("PJSIP/" + agent, "RINGING");
        pbx.sleepScaled(1);
        newstate(c, Channel.State.UP);
        pbx.emit(Frame.event("DialEnd", "call,all").channel("Dest", c).add("DialStatus", "ANSWER"));
        deviceState("PJSIP/" + agent, "INUSE");
        c.connectedNum = agent;
        c.connectedName = callerIdName;
        c.context = context;
        c.exten = exten;
        return c;
    }

    private void originateResponse(String actionId, Channel c, String context, String exten, String app, String data) {
        Frame f = Frame.event("OriginateResponse", "call,all").add("ActionID", actionId).add("Response", "Success")
                .add("Channel", c.name);
        if (context != null) {
            f.add("Context", context).add("Exten", exten);
        }
        if (!app.isEmpty()) {
            f.add("Application", app).add("Data", data);
        }
        pbx.emit(f.add("Reason", 4).add("Uniqueid", c.uniqueid).add("CallerIDNum", c.callerNum).add("CallerIDName", c.callerName));
    }

    private static int parseSpace(String space) {
        try {
            return Integer.parseInt(space.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long parseMillis(String millis, long otherwise) {
        try {
            return millis == null ? otherwise : Long.parseLong(millis.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static void bridgeHeaders(Frame f, String prefix, String id, int channels) {
        f.add(prefix + "Uniqueid", id).add(prefix + "Type", "basic").add(prefix + "Technology", "simple_bridge")
                .add(prefix + "Creator", "<unknown>").add(prefix + "Name", "<unknown>").add(prefix + "NumChannels", channels)
                .add(prefix + "VideoSourceMode", "none");
    }

    // =============================================================================================
    // building blocks

    /** The carrier's channel arriving on a DID: answered, recorded with MixMonitor. */
    private Channel inboundCaller(String callerNum, String callerName, String did, boolean record) {
        String uid = pbx.newUniqueid();
        Channel c = new Channel(pbx.newChannelName(TRUNK), uid, uid, Channel.State.RING, "from-trunk", did, pbx.nowMicros());
        c.callerNum = callerNum;
        c.callerName = callerName;
        pbx.register(c);
        pbx.emit(Frame.event("Newchannel", "call,all").channel("", c));
        varset(c, "SIPDOMAIN", "203.0.113.10");
        newexten(c, "NoOp", "Inbound sales call from " + callerNum);
        newexten(c, "Answer", "");
        newstate(c, Channel.State.UP);
        deviceState(TRUNK, "INUSE");
        newexten(c, "Set", "__DID=" + did);
        varset(c, "__DID", did);
        if (record) {
            newexten(c, "Gosub", "record,s,1");
            newexten(c, "MixMonitor", c.uniqueid + ".wav,b");
            String file = pbx.settings().asteriskSpoolDir() + "/" + c.uniqueid + ".wav";
            varset(c, "MIXMONITOR_FILENAME", file);
            pbx.emit(Frame.event("MixMonitorStart", "call,all").channel("", c));
            newexten(c, "Return", "");
            c.recordingStartedMicros = pbx.nowMicros();
            writeRecording(c.uniqueid, 0);
        }
        return c;
    }

    private long queueJoin(Channel caller, String queue) {
        newexten(caller, "Queue", queue + ",tT,,,120");
        caller.application = "Queue";
        caller.applicationData = queue + ",tT,,,120";
        for (String v : List.of("ANSWEREDTIME", "ANSWEREDTIME_MS", "DIALEDTIME", "DIALEDTIME_MS", "QUEUEWAIT", "QUEUEWAIT_MS")) {
            varset(caller, v, "");
        }
        deviceState("Queue:" + queue, "RINGING");
        pbx.emit(Frame.event("QueueCallerJoin", "agent,all").channel("", caller).add("Queue", queue)
                .add("Position", 1).add("Count", 1));
        pbx.emit(Frame.event("MusicOnHoldStart", "call,all").channel("", caller).add("Class", "default"));
        return pbx.nowMicros();
    }

    private Channel agentCalled(Channel caller, String queue, String agent) {
        Channel phone = phoneChannel(agent, caller.linkedid, "s");
        phone.state = Channel.State.DOWN;
        pbx.register(phone);
        pbx.emit(Frame.event("Newchannel", "call,all").channel("", phone));
        varset(phone, "DIALEDPEERNUMBER", agent);
        phone.connectedNum = caller.callerNum;
        phone.connectedName = caller.callerName;
        pbx.emit(Frame.event("AgentCalled", "agent,all").channel("", caller).channel("Dest", phone)
                .add("Queue", queue).add("Interface", "PJSIP/" + agent).add("MemberName", "Agent " + agent));
        pbx.emit(Frame.event("DialBegin", "call,all").channel("", caller).channel("Dest", phone)
                .add("DialString", "PJSIP/" + agent));
        ringing(caller, phone);
        queueMemberStatus(queue, "PJSIP/" + agent, 6);
        return phone;
    }

    private String queueConnect(Channel caller, String queue, Channel phone, long joinedMicros, double ringSeconds) {
        newstate(phone, Channel.State.UP);
        dialEnd(caller, phone, "ANSWER");
        pbx.emit(Frame.event("MusicOnHoldStop", "call,all").channel("", caller));
        deviceState("Queue:" + queue, "NOT_INUSE");
        pbx.emit(Frame.event("QueueCallerLeave", "agent,all").channel("", caller).add("Queue", queue)
                .add("Position", 1).add("Count", 0));
        long held = (pbx.nowMicros() - joinedMicros) / 1_000_000;
        varset(caller, "QUEUEPOSITION", "1");
        varset(caller, "QUEUEWAIT", String.valueOf(held));
        pbx.emit(Frame.event("AgentConnect", "agent,all").channel("", caller).channel("Dest", phone)
                .add("Queue", queue).add("Interface", phone.device()).add("MemberName", "Agent " + phone.callerNum)
                .add("HoldTime", held).add("RingTime", Math.round(ringSeconds)));
        String bridge = bridge(phone, caller);
        queueMemberStatus(queue, phone.device(), 2);
        return bridge;
    }

    private void agentHangsUp(Channel caller, String queue, Channel phone, String bridge, long joinedMicros, double talkSeconds) {
        agentHangsUp(caller, queue, phone, bridge, joinedMicros, talkSeconds, false);
    }

    /** The agent's side ends the call: the phone's BYE, or (byAction) an AMI Hangup, which sends no HangupRequest (R08). */
    private void agentHangsUp(Channel caller, String queue, Channel phone, String bridge, long joinedMicros, double talkSeconds,
                              boolean byAction) {
        if (!byAction) {
            // the agent's phone sends BYE: HangupRequest without a cause
            pbx.emit(Frame.event("HangupRequest", "call,all").channel("", phone));
        }
        long held = (phone.createdMicros - joinedMicros) / 1_000_000;
        agentComplete(queue, Frame.event("AgentComplete", "agent,all").channel("", caller).channel("Dest", phone)
                .add("Queue", queue).add("Interface", phone.device()).add("MemberName", "Agent " + phone.callerNum)
                .add("HoldTime", Math.max(0, held)).add("TalkTime", Math.round(talkSeconds)).add("Reason", "agent"));
        varset(phone, "BRIDGEPEER", "");
        varset(caller, "BRIDGEPEER", "");
        leave(bridge, phone);
        hangup(phone, 16, "Normal Clearing", true);
        callerCdr(caller, phone, queue);
        leave(bridge, caller);
        pbx.emit(Frame.event("SoftHangupRequest", "call,all").channel("", caller).add("Cause", 16));
        hangup(caller, 16, "Normal Clearing", false);
        destroyBridge(bridge);
        queueMemberStatus(queue, phone.device(), 1);
    }

    /** A caller-side channel dials an agent's phone directly. */
    private Channel dial(Channel from, String agent, String dialString) {
        Channel phone = phoneChannel(agent, from.linkedid, "s");
        phone.state = Channel.State.DOWN;
        pbx.register(phone);
        pbx.emit(Frame.event("Newchannel", "call,all").channel("", phone));
        pbx.emit(Frame.event("DialBegin", "call,all").channel("", from).channel("Dest", phone).add("DialString", dialString));
        ringing(from, phone);
        return phone;
    }

    private Channel trunkLeg(Channel from, String number) {
        Channel out = new Channel(pbx.newChannelName(TRUNK), pbx.newUniqueid(), from.linkedid, Channel.State.DOWN,
                "from-trunk", "s", pbx.nowMicros());
        pbx.register(out);
        pbx.emit(Frame.event("Newchannel", "call,all").channel("", out));
        pbx.emit(Frame.event("DialBegin", "call,all").channel("", from).channel("Dest", out)
                .add("DialString", number + "@carrier"));
        out.connectedNum = from.callerNum;
        out.callerNum = number;
        pbx.emit(Frame.event("NewCallerid", "call,all").channel("", out).add("CID-CallingPres", "0 (Presentation Allowed, Not Screened)"));
        newstate(out, Channel.State.RINGING);
        pbx.emit(Frame.event("DialState", "call,all").channel("", from).channel("Dest", out).add("DialStatus", "RINGING"));
        return out;
    }

    private void ringing(Channel from, Channel phone) {
        pbx.emit(Frame.event("NewConnectedLine", "call,all").channel("", from));
        newstate(phone, Channel.State.RINGING);
        phone.exten = from.exten;
        newexten(phone, "AppDial", "(Outgoing Line)");
        pbx.emit(Frame.event("DialState", "call,all").channel("", from).channel("Dest", phone).add("DialStatus", "RINGING"));
        deviceState(phone.device(), "RINGING");
    }

    private void answerDial(Channel from, Channel phone) {
        newstate(phone, Channel.State.UP);
        if (from.state != Channel.State.UP) {
            newstate(from, Channel.State.UP);
        }
        dialEnd(from, phone, "ANSWER");
        deviceState(phone.device(), "INUSE");
    }

    /** The outside party answers the agent's call, they talk, and the outside party hangs up (as in the capture). */
    private void outsideAnswersTalksAndHangsUp(Channel agentPhone, Channel out, double talkSeconds) {
        answerOutbound(agentPhone, out);
        String bridge = bridge(out, agentPhone);
        // the far end is the "caller" of the loop: AMI actions on the agent's phone act on it as on an inbound call
        talk(out, null, agentPhone, bridge, agentPhone.createdMicros, talkSeconds, () -> {
            pbx.emit(Frame.event("HangupRequest", "call,all").channel("", out).add("Cause", 16));
            leave(bridge, out);
            hangup(out, 16, "Normal Clearing", false);
            leave(bridge, agentPhone);
            destroyBridge(bridge);
            pbx.emit(Frame.event("SoftHangupRequest", "call,all").channel("", agentPhone).add("Cause", 16));
            hangup(agentPhone, 16, "Normal Clearing", true);
        });
    }

    private void answerOutbound(Channel agentPhone, Channel out) {
        newstate(out, Channel.State.UP);
        if (agentPhone.state != Channel.State.UP) {
            newstate(agentPhone, Channel.State.UP);
        }
        dialEnd(agentPhone, out, "ANSWER");
    }

    private void dialEnd(Channel from, Channel to, String status) {
        pbx.emit(Frame.event("DialEnd", "call,all").channel("", from).channel("Dest", to).add("DialStatus", status));
    }

    private String bridge(Channel first, Channel second) {
        String id = java.util.UUID.randomUUID().toString();
        pbx.emit(bridgeFrame("BridgeCreate", id, 0));
        enter(id, first, 1);
        enter(id, second, 2);
        varset(first, "BRIDGEPEER", second.name);
        varset(second, "BRIDGEPEER", first.name);
        return id;
    }

    private void enter(String bridge, Channel c, int count) {
        c.bridge = bridge;
        pbx.emit(bridgeFrame("BridgeEnter", bridge, count).channel("", c));
    }

    private void leave(String bridge, Channel c) {
        c.bridge = null;
        pbx.emit(bridgeFrame("BridgeLeave", bridge, 1).channel("", c));
    }

    private void destroyBridge(String bridge) {
        pbx.emit(bridgeFrame("BridgeDestroy", bridge, 0));
    }

    private static Frame bridgeFrame(String event, String id, int channels) {
        return Frame.event(event, "call,all").add("BridgeUniqueid", id).add("BridgeType", "basic")
                .add("BridgeTechnology", "simple_bridge").add("BridgeCreator", "<unknown>").add("BridgeName", "<unknown>")
                .add("BridgeNumChannels", channels).add("BridgeVideoSourceMode", "none");
    }

    /** An agent's phone that rang, was answered, and is bridged with the calling channel. */
    private record Leg(Channel phone, String bridge) {
    }

    /** {@code from} dials {@code agent}'s phone, which rings for a second and answers. */
    private Leg ringsAndAnswers(Channel from, String agent) {
        Channel phone = dial(from, agent, "PJSIP/" + agent);
        pbx.sleepScaled(1);
        answerDial(from, phone);
        return new Leg(phone, bridge(phone, from));
    }

    /** An agent's phone starts a call of its own to {@code exten}: a new channel, the root of its call. */
    private Channel agentDials(String agent, String exten) {
        Channel c = phoneChannel(agent, null, exten);
        c.state = Channel.State.RING;
        pbx.register(c);
        pbx.emit(Frame.event("Newchannel", "call,all").channel("", c));
        return c;
    }

    private Channel phoneChannel(String agent, String linkedid, String exten) {
        String uid = pbx.newUniqueid();
        Channel c = new Channel(pbx.newChannelName("PJSIP/" + agent), uid, linkedid == null ? uid : linkedid,
                Channel.State.DOWN, "from-internal", exten, pbx.nowMicros());
        c.callerNum = agent;
        c.callerName = "Agent " + agent;
        return c;
    }

    private void hangup(Channel c, int cause, String causeTxt, boolean agentPhone) {
        for (Channel spyer : c.spyers) {
            pbx.emit(Frame.event("ChanSpyStop", "call,all").channel("Spyer", spyer).channel("Spyee", c));
        }
        pbx.unregister(c);
        if (c.recordingStartedMicros > 0) {
            // MixMonitor closes the file as the channel goes: as long as the call was, up to RECORDING_CAP
            writeRecording(c.uniqueid, Math.min(RECORDING_CAP, talked(c.recordingStartedMicros)));
        }
        pbx.emit(Frame.event("Hangup", "call,all").channel("", c).add("Cause", cause).add("Cause-txt", causeTxt));
        deviceState(c.device().startsWith(TRUNK) ? TRUNK : c.device(), "NOT_INUSE");
        // ChanSpy ends with its spyee, and its channel hangs up with Cause 0 (R06)
        for (Channel spyer : c.spyers) {
            pbx.unregister(spyer);
            pbx.emit(Frame.event("Hangup", "call,all").channel("", spyer).add("Cause", 0).add("Cause-txt", "Unknown"));
            deviceState(spyer.device(), "NOT_INUSE");
        }
        c.spyers.clear();
    }

    private void newstate(Channel c, Channel.State state) {
        c.state = state;
        pbx.emit(Frame.event("Newstate", "call,all").channel("", c));
    }

    private void newexten(Channel c, String app, String data) {
        c.application = app;
        c.applicationData = data;
        pbx.emit(Frame.event("Newexten", "dialplan,all").channel("", c).add("Extension", c.exten)
                .add("Application", app).add("AppData", data));
        c.priority++;
    }

    /**
     * The carrier answers the outside leg with an error (R02: 486, BUSY; R03: 503, CONGESTION): its channel
     * is asked to hang up with the cause, the dial ends, and both channels hang up with the carrier's cause.
     */
    private void carrierRefuses(Channel a, Channel out, String dialStatus) {
        boolean busy = "BUSY".equals(dialStatus);
        int cause = busy ? 17 : 34;
        String text = busy ? "User busy" : "Circuit/channel congestion";
        int sip = busy ? 486 : 503;
        pbx.emit(Frame.event("HangupRequest", "call,all").channel("", out).add("Cause", cause).add("TechCause", sip));
        dialEnd(a, out, dialStatus);
        varset(a, "DIALSTATUS", dialStatus);
        pbx.emit(Frame.event("SoftHangupRequest", "call,all").channel("", a).add("Cause", 16));
        for (Channel c : List.of(out, a)) {
            pbx.unregister(c);
            pbx.emit(Frame.event("Hangup", "call,all").channel("", c).add("Cause", cause).add("Cause-txt", text)
                    .add("TechCause", sip));
            deviceState(c.device().startsWith(TRUNK) ? TRUNK : c.device(), "NOT_INUSE");
        }
    }

    /** Dial cannot create the outside channel: DIALSTATUS says CHANUNAVAIL, the dialplan hangs up. */
    private void dialFailsInside(Channel a, String number) {
        a.context = "outbound";
        a.exten = number;
        newexten(a, "Dial", "PJSIP/" + number + "@carrier,60,T");
        varset(a, "DIALSTATUS", "");
        varset(a, "DIALSTATUS", "CHANUNAVAIL");
        newexten(a, "Hangup", "");
        hangup(a, 16, "Normal Clearing", true);
    }

    private void varset(Channel c, String variable, String value) {
        pbx.emit(Frame.event("VarSet", "dialplan,all").channel("", c).add("Variable", variable).add("Value", value));
    }

    private void deviceState(String device, String state) {
        pbx.emit(Frame.event("DeviceStateChange", "call,all").add("Device", device).add("State", state));
    }

    private void queueMemberStatus(String queue, String member, int status) {
        if (queue == null) {
            return; // a call that came through no queue
        }
        pbx.emit(Frame.event("QueueMemberStatus", "agent,all").add("Queue", queue).add("MemberName", member)
                .add("Interface", member).add("StateInterface", member).add("Membership", "static").add("Penalty", 0)
                .add("CallsTaken", 0).add("LastCall", 0).add("LastPause", 0).add("LoginTime", 0).add("InCall", status == 2 ? 1 : 0)
                .add("Status", status).add("Paused", 0).add("PausedReason", "").add("Ringinuse", 0).add("Wrapuptime", 0));
    }

    /** A queue's AgentComplete, for a call that came through one. */
    private void agentComplete(String queue, Frame event) {
        if (queue != null) {
            pbx.emit(event);
        }
    }

    /**
     * The CDR of the call's first channel as its talk ends: its Queue(), or the Dial() of a direct inbound call;
     * none for the far end of an agent's outbound call.
     */
    private void callerCdr(Channel caller, Channel phone, String queue) {
        if (queue != null) {
            cdr(caller, phone, "Queue", queue + ",tT,,,120", "ANSWERED", caller.createdMicros, caller.createdMicros);
        } else if (caller.uniqueid.equals(caller.linkedid)) {
            cdr(caller, phone, "Dial", phone.device() + ",20", "ANSWERED", caller.createdMicros, caller.createdMicros);
        }
    }

    private void cdr(Channel c, Channel dest, String app, String data, String disposition, long startMicros, long answerMicros) {
        long end = pbx.nowMicros();
        pbx.emit(Frame.event("Cdr", "cdr,all").add("AccountCode", "").add("Source", c.callerNum)
                .add("Destination", c.exten).add("DestinationContext", c.context)
                .add("CallerID", "\"" + (c.callerName == null ? "" : c.callerName) + "\" <" + c.callerNum + ">")
                .add("Channel", c.name).add("DestinationChannel", dest == null ? "" : dest.name)
                .add("LastApplication", app).add("LastData", data)
                .add("StartTime", CDR_TIME.format(Instant.ofEpochSecond(startMicros / 1_000_000)))
                .add("AnswerTime", answerMicros == 0 ? "" : CDR_TIME.format(Instant.ofEpochSecond(answerMicros / 1_000_000)))
                .add("EndTime", CDR_TIME.format(Instant.ofEpochSecond(end / 1_000_000)))
                .add("Duration", (end - startMicros) / 1_000_000)
                .add("BillableSeconds", answerMicros == 0 ? 0 : (end - answerMicros) / 1_000_000)
                .add("Disposition", disposition).add("AMAFlags", "DOCUMENTATION").add("UniqueID", c.uniqueid)
                .add("UserField", ""));
    }

    /** The longest audio a simulated recording holds (seconds): long load runs would otherwise fill the disk. */
    static final double RECORDING_CAP = 30;

    /** MixMonitor's file: an 8 kHz mono WAV in the spool folder of {@code seconds} of conversation-like audio. */
    private void writeRecording(String uniqueid, double seconds) {
        Path dir = pbx.recordingDir();
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(uniqueid + ".wav"), Wav.speechLike(seconds, uniqueid.hashCode()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
