package io.emergencyinbox.memory.queue;

import static org.apache.james.queue.api.Mails.defaultMail;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.james.queue.api.DelayedManageableMailQueueContract;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;

/** James's own contract for delayed, manageable mail queues. */
class FifoMemoryMailQueueTest implements DelayedManageableMailQueueContract {
    private FifoMemoryMailQueue queue;

    @BeforeEach
    void setUp() {
        queue = new FifoMemoryMailQueue(MailQueueName.of("test"), new RawMailQueueItemDecoratorFactory(), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        queue.dispose();
    }

    @Test
    void closingTheQueueAfterUseShouldNotStopThePipelineFromTakingMails() throws Exception {
        // James's WebAdmin routes close a queue after each request, the spooler goes on dequeuing.
        List<String> handedOut = new CopyOnWriteArrayList<>();
        Flux.from(queue.deQueue()).subscribe(item -> handedOut.add(item.getMail().getName()));
        queue.enQueue(defaultMail().name("before").build());
        queue.close();
        queue.enQueue(defaultMail().name("after").build());

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (handedOut.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(handedOut).containsExactly("before", "after");
    }

    @Override
    public MailQueue getMailQueue() {
        return queue;
    }

    @Override
    public ManageableMailQueue getManageableMailQueue() {
        return queue;
    }
}
