package org.aqlake.job.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** The figures of a fault run, printed and appended to target/reliability/figures.txt for RELIABILITY.md. */
final class FaultReport {

    static final Path FILE = Paths.get("target", "reliability", "figures.txt");

    private FaultReport() {}

    static void write(String run, String what, LakeCount count) {
        String text = "== " + run + " (" + Instant.now() + ")\n" + what + "\n" + count.report() + "\n";
        System.out.println(text);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
