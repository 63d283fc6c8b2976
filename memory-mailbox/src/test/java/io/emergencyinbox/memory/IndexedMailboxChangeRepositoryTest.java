package io.emergencyinbox.memory;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.jmap.api.change.MailboxChangeRepository;
import org.apache.james.jmap.api.change.MailboxChangeRepositoryContract;
import org.apache.james.jmap.api.change.State;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.TestId;
import org.junit.jupiter.api.BeforeEach;

/** James's mailbox change repository contract. */
class IndexedMailboxChangeRepositoryTest implements MailboxChangeRepositoryContract {
    private final AtomicInteger ids = new AtomicInteger(1000);
    private IndexedMailboxChangeRepository testee;

    @BeforeEach
    void setUp() {
        testee = new IndexedMailboxChangeRepository(DEFAULT_NUMBER_OF_CHANGES);
    }

    @Override
    public MailboxChangeRepository mailboxChangeRepository() {
        return testee;
    }

    @Override
    public State.Factory stateFactory() {
        return new State.DefaultFactory();
    }

    @Override
    public MailboxId generateNewMailboxId() {
        return TestId.of(ids.incrementAndGet());
    }
}
