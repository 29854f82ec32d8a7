package io.callcenter.crm.telephony;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentChannelsTest {

    private final AgentChannels pjsip = new AgentChannels("PJSIP/{extension}");

    @ParameterizedTest
    @ValueSource(strings = {"PJSIP/1001", "PJSIP/1001-0000002a", "Local/1001@agents", "Local/1001@agents/n",
            "Local/1001@from-queue/n", "Local/1001@agents-00000012;1", "Local/1001@agents-00000012;2",
            "Local/1001@from-queue-0000a1b2;2"})
    void recognisesTheAgentInEveryChannelForm(String channel) {
        assertThat(pjsip.extensionOf(channel)).contains("1001");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PJSIP/carrier-00000003", "SIP/1001-0001", "", "DAHDI/1-1", "Local/@agents"})
    void otherChannelsAreNotAgents(String channel) {
        assertThat(pjsip.extensionOf(channel)).isEmpty();
    }

    @Test
    void dialsTheConfiguredTemplate() {
        assertThat(pjsip.dialString("1002")).isEqualTo("PJSIP/1002");
        assertThat(new AgentChannels("SIP/{extension}").extensionOf("SIP/1002-00000001")).contains("1002");
    }

    @Test
    void templateWithoutPlaceholderNamesTheProperty() {
        assertThatThrownBy(() -> new AgentChannels("PJSIP/1001")).hasMessageContaining("crm.ami.agent-channel");
    }
}
