package io.emergencyinbox.core.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.emergencyinbox.core.message.ContentSource;

/** What every {@link SpoolContentStore} must do. Implementations give a fresh, empty store per test. */
public interface SpoolContentStoreContract {
    byte[] MESSAGE = ("From: alice@sender.example\r\n"
        + "To: bob@acme.com\r\n"
        + "Subject: =?UTF-8?Q?R=C3=A9union?=\r\n"
        + "Content-Type: text/plain; charset=UTF-8\r\n"
        + "Content-Transfer-Encoding: 8bit\r\n"
        + "\r\n"
        + "Réunion à 14h — café offert.\r\n"
        + ".a line starting with a dot\r\n"
        + "a bare LF line\n"
        + "no final line break").getBytes(StandardCharsets.UTF_8);

    SpoolContentStore testee();

    static byte[] bytesOf(ContentSource content) {
        try (InputStream in = content.open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    default void savedContentShouldBeReadBackByteForByte() {
        SpoolEntryId id = SpoolEntryId.random();

        testee().save(id, ContentSource.of(MESSAGE)).block();

        ContentSource read = testee().read(id).block();
        assertThat(bytesOf(read)).isEqualTo(MESSAGE);
        assertThat(read.size()).isEqualTo(MESSAGE.length);
    }

    @Test
    default void everyByteValueShouldSurviveARoundTrip() {
        byte[] allBytes = new byte[256 * 4];
        for (int i = 0; i < allBytes.length; i++) {
            allBytes[i] = (byte) i;
        }
        SpoolEntryId id = SpoolEntryId.random();

        testee().save(id, ContentSource.of(allBytes)).block();

        assertThat(bytesOf(testee().read(id).block())).isEqualTo(allBytes);
    }

    @Test
    default void aLargeMessageShouldSurviveARoundTrip() {
        byte[] large = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(large);
        SpoolEntryId id = SpoolEntryId.random();

        testee().save(id, ContentSource.of(large)).block();

        assertThat(bytesOf(testee().read(id).block())).isEqualTo(large);
    }

    @Test
    default void contentShouldBeReadableSeveralTimes() {
        SpoolEntryId id = SpoolEntryId.random();
        testee().save(id, ContentSource.of(MESSAGE)).block();

        ContentSource read = testee().read(id).block();

        assertThat(bytesOf(read)).isEqualTo(MESSAGE);
        assertThat(bytesOf(read)).isEqualTo(MESSAGE);
    }

    @Test
    default void contentsOfDifferentEntriesShouldBeKeptApart() {
        SpoolEntryId first = SpoolEntryId.random();
        SpoolEntryId second = SpoolEntryId.random();
        byte[] other = "Subject: other\r\n\r\nother body\r\n".getBytes(StandardCharsets.US_ASCII);

        testee().save(first, ContentSource.of(MESSAGE)).block();
        testee().save(second, ContentSource.of(other)).block();

        assertThat(bytesOf(testee().read(first).block())).isEqualTo(MESSAGE);
        assertThat(bytesOf(testee().read(second).block())).isEqualTo(other);
    }

    @Test
    default void savingAgainShouldReplaceTheContent() {
        SpoolEntryId id = SpoolEntryId.random();
        byte[] shorter = "Subject: short\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        testee().save(id, ContentSource.of(MESSAGE)).block();

        testee().save(id, ContentSource.of(shorter)).block();

        assertThat(bytesOf(testee().read(id).block())).isEqualTo(shorter);
    }

    @Test
    default void readShouldFailForMissingContent() {
        assertThatThrownBy(() -> testee().read(SpoolEntryId.random()).block())
            .isInstanceOf(SpoolContentNotFoundException.class);
    }

    @Test
    default void deletedContentShouldNoLongerBeReadable() {
        SpoolEntryId id = SpoolEntryId.random();
        testee().save(id, ContentSource.of(MESSAGE)).block();

        testee().delete(id).block();

        assertThatThrownBy(() -> testee().read(id).block())
            .isInstanceOf(SpoolContentNotFoundException.class);
    }

    @Test
    default void deleteShouldBeIdempotent() {
        SpoolEntryId id = SpoolEntryId.random();
        testee().save(id, ContentSource.of(MESSAGE)).block();

        testee().delete(id).block();
        testee().delete(id).block();
        testee().delete(SpoolEntryId.random()).block();

        assertThatThrownBy(() -> testee().read(id).block())
            .isInstanceOf(SpoolContentNotFoundException.class);
    }

    @Test
    default void deleteShouldNotAffectOtherContents() {
        SpoolEntryId deleted = SpoolEntryId.random();
        SpoolEntryId kept = SpoolEntryId.random();
        testee().save(deleted, ContentSource.of(MESSAGE)).block();
        testee().save(kept, ContentSource.of(MESSAGE)).block();

        testee().delete(deleted).block();

        assertThat(bytesOf(testee().read(kept).block())).isEqualTo(MESSAGE);
    }

    @Test
    default void emptyContentShouldSurviveARoundTrip() {
        SpoolEntryId id = SpoolEntryId.random();

        testee().save(id, ContentSource.of(new byte[0])).block();

        ContentSource read = testee().read(id).block();
        assertThat(bytesOf(read)).isEmpty();
        assertThat(read.size()).isZero();
    }
}
