package io.callcenter.crm.telephony.tracker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DialStringTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", value = {
            // as AMI's DialBegin writes it (R02, R03 captures): no technology
            "5557778888@carrier,                               5557778888",
            "5557778888@pstn,                                  5557778888",
            "1001,                                             1001",
            "1001@agents,                                      1001",
            "Local/1001@agents/n,                              1001",
            // as dial plans write it
            "PJSIP/5550142@carrier,                            5550142",
            "PJSIP/carrier/sip:+15550142@sip.example.com,      +15550142",
            "PJSIP/carrier/sip:5550142@sip.example.com;transport=tls, 5550142",
            "SIP/trunk/5550142,                                5550142",
            "DAHDI/g1/5550142,                                 5550142",
            "PJSIP/1001&PJSIP/1002,                            1001",
            // nothing to dial
            "PJSIP/carrier,                                    -",
            "Local/agents@internal/n,                          -",
            "'',                                               -"})
    void theNumberADialStringDials(String dialString, String number) {
        assertThat(DialString.dialedNumber(dialString)).isEqualTo(number);
    }
}
