package io.emergencyinbox.guice;

import java.io.FileNotFoundException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

import io.emergencyinbox.core.config.ContinuityPolicy;
import io.emergencyinbox.core.health.HealthPolicy;
import io.emergencyinbox.core.notice.DsnReportBuilder;
import io.emergencyinbox.core.notice.NotifyRules;

/** Reads {@code conf/continuity.properties} strictly. (The {@code Clock} is James's own binding.) */
public class ContinuityPolicyModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(ContinuityPolicyModule.class);

    @Provides
    @Singleton
    ContinuityPolicy policy(PropertiesProvider propertiesProvider) throws ConfigurationException {
        try {
            return ContinuityPolicy.parse(asMap(propertiesProvider.getConfiguration("continuity")));
        } catch (FileNotFoundException e) {
            LOGGER.warn("No {} found: the continuity policy uses its defaults", ContinuityPolicy.FILE_NAME);
            return ContinuityPolicy.DEFAULT;
        }
    }

    @Provides
    @Singleton
    HealthPolicy healthPolicy(ContinuityPolicy policy) {
        return policy.health();
    }

    @Provides
    @Singleton
    NotifyRules notifyRules(ContinuityPolicy policy) {
        return new NotifyRules(policy.delayedNoticeWhenNotifyAbsent());
    }

    @Provides
    @Singleton
    DsnReportBuilder dsnReportBuilder(ContinuityPolicy policy) {
        return new DsnReportBuilder(policy.heloName());
    }

    private static Map<String, String> asMap(Configuration configuration) {
        Map<String, String> values = new LinkedHashMap<>();
        Iterator<String> keys = configuration.getKeys();
        while (keys.hasNext()) {
            String key = keys.next();
            values.put(key, String.join(",", configuration.getStringArray(key)));
        }
        return values;
    }
}
