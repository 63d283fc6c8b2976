package io.emergencyinbox.core.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.emergencyinbox.core.message.ContentSource;

class FileSpoolContentStoreTest implements SpoolContentStoreContract {
    @TempDir
    Path directory;

    private FileSpoolContentStore store;

    @BeforeEach
    void setUp() {
        store = new FileSpoolContentStore(directory.resolve("spool"), true);
    }

    @Override
    public SpoolContentStore testee() {
        return store;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile).collect(Collectors.toList());
        }
    }

    @Test
    void noTemporaryFileShouldRemainAfterSaving() throws IOException {
        SpoolEntryId first = SpoolEntryId.random();
        SpoolEntryId second = SpoolEntryId.random();

        store.save(first, ContentSource.of(MESSAGE)).block();
        store.save(second, ContentSource.of(MESSAGE)).block();
        store.save(first, ContentSource.of(MESSAGE)).block();

        assertThat(files())
            .hasSize(2)
            .noneMatch(path -> path.getFileName().toString().endsWith(".tmp"))
            .allMatch(path -> path.getFileName().toString().endsWith(".eml"));
    }

    @Test
    void contentShouldBeStoredAsAFileNamedAfterTheEntry() throws IOException {
        SpoolEntryId id = SpoolEntryId.random();

        store.save(id, ContentSource.of(MESSAGE)).block();

        assertThat(files()).singleElement()
            .satisfies(path -> assertThat(path.getFileName().toString()).isEqualTo(id.asString() + ".eml"))
            .satisfies(path -> assertThat(Files.readAllBytes(path)).isEqualTo(MESSAGE));
    }

    @Test
    void deleteShouldRemoveTheFile() throws IOException {
        SpoolEntryId id = SpoolEntryId.random();
        store.save(id, ContentSource.of(MESSAGE)).block();

        store.delete(id).block();

        assertThat(files()).isEmpty();
    }

    @Test
    void contentShouldSurviveANewStoreOnTheSameDirectory() {
        SpoolEntryId id = SpoolEntryId.random();
        store.save(id, ContentSource.of(MESSAGE)).block();

        FileSpoolContentStore reopened = new FileSpoolContentStore(directory.resolve("spool"), false);

        assertThat(SpoolContentStoreContract.bytesOf(reopened.read(id).block())).isEqualTo(MESSAGE);
    }

    @Test
    void aFailedSaveShouldLeaveNoFileBehind() throws IOException {
        SpoolEntryId id = SpoolEntryId.random();
        ContentSource failing = new ContentSource() {
            @Override
            public InputStream open() throws IOException {
                throw new IOException("the mail pipeline lost the message");
            }

            @Override
            public long size() {
                return 10;
            }
        };

        assertThatThrownBy(() -> store.save(id, failing).block()).hasRootCauseInstanceOf(IOException.class);

        assertThatThrownBy(() -> store.read(id).block()).isInstanceOf(SpoolContentNotFoundException.class);
        assertThat(files()).isEmpty();
    }
}
