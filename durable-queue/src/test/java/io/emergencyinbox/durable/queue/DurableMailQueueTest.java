package io.emergencyinbox.durable.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.queue.api.MailQueue.MailQueueItem;
import org.apache.james.queue.api.MailQueue.MailQueueItem.CompletionStatus;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emergencyinbox.message.MessageBytes;
import reactor.core.publisher.Flux;

/**
 * What the durable spool queue adds to James's ActiveMQ queue (ADR 53): mails survive the broker, whether they were
 * never taken or taken and not finished by the pipeline; the queue counts itself without browsing (SMTP flow
 * control asks for every transaction); a second gateway cannot open the same journal.
 */
class DurableMailQueueTest {
    private static final AttributeName ARRIVAL = AttributeName.of("dsn-arrival-date-test");

    @TempDir
    Path directory;

    private EmbeddedQueueBroker broker;
    private DurableMailQueueFactory factory;

    @AfterEach
    void stop() {
        stopGateway();
    }

    @Test
    void mailsShouldSurviveABrokerRestartWithTheirEnvelopeContentAndAttributesInOrder() throws Exception {
        ManageableMailQueue queue = startGateway();
        for (int i = 0; i < 3; i++) {
            enQueue(queue, "mail-" + i);
        }
        stopGateway();

        List<MailQueueItem> items = take(startGateway(), 3);

        assertThat(items).extracting(item -> item.getMail().getName()).containsExactly("mail-0", "mail-1", "mail-2");
        Mail first = items.get(0).getMail();
        assertThat(first.getMaybeSender().asString()).isEqualTo("sender@example.net");
        assertThat(first.getRecipients()).containsExactly(new MailAddress("a@acme.test"), new MailAddress("b@acme.test"));
        assertThat(first.getAttribute(ARRIVAL)).contains(new Attribute(ARRIVAL, AttributeValue.of("2026-12-04T08:00:00Z")));
        assertThat(contentOf(first)).contains("Subject: mail-0", "Body of mail-0");
    }

    @Test
    void aMailTakenButNotFinishedByThePipelineShouldBeHandedOutAgainAfterARestart() throws Exception {
        ManageableMailQueue queue = startGateway();
        enQueue(queue, "taken");
        assertThat(take(queue, 1)).extracting(item -> item.getMail().getName()).containsExactly("taken");
        stopGateway();

        MailQueueItem again = take(startGateway(), 1).get(0);
        assertThat(again.getMail().getName()).isEqualTo("taken");
        again.done(CompletionStatus.SUCCESS);
        stopGateway();

        assertThat(startGateway().getSize()).as("finished mails are gone for good").isZero();
    }

    @Test
    void messagesShouldComeOutOfTheJournalAsTheBytesTheyWereReceivedAs() throws Exception {
        // James's queue journalled James's serialisation: a message without headers lost its blank line (its first
        // body line then read as a header) and 8-bit header bytes became '?'.
        byte[] noHeaders = "\r\nThis message has no header section at all.\r\nSecond line.\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] eightBitHeaders = "From: J\u00e9r\u00f4me <j@example.com>\r\nSubject: Caf\u00e9 \u65e5\u672c\r\n\r\nBody\r\n"
            .getBytes(StandardCharsets.UTF_8);
        ManageableMailQueue queue = startGateway();
        for (byte[] raw : List.of(noHeaders, eightBitHeaders)) {
            // As James's SMTP server does: the message is the received bytes, not a copy of them.
            MailImpl mail = MailImpl.builder().name("mail-" + raw.length).sender("sender@example.net").addRecipient("a@acme.test")
                .build();
            mail.setMessageContent(MimeMessageInputStreamSource.create("received", new ByteArrayInputStream(raw)));
            queue.enQueue(mail);
            LifecycleUtil.dispose(mail);
        }
        stopGateway();

        List<MailQueueItem> items = take(startGateway(), 2);

        assertThat(MessageBytes.of(items.get(0).getMail().getMessage(), 0)).isEqualTo(noHeaders);
        assertThat(Collections.list(items.get(0).getMail().getMessage().getAllHeaderLines())).isEmpty();
        assertThat(MessageBytes.of(items.get(1).getMail().getMessage(), 0)).isEqualTo(eightBitHeaders);
        // James copies a mail that a matcher splits between processors: the copy keeps the bytes too.
        assertThat(MessageBytes.of(MailImpl.duplicate(items.get(0).getMail()).getMessage(), 0)).isEqualTo(noHeaders);
        assertThat(MessageBytes.of(MailImpl.duplicate(items.get(1).getMail()).getMessage(), 0)).isEqualTo(eightBitHeaders);
    }

    @Test
    void theQueueShouldCountItsMails() throws Exception {
        ManageableMailQueue queue = startGateway();
        for (int i = 0; i < 5; i++) {
            enQueue(queue, "mail-" + i);
        }

        assertThat(queue.getSize()).isEqualTo(5);
    }

    @Test
    void aSecondBrokerOnTheSameDirectoryShouldBeRefusedWithTheDirectoryNamed() {
        startGateway();

        assertThatThrownBy(() -> new EmbeddedQueueBroker(directory.toFile()))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(directory.toString())
            .hasMessageContaining("another gateway");
    }

    private ManageableMailQueue startGateway() {
        broker = new EmbeddedQueueBroker(directory.toFile());
        factory = new DurableMailQueueFactory(broker, new RawMailQueueItemDecoratorFactory(), new RecordingMetricFactory(),
            new NoopGaugeRegistry());
        return factory.createQueue(MailQueueFactory.SPOOL);
    }

    private void stopGateway() {
        if (factory != null) {
            factory.destroy();
            factory = null;
        }
        if (broker != null) {
            broker.stop();
            broker = null;
        }
    }

    private static List<MailQueueItem> take(ManageableMailQueue queue, int count) {
        return Flux.from(queue.deQueue()).take(count).collectList().block(Duration.ofSeconds(30));
    }

    private static void enQueue(ManageableMailQueue queue, String name) throws Exception {
        Mail mail = mail(name);
        queue.enQueue(mail);
        LifecycleUtil.dispose(mail);
    }

    private static Mail mail(String name) throws Exception {
        return MailImpl.builder()
            .name(name)
            .sender("sender@example.net")
            .addRecipients(new MailAddress("a@acme.test"), new MailAddress("b@acme.test"))
            .addAttribute(new Attribute(ARRIVAL, AttributeValue.of("2026-12-04T08:00:00Z")))
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject(name).setText("Body of " + name))
            .build();
    }

    private static String contentOf(Mail mail) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        mail.getMessage().writeTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
