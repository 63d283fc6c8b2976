package io.emergencyinbox.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The instructions of a Dockerfile, read as Docker reads them (comments dropped, continuation lines
 * joined), for checks that need no Docker engine. Exec-form arguments ({@code ["a", "b"]}) are JSON.
 */
final class Dockerfile {
    static final class Instruction {
        final String keyword;
        final String arguments;

        Instruction(String keyword, String arguments) {
            this.keyword = keyword;
            this.arguments = arguments;
        }

        /** The words of a shell-form instruction ({@code COPY src dest}, {@code RUN cmd args}). */
        List<String> words() {
            return Arrays.asList(arguments.trim().split("\\s+"));
        }

        /** The arguments of an exec-form instruction ({@code ENTRYPOINT ["java", "-jar", ...]}). */
        List<String> execForm() {
            try {
                return new ObjectMapper().readValue(arguments, new TypeReference<List<String>>() { });
            } catch (IOException e) {
                throw new IllegalStateException("Not an exec-form (JSON array) instruction: " + keyword + " " + arguments, e);
            }
        }
    }

    static Dockerfile read(Path file) {
        try {
            List<Instruction> instructions = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = line.trim();
                if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                    continue;
                }
                if (trimmed.endsWith("\\")) {
                    current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                    continue;
                }
                current.append(trimmed);
                String text = current.toString().trim();
                current.setLength(0);
                if (!text.isEmpty()) {
                    int space = text.indexOf(' ');
                    instructions.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).trim()));
                }
            }
            return new Dockerfile(instructions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final List<Instruction> instructions;

    private Dockerfile(List<Instruction> instructions) {
        this.instructions = instructions;
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(instruction -> instruction.keyword.equals(keyword)).collect(Collectors.toList());
    }

    /** The single instruction of this kind (FROM, WORKDIR, ENTRYPOINT...). */
    Instruction one(String keyword) {
        List<Instruction> found = all(keyword);
        if (found.size() != 1) {
            throw new IllegalStateException("Expected one " + keyword + ", found " + found.size());
        }
        return found.get(0);
    }
}
