package io.callcenter.pbxsim;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the simulator on its own, e.g. as a load generator against a CRM:
 * {@code java -jar pbx-simulator.jar --port=5038 --username=crm --secret=... --rate=5 --concurrency=100}.
 */
public final class PbxSimulatorMain {

    private PbxSimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                System.out.println("""
                        usage: --port=5038 --username=crm --secret=crm-secret --agents=1001,1002
                               --rate=1 (new calls per second) --concurrency=20 --speed=1 (10 = ten times faster)
                               --wait-for-clients=0 (start the calls once this many AMI clients are logged in)
                               --spool-dir=PATH (where MixMonitor's WAV files go)""");
                System.exit(2);
            }
            opts.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        PbxSimulator.Settings settings = PbxSimulator.Settings.defaults()
                .withPort(Integer.parseInt(opts.getOrDefault("port", "5038")))
                .withCredentials(opts.getOrDefault("username", "crm"), opts.getOrDefault("secret", "crm-secret"))
                .withAgents(List.of(opts.getOrDefault("agents", "1001,1002").split(",")))
                .withSpool(opts.containsKey("spool-dir") ? Path.of(opts.get("spool-dir")) : null, "/var/spool/asterisk/monitor")
                .withSpeed(Double.parseDouble(opts.getOrDefault("speed", "1")));
        PbxSimulator pbx = PbxSimulator.start(settings);
        double rate = Double.parseDouble(opts.getOrDefault("rate", "1"));
        int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "20"));
        int clients = Integer.parseInt(opts.getOrDefault("wait-for-clients", "0"));
        while (pbx.loggedInSessions() < clients) {
            Thread.sleep(50); // a benchmark's load begins when the CRM under test is connected
        }
        if (rate > 0) {
            pbx.startLoad(rate, concurrency);
        }
        System.out.printf("AMI on port %d, %s new call(s)/s, at most %d at once; agents %s%n", pbx.port(), rate,
                concurrency, Arrays.toString(settings.agents().toArray()));
        Runtime.getRuntime().addShutdownHook(new Thread(pbx::close));
        Thread.currentThread().join();
    }
}
