package io.emergencyinbox.memory;

import org.apache.james.mailbox.store.mail.model.MapperProvider;
import org.apache.james.mailbox.store.mail.model.MessageIdMapperTest;
import org.apache.james.utils.UpdatableTickingClock;

/** James's message-id mapper contract. */
class IndexedMessageIdMapperTest extends MessageIdMapperTest {
    private final IndexedMapperProvider provider = new IndexedMapperProvider();

    @Override
    protected MapperProvider provideMapper() {
        return provider;
    }

    @Override
    protected UpdatableTickingClock updatableTickingClock() {
        return provider.clock();
    }
}
