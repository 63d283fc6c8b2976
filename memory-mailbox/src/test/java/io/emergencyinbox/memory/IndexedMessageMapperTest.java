package io.emergencyinbox.memory;

import org.apache.james.mailbox.store.mail.model.MapperProvider;
import org.apache.james.mailbox.store.mail.model.MessageMapperTest;
import org.apache.james.utils.UpdatableTickingClock;

/** James's message mapper contract. */
class IndexedMessageMapperTest extends MessageMapperTest {
    private final IndexedMapperProvider provider = new IndexedMapperProvider();

    @Override
    protected MapperProvider createMapperProvider() {
        return provider;
    }

    @Override
    protected UpdatableTickingClock updatableTickingClock() {
        return provider.clock();
    }
}
