package io.callcenter.crm.telephony.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code asterisk-config/} checked against what Asterisk 20 accepts, and its secrets filled in only when
 * they are real ({@code render-secrets.sh}, run as the PBX's container runs it).
 */
class AsteriskConfigTest {

    private static final Path CONFIG = Path.of("..", "asterisk-config");

    /** The options of a queue in Asterisk 20's queues.conf (eventwhencalled and eventmemberstatus went in 12). */
    private static final Set<String> QUEUE_OPTIONS = Set.of("musicclass", "announce", "strategy", "context", "timeout",
            "retry", "timeoutpriority", "weight", "wrapuptime", "penaltymemberslimit", "autofill", "autopause",
            "autopausedelay", "autopausebusy", "autopauseunavail", "maxlen", "servicelevel", "announce-frequency",
            "min-announce-frequency", "announce-holdtime", "announce-position", "announce-position-limit",
            "announce-round-seconds", "announce-to-first-user", "periodic-announce", "periodic-announce-frequency",
            "random-periodic-announce", "relative-periodic-announce", "joinempty", "leavewhenempty", "reportholdtime",
            "ringinuse", "memberdelay", "timeoutrestart", "defaultrule", "member", "setinterfacevar",
            "setqueueentryvar", "setqueuevar", "membergosub");
    private static final Set<String> QUEUE_GENERAL_OPTIONS = Set.of("persistentmembers", "autofill", "updatecdr",
            "shared_lastcall", "negative_penalty_invalid", "log_membername_as_agent", "force_longest_waiting_caller",
            "log_caller_id_name");

    /** Sections of an Asterisk configuration file: name to its {@code key = value} lines (templates' types merged). */
    private static Map<String, List<String[]>> sections(String file) throws IOException {
        Map<String, List<String[]>> sections = new LinkedHashMap<>();
        List<String[]> current = null;
        for (String raw : Files.readAllLines(CONFIG.resolve(file), StandardCharsets.UTF_8)) {
            String line = raw.replaceAll(";.*$", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                String name = line.substring(1, line.indexOf(']'));
                current = sections.computeIfAbsent(name, k -> new ArrayList<>());
                continue;
            }
            String[] kv = line.split("=>?", 2);
            if (current != null && kv.length == 2) {
                current.add(new String[]{kv[0].trim(), kv[1].trim()});
            }
        }
        return sections;
    }

    @Test
    void everyDialToAPjsipEndpointIsInTheFormAsteriskAccepts() throws IOException {
        Map<String, List<String[]>> dialplan = sections("extensions.conf");
        Map<String, String> globals = new HashMap<>();
        dialplan.getOrDefault("globals", List.of()).forEach(kv -> globals.put(kv[0], kv[1]));
        Set<String> endpoints = new java.util.HashSet<>();
        sections("pjsip.conf").forEach((name, lines) -> {
            if (lines.stream().anyMatch(kv -> kv[0].equals("type") && kv[1].equals("endpoint"))) {
                endpoints.add(name);
            }
        });
        Pattern dial = Pattern.compile("Dial\\(([^,)]*)");
        List<String> targets = new ArrayList<>();
        for (List<String[]> lines : dialplan.values()) {
            for (String[] kv : lines) {
                Matcher m = dial.matcher(kv[1]);
                while (m.find()) {
                    for (String target : m.group(1).split("&")) {
                        targets.add(resolve(target, globals));
                    }
                }
            }
        }

        assertThat(targets).isNotEmpty().allSatisfy(target -> {
            assertThat(target).as("a PJSIP dial string").matches("PJSIP/[^/@]+(@[^/@]+)?");
            if (target.contains("@")) {
                assertThat(endpoints).as("the endpoint of " + target).contains(target.substring(target.indexOf('@') + 1));
            }
        });
        assertThat(targets).as("outside numbers go out through the carrier").contains("PJSIP/${EXTEN}@carrier");
    }

    private static String resolve(String target, Map<String, String> globals) {
        String resolved = target.trim();
        for (Map.Entry<String, String> g : globals.entrySet()) {
            resolved = resolved.replace("${" + g.getKey() + "}", g.getValue());
        }
        return resolved;
    }

    @Test
    void callsFromTheCarrierWithoutADidStillReachTheQueue() throws IOException {
        List<String[]> fromTrunk = sections("extensions.conf").get("from-trunk");

        assertThat(fromTrunk).anySatisfy(kv -> assertThat(kv[1]).startsWith("s,1,"));
        assertThat(fromTrunk).anySatisfy(kv -> assertThat(kv[1]).startsWith("_X.,1,"));
    }

    @Test
    void queuesUseOnlyOptionsAsterisk20Knows() throws IOException {
        sections("queues.conf").forEach((queue, lines) -> {
            Set<String> known = queue.equals("general") ? QUEUE_GENERAL_OPTIONS : QUEUE_OPTIONS;
            assertThat(lines).as(queue).allSatisfy(kv -> assertThat(known).as(queue + ": " + kv[0]).contains(kv[0]));
        });
        assertThat(sections("musiconhold.conf")).as("the class the queues play").containsKey("default");
    }

    @Test
    void attendedTransferHasTheFeatureCodeAtxferPlaysAndOnlyFeaturesAsterisk20Knows() throws IOException {
        Map<String, List<String[]>> features = sections("features.conf");

        // manager.c: Atxfer refuses with "No attended transfer feature code found" when atxfer maps to nothing,
        // which is Asterisk's default (features_config.c)
        assertThat(features.get("featuremap")).anySatisfy(kv -> assertThat(kv[0]).isEqualTo("atxfer"))
                .allSatisfy(kv -> assertThat(Set.of("blindxfer", "disconnect", "automon", "atxfer", "parkcall", "automixmon"))
                        .as("featuremap: " + kv[0]).contains(kv[0]))
                .allSatisfy(kv -> assertThat(kv[1]).as(kv[0]).matches("[0-9*#]{1,11}"));
        // AMI CancelAtxfer plays atxferabort (manager.c); the general options are features_config.c's
        assertThat(features.get("general")).allSatisfy(kv -> assertThat(FEATURE_GENERAL_OPTIONS).as("general: " + kv[0]).contains(kv[0]))
                .anySatisfy(kv -> assertThat(kv).containsExactly("atxferabort", "*1"));
        String atxfer = features.get("featuremap").stream().filter(kv -> kv[0].equals("atxfer")).findFirst().orElseThrow()[1];
        assertThat(atxfer).as("the abort code must not start the transfer").isNotEqualTo("*1");
    }

    /** The [general] options of features.conf in Asterisk 20 (features_config.c). */
    private static final Set<String> FEATURE_GENERAL_OPTIONS = Set.of("featuredigittimeout", "recordingfailsound", "courtesytone",
            "transferdigittimeout", "atxfernoanswertimeout", "atxferdropcall", "atxferloopdelay", "atxfercallbackretries", "xfersound",
            "xferfailsound", "atxferabort", "atxfercomplete", "atxferthreeway", "atxferswap", "transferdialattempts",
            "transferretrysound", "transferinvalidsound", "transferannouncesound", "pickupexten", "pickupsound", "pickupfailsound");

    @Test
    void everyQueueTheCrmTransfersToHasItsExtensionInTheOriginateContext() throws IOException {
        java.util.Properties app = new java.util.Properties();
        try (var in = Files.newInputStream(Path.of("..", "app", "src", "main", "resources", "application.properties"))) {
            app.load(in);
        }
        Map<String, String> transferQueues = new HashMap<>();
        app.stringPropertyNames().stream().filter(k -> k.startsWith("crm.ami.transfer-queues."))
                .forEach(k -> transferQueues.put(k.substring("crm.ami.transfer-queues.".length()), app.getProperty(k)));
        List<String[]> fromInternal = sections("extensions.conf").get("from-internal");
        Set<String> queues = sections("queues.conf").keySet();

        assertThat(transferQueues).isNotEmpty();
        transferQueues.forEach((queue, exten) -> {
            assertThat(queues).as("queues.conf").contains(queue);
            assertThat(exten).as("digits a phone can dial too").matches("[0-9]+");
            int at = -1;
            for (int i = 0; i < fromInternal.size(); i++) {
                if (fromInternal.get(i)[1].startsWith(exten + ",1,")) {
                    at = i;
                }
            }
            assertThat(at).as("from-internal has " + exten).isNotNegative();
            assertThat(fromInternal.subList(at, fromInternal.size())).as("the extension queues the caller in " + queue)
                    .anySatisfy(kv -> assertThat(kv[1]).contains("Queue(" + queue + ","));
        });
    }

    @Test
    void amiIsReachableOnlyByTheCrmAndStampsEveryEvent() throws IOException {
        Map<String, List<String[]>> manager = sections("manager.conf");
        Map<String, String> general = new HashMap<>();
        manager.get("general").forEach(kv -> general.put(kv[0], kv[1]));
        List<String[]> crm = manager.get("crm");

        assertThat(general).containsEntry("timestampevents", "yes").containsEntry("bindaddr", "@AMI_BIND_ADDRESS@");
        assertThat(crm).filteredOn(kv -> kv[0].equals("permit")).extracting(kv -> kv[1])
                .containsExactlyInAnyOrder("127.0.0.1/255.255.255.255", "172.16.0.0/255.240.0.0");
        assertThat(crm).anySatisfy(kv -> assertThat(kv).containsExactly("deny", "0.0.0.0/0.0.0.0"));
        assertThat(crm).anySatisfy(kv -> assertThat(kv).containsExactly("secret", "@CRM_AMI_PASSWORD@"));
    }

    @Test
    void ariServesRecordingsOnlyToTheCrmAndOnlyWhereAmiListens() throws IOException {
        Map<String, List<String[]>> http = sections("http.conf");
        Map<String, List<String[]>> ari = sections("ari.conf");
        Map<String, String> server = new HashMap<>();
        http.get("general").forEach(kv -> server.put(kv[0], kv[1]));
        Map<String, String> general = new HashMap<>();
        ari.get("general").forEach(kv -> general.put(kv[0], kv[1]));
        Map<String, String> crm = new HashMap<>();
        ari.get("crm").forEach(kv -> crm.put(kv[0], kv[1]));

        assertThat(server).containsEntry("enabled", "yes").containsEntry("bindaddr", "@AMI_BIND_ADDRESS@").containsEntry("bindport", "8088");
        assertThat(general).containsEntry("enabled", "yes").containsEntry("allowed_origins", "");
        assertThat(crm).containsEntry("type", "user").containsEntry("password", "@CRM_ARI_PASSWORD@")
                .containsEntry("password_format", "plain").as("deletes what it fetched").containsEntry("read_only", "no");
        assertThat(ari.keySet()).as("one ARI user").containsExactlyInAnyOrder("general", "crm");
    }

    @Test
    void mixMonitorWritesIntoTheRecordingFolderTheCrmIsToldOf() throws IOException {
        Map<String, List<String[]>> dialplan = sections("extensions.conf");
        assertThat(dialplan.get("globals")).anySatisfy(kv -> assertThat(kv).containsExactly("RECORDING_DIR", "@RECORDING_DIR@"));
        assertThat(dialplan.get("record")).anySatisfy(kv -> assertThat(kv[1]).startsWith("s,1,MixMonitor(${RECORDING_DIR}/${UNIQUEID}.wav,"));
    }

    @Test
    void noSecretIsWrittenInTheConfiguration() throws IOException {
        try (var files = Files.list(CONFIG)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".conf")).toList()) {
                String text = Files.readString(file).replaceAll("(?m);.*$", "");
                assertThat(text).as(file.toString()).doesNotContainIgnoringCase("change-me").doesNotContain("YOUR_")
                        .doesNotContain(".example");
                for (String line : text.lines().toList()) {
                    if (line.matches("\\s*(secret|password)\\s*=.*")) {
                        assertThat(line).as(file + ": filled in at start").matches("\\s*(secret|password)\\s*=\\s*@[A-Z0-9_]+@\\s*");
                    }
                }
            }
        }
    }

    private static final Map<String, String> GOOD = Map.of("CRM_AMI_PASSWORD", "ami&pass|word\\1", "AMI_BIND_ADDRESS", "172.17.0.1",
            "CARRIER_HOST", "sip.provider.net", "CARRIER_IP", "198.51.100.7", "CARRIER_USERNAME", "acct42",
            "CARRIER_PASSWORD", "carrier-secret", "PHONE_1001_PASSWORD", "alice-phone-secret", "PHONE_1002_PASSWORD",
            "bob-phone-secret-2", "CRM_ARI_PASSWORD", "ari-pass-word-42");

    private record Run(int exit, String output) {
    }

    private static Run render(Map<String, String> env, Path out) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", CONFIG.resolve("render-secrets.sh").toString(), CONFIG.toString(),
                out.toString()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> GOOD.containsKey(k) || k.equals("RECORDING_DIR"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), output);
    }

    @Test
    void theSecretsAreFilledInLiterallyWhenAllAreReal(@TempDir Path out) throws Exception {
        Run run = render(GOOD, out);

        assertThat(run.exit()).as(run.output()).isZero();
        String manager = Files.readString(out.resolve("manager.conf"));
        String pjsip = Files.readString(out.resolve("pjsip.conf"));
        assertThat(manager).contains("secret = ami&pass|word\\1").contains("bindaddr = 172.17.0.1").doesNotContain("@CRM_");
        assertThat(pjsip).contains("client_uri = sip:acct42@sip.provider.net", "match = 198.51.100.7",
                "password = alice-phone-secret").doesNotContainPattern("@[A-Z0-9_]+@");
        assertThat(Files.readString(out.resolve("extensions.conf"))).as("the shared folder unless told otherwise")
                .contains("RECORDING_DIR = /var/spool/asterisk/monitor");
        assertThat(Files.readString(out.resolve("ari.conf"))).contains("password = ari-pass-word-42");
        assertThat(Files.readString(out.resolve("http.conf"))).contains("bindaddr = 172.17.0.1");
        assertThat(out.resolve("musiconhold.conf")).exists();

        Map<String, String> overAri = new HashMap<>(GOOD);
        overAri.put("RECORDING_DIR", "/var/spool/asterisk/recording");
        Path ariOut = out.resolve("ari");
        assertThat(render(overAri, ariOut).exit()).isZero();
        assertThat(Files.readString(ariOut.resolve("extensions.conf"))).contains("RECORDING_DIR = /var/spool/asterisk/recording");
    }

    @Test
    void asteriskDoesNotStartWhileASecretIsMissingAPlaceholderTooShortOrUnreadable(@TempDir Path out) throws Exception {
        Map<String, String> env = new HashMap<>(GOOD);
        env.remove("CARRIER_PASSWORD");
        env.put("CRM_AMI_PASSWORD", "change-me-to-CRM_AMI_PASSWORD");
        env.put("PHONE_1001_PASSWORD", "1234");
        env.put("PHONE_1002_PASSWORD", "long-enough;but-a-comment");
        env.put("CARRIER_HOST", "sip.carrier.example");
        env.put("RECORDING_DIR", "recordings");

        Run run = render(env, out.resolve("etc"));

        assertThat(run.exit()).isNotZero();
        assertThat(run.output()).contains("Asterisk is not started", "CARRIER_PASSWORD is not set",
                "CRM_AMI_PASSWORD is still a placeholder", "PHONE_1001_PASSWORD is shorter than 12 characters",
                "PHONE_1002_PASSWORD contains ';'", "CARRIER_HOST is still a placeholder",
                "RECORDING_DIR must be an absolute path");
        assertThat(out.resolve("etc")).doesNotExist();
    }
}
