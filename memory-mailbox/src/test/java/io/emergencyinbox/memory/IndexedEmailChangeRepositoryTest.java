package io.emergencyinbox.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.james.jmap.api.change.EmailChange;
import org.apache.james.jmap.api.change.EmailChangeRepository;
import org.apache.james.jmap.api.change.EmailChangeRepositoryContract;
import org.apache.james.jmap.api.change.Limit;
import org.apache.james.jmap.api.change.State;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.TestMessageId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** James's email change repository contract, and reads racing writes. */
class IndexedEmailChangeRepositoryTest implements EmailChangeRepositoryContract {
    private IndexedEmailChangeRepository testee;

    @BeforeEach
    void setUp() {
        testee = new IndexedEmailChangeRepository(DEFAULT_NUMBER_OF_CHANGES);
    }

    @Override
    public EmailChangeRepository emailChangeRepository() {
        return testee;
    }

    @Override
    public State generateNewState() {
        return State.Factory.DEFAULT.generate();
    }

    @Override
    public MessageId generateNewMessageId() {
        return TestMessageId.of(ThreadLocalRandom.current().nextLong());
    }

    @Test
    void readsShouldNotFailWhileChangesAreSaved() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Thread writer = new Thread(() -> {
            ZonedDateTime date = ZonedDateTime.now();
            for (int i = 0; i < 20_000; i++) {
                testee.save(EmailChange.builder()
                    .accountId(ACCOUNT_ID)
                    .state(generateNewState())
                    .date(date.plusNanos(i * 1000L))
                    .isDelegated(false)
                    .created(generateNewMessageId())
                    .build()).block();
            }
            writing.set(false);
        });
        writer.start();
        while (writing.get()) {
            try {
                testee.getLatestState(ACCOUNT_ID).block();
                testee.getSinceState(ACCOUNT_ID, State.INITIAL, Optional.of(Limit.of(5))).block();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        writer.join();

        assertThat(failures).isEmpty();
        assertThat(testee.getSinceState(ACCOUNT_ID, State.INITIAL, Optional.of(Limit.of(30_000))).block().getCreated())
            .hasSize(20_000);
    }
}
