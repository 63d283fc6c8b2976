package io.emergencyinbox.core.spool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import io.emergencyinbox.core.message.ContentSource;
import reactor.core.publisher.Mono;

/**
 * Message content as one file per entry under a directory ({@code <dir>/<2 hex>/<id>.eml}), written
 * to a temporary name, optionally forced to disk, then renamed: a crash never leaves a half file
 * under the final name.
 */
public class FileSpoolContentStore implements SpoolContentStore {
    private final Path directory;
    private final boolean fsync;

    public FileSpoolContentStore(Path directory, boolean fsync) {
        this.directory = directory;
        this.fsync = fsync;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the spool directory " + directory, e);
        }
    }

    @Override
    public Mono<Void> save(SpoolEntryId id, ContentSource content) {
        return Mono.<Void>fromCallable(() -> {
            Path target = pathOf(id);
            Files.createDirectories(target.getParent());
            Path temporary = target.resolveSibling(id.asString() + ".tmp");
            try {
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         StandardOpenOption.TRUNCATE_EXISTING);
                     OutputStream out = Channels.newOutputStream(channel);
                     InputStream in = content.open()) {
                    in.transferTo(out);
                    if (fsync) {
                        channel.force(true);
                    }
                }
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                // A failed save (unreadable source, full disk) must not leave its partial file behind.
                Files.deleteIfExists(temporary);
                throw e;
            }
            return null;
        });
    }

    @Override
    public Mono<ContentSource> read(SpoolEntryId id) {
        return Mono.fromCallable(() -> {
            Path path = pathOf(id);
            if (!Files.exists(path)) {
                throw new SpoolContentNotFoundException(id);
            }
            long size = Files.size(path);
            return new ContentSource() {
                @Override
                public InputStream open() throws IOException {
                    try {
                        return Files.newInputStream(path);
                    } catch (NoSuchFileException e) {
                        throw new IOException("Content of spool entry " + id.asString() + " was removed", e);
                    }
                }

                @Override
                public long size() {
                    return size;
                }
            };
        });
    }

    @Override
    public Mono<Void> delete(SpoolEntryId id) {
        return Mono.<Void>fromCallable(() -> {
            Files.deleteIfExists(pathOf(id));
            return null;
        });
    }

    private Path pathOf(SpoolEntryId id) {
        String name = id.asString();
        return directory.resolve(name.substring(0, 2)).resolve(name + ".eml");
    }
}
