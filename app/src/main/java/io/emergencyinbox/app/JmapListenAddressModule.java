package io.emergencyinbox.app;

import java.io.FileNotFoundException;
import java.util.Optional;

import javax.inject.Named;
import javax.inject.Singleton;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.jmap.JMAPServer;
import org.apache.james.utils.PropertiesProvider;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;

/** Replaces James's JMAP server by {@link BoundJmapServer}, listening on {@code jmap.host}. */
public class JmapListenAddressModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(JMAPServer.class).to(BoundJmapServer.class);
        bind(BoundJmapServer.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    @Named(BoundJmapServer.HOST)
    Optional<String> jmapHost(PropertiesProvider properties) throws ConfigurationException {
        try {
            return Optional.ofNullable(properties.getConfiguration("jmap").getString(BoundJmapServer.HOST, null))
                .map(String::trim)
                .filter(host -> !host.isEmpty());
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }
}
