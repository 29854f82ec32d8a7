package io.callcenter.crm.contacts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;

/** {@code crm.phone.*}: how numbers written without a country code are read. */
@Validated
@ConfigurationProperties("crm.phone")
record PhoneProperties(@DefaultValue("US") @NotBlank String defaultRegion) {
}
