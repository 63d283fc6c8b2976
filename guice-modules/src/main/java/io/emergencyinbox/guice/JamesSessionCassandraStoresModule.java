package io.emergencyinbox.guice;

import com.google.inject.AbstractModule;

/**
 * {@link CassandraContinuityStoresModule#withJamesSession()} as a class with a no-argument constructor, so that a
 * stock James distributed server can name it ({@code guice.extension.module} in {@code extensions.properties}):
 * every continuity store on the {@code CqlSession} James binds, settings in
 * {@code conf/emergency-inbox-cassandra.properties} (docs/cassandra.md, "On a stock James distributed server").
 */
public class JamesSessionCassandraStoresModule extends AbstractModule {
    @Override
    protected void configure() {
        install(CassandraContinuityStoresModule.withJamesSession());
    }
}
