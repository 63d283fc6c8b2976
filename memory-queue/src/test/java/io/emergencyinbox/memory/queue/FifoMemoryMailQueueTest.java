package io.emergencyinbox.memory.queue;

import static org.apache.james.queue.api.Mails.defaultMail;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.queue.api.DelayedManageableMailQueueContract;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MailImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emergencyinbox.message.MessageBytes;
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

    @Test
    void messagesShouldBeHandedOutAsTheBytesTheyWereReceivedAs() throws Exception {
        // JavaMail's copy, which James's memory queue makes, took the first body line of a message without headers
        // for a header (its blank line was lost) and turned 8-bit header bytes into '?'.
        byte[] noHeaders = "\r\nThis message has no header section at all.\r\nSecond line.\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] eightBitHeaders = "From: J\u00e9r\u00f4me <j@example.com>\r\nSubject: Caf\u00e9 \u65e5\u672c\r\n\r\nBody\r\n"
            .getBytes(StandardCharsets.UTF_8);
        List<MailQueue.MailQueueItem> items = new CopyOnWriteArrayList<>();
        Flux.from(queue.deQueue()).subscribe(items::add);

        for (byte[] raw : List.of(noHeaders, eightBitHeaders)) {
            // As James's SMTP server does: the message is the received bytes, not a copy of them.
            MailImpl mail = MailImpl.builder().name("mail-" + raw.length).sender("sender@example.net").addRecipient("a@acme.test")
                .build();
            mail.setMessageContent(MimeMessageInputStreamSource.create("received", new ByteArrayInputStream(raw)));
            queue.enQueue(mail);
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (items.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(items).hasSize(2);
        assertThat(MessageBytes.of(items.get(0).getMail().getMessage(), 0)).isEqualTo(noHeaders);
        assertThat(items.get(0).getMail().getMessage().getAllHeaderLines().hasMoreElements()).isFalse();
        assertThat(MessageBytes.of(items.get(1).getMail().getMessage(), 0)).isEqualTo(eightBitHeaders);
        // James copies a mail that a matcher splits between processors: the copy keeps the bytes too.
        assertThat(MessageBytes.of(MailImpl.duplicate(items.get(0).getMail()).getMessage(), 0)).isEqualTo(noHeaders);
        assertThat(MessageBytes.of(MailImpl.duplicate(items.get(1).getMail()).getMessage(), 0)).isEqualTo(eightBitHeaders);
    }

    @Test
    void theQueuedMessageShouldNotChangeWhenTheSendersCopyChangesAfterwards() throws Exception {
        MimeMessage original = MimeMessageBuilder.mimeMessageBuilder().setSubject("before").setText("body").build();
        queue.enQueue(defaultMail().name("independent").mimeMessage(original).build());
        original.setSubject("after");
        original.saveChanges();

        MailQueue.MailQueueItem item = Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(10));

        assertThat(item.getMail().getMessage().getSubject()).isEqualTo("before");
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
