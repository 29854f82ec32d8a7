package io.callcenter.crm.telephony;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps between an agent's extension and the Asterisk channels of their phone. The configured
 * template ({@code PJSIP/{extension}} by default) names the device; queue members written as local
 * channels ({@code Local/1001@agents}, {@code Local/1001@from-queue/n}, and their {@code ;1}/{@code ;2}
 * halves) are the same agent.
 */
public final class AgentChannels {

    private static final Pattern LOCAL = Pattern.compile("(?i)Local/([0-9]+)@[^/;]+?(?:-[0-9a-f]{8})?(?:/n)?(?:;[12])?");

    private final String template;
    private final Pattern device;

    public AgentChannels(String template) {
        if (template == null || !template.contains("{extension}")) {
            throw new IllegalArgumentException("crm.ami.agent-channel: '" + template + "' must contain {extension}");
        }
        this.template = template;
        int at = template.indexOf("{extension}");
        String prefix = Pattern.quote(template.substring(0, at));
        String suffix = template.substring(at + "{extension}".length());
        // a live channel adds "-<sequence>" to the device name, e.g. PJSIP/1001-0000002a
        this.device = Pattern.compile("(?i)" + prefix + "([0-9]+)" + (suffix.isEmpty() ? "" : Pattern.quote(suffix))
                + "(?:-[0-9a-f]+)?(?:;[12])?");
    }

    /** The channel to originate to reach the agent, e.g. {@code PJSIP/1001}. */
    public String dialString(String extension) {
        return template.replace("{extension}", extension);
    }

    /**
     * The extension this phone (or local queue-member channel) belongs to. Whether a user has that
     * extension is for the caller to check: {@code Local/8005551000@from-trunk} names an extension too.
     */
    public Optional<String> extensionOf(String channel) {
        if (channel == null) {
            return Optional.empty();
        }
        Matcher m = device.matcher(channel.strip());
        if (m.matches()) {
            return Optional.of(m.group(1));
        }
        m = LOCAL.matcher(channel.strip());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
