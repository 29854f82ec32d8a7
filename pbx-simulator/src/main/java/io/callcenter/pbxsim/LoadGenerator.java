package io.callcenter.pbxsim;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes random calls at a rate, never more than a set number at once: a mix of answered, abandoned and
 * missed queue calls, ring-all, direct, internal, outbound and transfers, from a pool of caller numbers
 * in the forms trunks send them.
 */
final class LoadGenerator {

    /**
     * The business's regular callers: each a different name with one number, so they call again and their pops
     * show their history. A few calls come from new numbers with the caller ids carriers send when they have no
     * name (the CRM names those contacts after the number).
     */
    private static final String[] REGULARS = {"Jordan Lee", "Maria Garcia", "Wei Chen", "Amara Nwosu", "Sam Patel",
            "Olga Ivanova", "Lucas Martin", "Hannah Brooks", "Kenji Watanabe", "Fatima Zahra", "Noah Fischer",
            "Chiara Bianchi", "Tomasz Nowak", "Aisha Bello", "Mateus Souza", "Ingrid Dahl", "Ravi Menon", "Lea Moreau",
            "Diego Ramos", "Grace Kim", "Oskar Lind", "Nia Thompson", "Pablo Ruiz", "Yuki Sato", "Ethan Walsh"};
    private static final String[] NO_NAMES = {"WIRELESS CALLER", "PSTN Caller", "", "UNAVAILABLE"};

    /** The regular caller's number: fixed per caller, in the 555 01xx block. */
    private static String regularNumber(int caller) {
        return String.format("555%07d", 100_000 + caller * 37);
    }

    private final PbxSimulator pbx;
    private final double perSecond;
    private final int concurrency;
    private volatile boolean running;
    private Thread thread;

    LoadGenerator(PbxSimulator pbx, double perSecond, int concurrency) {
        this.pbx = pbx;
        this.perSecond = perSecond;
        this.concurrency = concurrency;
    }

    void start() {
        running = true;
        thread = new Thread(this::run, "pbxsim-load");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        long intervalNanos = (long) (1_000_000_000L / perSecond);
        long next = System.nanoTime();
        while (running) {
            if (pbx.activeCalls() < concurrency) {
                pbx.play(this::randomCall);
            }
            next += intervalNanos;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** The agents a queue may ring: those not paused in it (a paused agent is never rung, as on Asterisk). */
    static List<String> available(List<String> agents, java.util.function.Predicate<String> paused) {
        return agents.stream().filter(a -> !paused.test(a)).toList();
    }

    private static List<String> ringGroup(List<String> agents, String agent, ThreadLocalRandom r) {
        if (agents.size() <= 5) {
            return agents;
        }
        List<String> group = new java.util.ArrayList<>(List.of(agent));
        while (group.size() < 5) {
            String member = agents.get(r.nextInt(agents.size()));
            if (!group.contains(member)) {
                group.add(member);
            }
        }
        return group;
    }

    private void randomCall() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        // a phone already ringing or on a call is not rung again (queues.conf: ringinuse = no; one line per agent)
        List<String> agents = pbx.settings().agents().stream().filter(a -> !pbx.inCall(a)).toList();
        int n = r.nextInt(100_000);
        String number;
        String name;
        if (r.nextInt(5) > 0) {
            int caller = r.nextInt(REGULARS.length);
            number = regularNumber(caller);
            name = REGULARS[caller];
        } else {
            number = switch (r.nextInt(3)) {
                case 0 -> String.format("555%07d", 200_000 + n);
                case 1 -> String.format("1555%07d", 200_000 + n);
                default -> String.format("+1555%07d", 200_000 + n);
            };
            name = NO_NAMES[r.nextInt(NO_NAMES.length)];
        }
        if (agents.isEmpty()) {
            // every phone busy: the caller waits in the queue, nobody rings, and gives up
            pbx.calls().queueAbandoned(number, name, "8005551000", "sales", List.of(), 2 + r.nextDouble() * 10);
            return;
        }
        String agent = agents.get(r.nextInt(agents.size()));
        String other = agents.size() > 1 ? agents.get((agents.indexOf(agent) + 1) % agents.size()) : agent;
        // queue calls ring only members not paused in the queue; when all are paused the caller waits and gives up
        List<String> inSales = available(agents, a -> pbx.isPaused(a, "sales"));
        List<String> inRingAll = available(agents, a -> pbx.isPaused(a, "sales-ringall"));
        String queueAgent = inSales.isEmpty() ? null : inSales.get(r.nextInt(inSales.size()));
        String ringAllAgent = inRingAll.isEmpty() ? null : inRingAll.get(r.nextInt(inRingAll.size()));
        // a ring-all queue rings its own few members (up to 5), the answering agent among them
        List<String> group = ringAllAgent == null ? List.of() : ringGroup(inRingAll, ringAllAgent, r);
        String did = r.nextBoolean() ? "8005551000" : "8005551001";
        double ring = 1 + r.nextDouble() * 4;
        double talk = 5 + r.nextDouble() * 40;
        CallScripts calls = pbx.calls();
        int pick = r.nextInt(100);
        if (pick < 45 && queueAgent != null) {
            calls.queueAnswered(number, name, "8005551000", "sales", queueAgent, ring, talk);
        } else if (pick < 55 && ringAllAgent != null) {
            calls.ringAllAnswered(number, name, "8005551001", "sales-ringall", group, ringAllAgent, ring, talk);
        } else if (pick < 70) {
            boolean ringAll = did.endsWith("1");
            List<String> rung = ringAll ? group : queueAgent == null ? List.of() : List.of(queueAgent);
            if (pick >= 65 && queueAgent != null) {
                calls.queueMissed(number, name, "8005551000", "sales", queueAgent, 15, 20);
            } else {
                calls.queueAbandoned(number, name, did, ringAll ? "sales-ringall" : "sales", rung, 2 + r.nextDouble() * 10);
            }
        } else if (pick < 78) {
            calls.directCall(number, name, "8005551002", agent, r.nextInt(4) > 0, ring, talk);
        } else if (pick < 83) {
            calls.internalCall(agent, other, true, ring, talk / 3);
        } else if (pick < 93) {
            calls.outboundCall(agent, String.format("555%07d", n), r.nextInt(5) == 0 ? "BUSY" : "ANSWER", ring, talk);
        } else if (pick < 97) {
            calls.blindTransfer(number, name, "8005551002", agent, other, talk / 2, talk / 2);
        } else {
            calls.attendedTransfer(number, name, "8005551002", agent, other, talk / 2, talk / 2);
        }
    }
}
