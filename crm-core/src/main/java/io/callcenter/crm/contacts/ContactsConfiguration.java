package io.callcenter.crm.contacts;

import io.callcenter.crm.config.InvalidSettingException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PhoneProperties.class)
class ContactsConfiguration {

    @Bean
    PhoneNumbers phoneNumbers(PhoneProperties properties) {
        try {
            return new PhoneNumbers(properties.defaultRegion());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("crm.phone.default-region", e.getMessage().substring(e.getMessage().indexOf(':') + 2), e);
        }
    }
}
