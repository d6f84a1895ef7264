package org.aqlake.job.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The real STEDI customer registry in {@code ../shared/data/stedi/customer/landing/}, read with Jackson's
 * tree model, independently of the job's parser.
 */
public final class StediCustomers {

    public static final List<String> PERSONAL_FIELDS = List.of("customerName", "email", "phone", "birthDay");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One customer line: the original text and its fields as a tree. */
    public static final class Customer {
        public final String line;
        public final JsonNode json;

        Customer(String line, JsonNode json) {
            this.line = line;
            this.json = json;
        }

        public String serialNumber() {
            return json.get("serialNumber").asText();
        }

        public long lastUpdateDate() {
            return json.get("lastUpdateDate").asLong();
        }

        /** Null when the key is absent, which is how STEDI says "no consent". */
        public Long researchFrom() {
            JsonNode v = json.get("shareWithResearchAsOfDate");
            return v == null || v.isNull() ? null : v.asLong();
        }

        public List<String> personalValues() {
            List<String> values = new ArrayList<>();
            for (String f : PERSONAL_FIELDS) {
                if (json.hasNonNull(f)) {
                    values.add(json.get(f).asText());
                }
            }
            return values;
        }
    }

    private StediCustomers() {}

    public static Path landingDir() {
        return Path.of(System.getProperty("shared.data.dir", "../../shared/data"), "stedi", "customer", "landing");
    }

    public static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(landingDir())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
    }

    public static List<Customer> all() throws IOException {
        List<Customer> out = new ArrayList<>();
        for (Path f : files()) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(new Customer(line, JSON.readTree(line)));
                }
            }
        }
        return out;
    }
}
