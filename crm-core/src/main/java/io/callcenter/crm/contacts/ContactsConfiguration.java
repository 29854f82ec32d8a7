package io.callcenter.crm.contacts;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PhoneProperties.class)
class ContactsConfiguration {

    @Bean
    PhoneNumbers phoneNumbers(PhoneProperties properties) {
        return new PhoneNumbers(properties.defaultRegion());
    }
}
