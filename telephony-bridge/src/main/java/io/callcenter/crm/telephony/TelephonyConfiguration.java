package io.callcenter.crm.telephony;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AmiProperties.class)
class TelephonyConfiguration {

    @Bean
    AgentChannels agentChannels(AmiProperties properties) {
        return new AgentChannels(properties.agentChannel());
    }
}
