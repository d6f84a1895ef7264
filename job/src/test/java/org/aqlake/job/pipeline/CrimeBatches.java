package org.aqlake.job.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A crime CSV file cut into Kinesis records of up to N lines each, byte for byte with their own line ends,
 * the header (when the file has one) repeated at the start of each, as {@code produce --format CSV_LINES}
 * sends it. Each batch knows the numbers its data lines have inside the record.
 */
final class CrimeBatches {

    private static final Pattern LINE = Pattern.compile("[^\\r\\n]*(\\r\\n|\\r|\\n|$)");

    /** One record: its bytes, and the 1-based numbers of its data lines in it. */
    static final class Batch {
        final String file;
        final int index;
        final byte[] payload;
        final List<Integer> dataLines;

        Batch(String file, int index, byte[] payload, List<Integer> dataLines) {
            this.file = file;
            this.index = index;
            this.payload = payload;
            this.dataLines = dataLines;
        }

        String partitionKey() {
            return file + "#" + index;
        }
    }

    private CrimeBatches() {}

    static List<Batch> of(Path file, int linesPerRecord) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        Matcher m = LINE.matcher(text);
        while (m.find() && m.end() > m.start()) {
            if (!m.group().isBlank()) {
                lines.add(m.group());
            }
            if (m.end() == text.length()) {
                break;
            }
        }
        String header = !lines.isEmpty() && !Character.isDigit(lines.get(0).charAt(0)) ? lines.remove(0) : "";
        List<Batch> out = new ArrayList<>();
        for (int from = 0; from < lines.size(); from += linesPerRecord) {
            StringBuilder b = new StringBuilder(header);
            List<Integer> numbers = new ArrayList<>();
            for (int i = from; i < Math.min(lines.size(), from + linesPerRecord); i++) {
                b.append(lines.get(i));
                numbers.add(numbers.size() + 1 + (header.isEmpty() ? 0 : 1));
            }
            out.add(new Batch(file.getFileName().toString(), out.size(), b.toString().getBytes(StandardCharsets.UTF_8),
                    numbers));
        }
        return out;
    }

    static int rows(List<Batch> batches) {
        return batches.stream().mapToInt(b -> b.dataLines.size()).sum();
    }
}
