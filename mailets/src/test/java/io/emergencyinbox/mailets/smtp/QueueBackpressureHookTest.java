package io.emergencyinbox.mailets.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.emergencyinbox.testing.MutableClock;

class QueueBackpressureHookTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final List<Duration> pauses = new ArrayList<>();
    private MemoryMailQueueFactory queues;

    @BeforeEach
    void setUp() {
        queues = new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory(), clock);
    }

    @Test
    void aSenderShouldNotWaitWhileTheQueueIsAtOrBelowItsLimit() throws Exception {
        QueueBackpressureHook hook = hook(config(3, "10s"), duration -> pauses.add(duration));
        enqueue(3);

        assertThat(hook.doMail(null, MaybeSender.nullSender())).isEqualTo(HookResult.DECLINED);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aSenderShouldBeHeldUntilThePipelineHasTakenTheQueueBelowItsLimit() throws Exception {
        ManageableMailQueue queue = spoolQueue();
        QueueBackpressureHook hook = hook(config(3, "10s"), duration -> {
            pauses.add(duration);
            clock.advance(duration);
            if (pauses.size() == 4) {
                clear(queue); // the pipeline caught up
            }
        });
        enqueue(5);

        assertThat(hook.doMail(null, MaybeSender.nullSender())).isEqualTo(HookResult.DECLINED);
        assertThat(pauses).hasSize(4).allMatch(QueueBackpressureHook.POLL_INTERVAL::equals);
    }

    @Test
    void aSenderShouldGoOnAfterTheLongestWaitEvenIfTheQueueIsStillFull() throws Exception {
        Instant start = clock.instant();
        QueueBackpressureHook hook = hook(config(1, "200ms"), duration -> {
            pauses.add(duration);
            clock.advance(duration);
        });
        enqueue(2);

        assertThat(hook.doMail(null, MaybeSender.nullSender())).isEqualTo(HookResult.DECLINED);
        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofMillis(200));
        assertThat(pauses).hasSize(40);
    }

    @Test
    void theDefaultsShouldHoldAboveFortyQueuedMailsForAtMostTenSeconds() throws Exception {
        QueueBackpressureHook hook = hook(new BaseHierarchicalConfiguration(), duration -> {
            pauses.add(duration);
            clock.advance(duration);
        });
        AtomicLong queued = new AtomicLong(40);
        hook.countQueueWith(queued::get);

        hook.holdWhileQueueIsFull();
        assertThat(pauses).isEmpty();

        queued.set(41);
        Instant start = clock.instant();
        hook.holdWhileQueueIsFull();
        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "maxQueued | 0     | key maxQueued: must be a whole number of mails of at least 1, got '0'",
        "maxQueued | many  | key maxQueued: must be a whole number of mails of at least 1, got 'many'",
        "maxWait   | 10    | key maxWait: '10' is not a duration",
        "maxQueue  | 100   | key maxQueue: is not a setting of this handler"})
    void aWrongSettingShouldStopStartUpNamingTheFileAndKey(String key, String value, String message) {
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        config.addProperty(key, value);

        assertThatThrownBy(() -> hook(config, duration -> { }))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageStartingWith("smtpserver.xml: handler io.emergencyinbox.mailets.smtp.QueueBackpressureHook, ")
            .hasMessageContaining(message);
    }

    @Test
    void aQueueThatCannotCountItselfShouldBeRefusedAtStartUp() {
        MailQueue uncountable = proxy(MailQueue.class, (method, args) -> null);
        @SuppressWarnings("unchecked")
        MailQueueFactory<MailQueue> factory = proxy(MailQueueFactory.class, (method, args) -> uncountable);
        QueueBackpressureHook hook = new QueueBackpressureHook(factory, clock, duration -> { });

        assertThatThrownBy(() -> hook.init(new BaseHierarchicalConfiguration()))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("key [@class]: needs a spool queue that can count its mails");
    }

    private interface Answer {
        Object answer(Method method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
            (proxy, method, args) -> method.getName().equals("toString") ? type.getSimpleName() : answer.answer(method, args)));
    }

    private QueueBackpressureHook hook(BaseHierarchicalConfiguration config, QueueBackpressureHook.Pause pause) throws ConfigurationException {
        QueueBackpressureHook hook = new QueueBackpressureHook(queues, clock, pause);
        hook.init(config);
        return hook;
    }

    private static BaseHierarchicalConfiguration config(int maxQueued, String maxWait) {
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        config.addProperty("maxQueued", maxQueued);
        config.addProperty("maxWait", maxWait);
        return config;
    }

    private static void clear(ManageableMailQueue queue) {
        try {
            queue.clear();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ManageableMailQueue spoolQueue() {
        return (ManageableMailQueue) queues.createQueue(MailQueueFactory.SPOOL);
    }

    private void enqueue(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            spoolQueue().enQueue(FakeMail.builder().name("mail" + i)
                .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("mail " + i).setText("body")).build());
        }
    }
}
