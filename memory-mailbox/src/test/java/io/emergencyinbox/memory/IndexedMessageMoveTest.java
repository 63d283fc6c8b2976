package io.emergencyinbox.memory;

import org.apache.james.mailbox.store.mail.model.MapperProvider;
import org.apache.james.mailbox.store.mail.model.MessageMoveTest;

/** James's contract for moving messages between mailboxes. */
class IndexedMessageMoveTest extends MessageMoveTest {
    @Override
    protected MapperProvider createMapperProvider() {
        return new IndexedMapperProvider();
    }
}
