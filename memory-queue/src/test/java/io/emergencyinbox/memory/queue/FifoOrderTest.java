package io.emergencyinbox.memory.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * What James's own memory queue does not do (ADR 52): while a busy pipeline takes its mails twenty at a time,
 * they come out in the order they went in.
 */
class FifoOrderTest {
    private static final int MAILS = 2000;

    @Test
    void aBusyPipelineShouldReceiveTheMailsInTheOrderTheyWereQueued() throws Exception {
        FifoMemoryMailQueueFactory factory = new FifoMemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory(), Clock.systemUTC());
        ManageableMailQueue queue = factory.createQueue(MailQueueFactory.SPOOL);
        List<String> handedOut = new CopyOnWriteArrayList<>();
        Scheduler workers = Schedulers.newBoundedElastic(21, 1000, "pipeline");
        try {
            // Like James's spooler: twenty mails processed at a time, each taking a while.
            Flux.from(queue.deQueue())
                .flatMap(item -> {
                    handedOut.add(item.getMail().getName());
                    return Mono.fromRunnable(() -> finish(item)).delaySubscription(Duration.ofMillis(2)).subscribeOn(workers);
                }, 20)
                .subscribe();
            List<String> queued = new ArrayList<>();
            for (int i = 0; i < MAILS; i++) {
                String name = String.format("mail-%05d", i);
                queued.add(name);
                queue.enQueue(FakeMail.builder().name(name)
                    .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject(name).setText("body")).build());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (handedOut.size() < MAILS && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            assertThat(handedOut).containsExactlyElementsOf(queued);
            while (queue.getSize() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(queue.getSize()).as("every mail done").isZero();
        } finally {
            workers.dispose();
            factory.close();
        }
    }

    private static void finish(MailQueue.MailQueueItem item) {
        try {
            item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
        } catch (MailQueue.MailQueueException e) {
            throw new IllegalStateException(e);
        }
    }
}
