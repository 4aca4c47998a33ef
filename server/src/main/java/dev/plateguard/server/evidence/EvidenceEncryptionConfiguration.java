package dev.plateguard.server.evidence;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.plateguard.server.PlateGuardProperties;

@Configuration(proxyBeanMethods = false)
class EvidenceEncryptionConfiguration {

    /** The file- or environment-based key service, unless the deployment supplies its own (a KMS client). */
    @Bean
    @ConditionalOnMissingBean(MasterKeys.class)
    MasterKeys masterKeys(PlateGuardProperties properties) {
        return new FileMasterKeys(properties);
    }
}
