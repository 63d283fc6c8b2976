package io.emergencyinbox.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fenced code block of a Markdown document, with what the comment just above it
 * ({@code <!-- sample: KIND [ARGUMENT] -->}) says to do with it. See {@link DocsSamplesTest}.
 */
final class DocumentSample {
    private static final Pattern MARKER = Pattern.compile("^<!-- sample: (\\S+)(?: (.+?))? -->$");

    final String document;
    final int line;
    final String language;
    final Optional<String> kind;
    final Optional<String> argument;
    final String content;

    private DocumentSample(String document, int line, String language, Optional<String> kind, Optional<String> argument, String content) {
        this.document = document;
        this.line = line;
        this.language = language;
        this.kind = kind;
        this.argument = argument;
        this.content = content;
    }

    /** Every fenced block of the document (a path relative to root), in order. */
    static List<DocumentSample> read(Path root, String document) {
        List<String> lines;
        try {
            lines = Files.readAllLines(root.resolve(document), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<DocumentSample> samples = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("```")) {
                continue;
            }
            int start = i;
            String language = lines.get(i).substring(3).trim();
            StringBuilder content = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                content.append(lines.get(i)).append('\n');
            }
            if (i == lines.size()) {
                throw new IllegalStateException(document + ":" + (start + 1) + ": code block never closed");
            }
            Matcher marker = MARKER.matcher(start > 0 ? lines.get(start - 1) : "");
            samples.add(new DocumentSample(document, start + 1, language,
                marker.matches() ? Optional.of(marker.group(1)) : Optional.empty(),
                marker.matches() ? Optional.ofNullable(marker.group(2)) : Optional.empty(),
                content.toString()));
        }
        return samples;
    }

    boolean is(String wanted) {
        return kind.filter(wanted::equals).isPresent();
    }

    @Override
    public String toString() {
        return document + ":" + line + " (" + kind.orElse("no sample comment") + ")";
    }
}
