package org.aqlake.job.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The real OpenAQ samples in {@code ../shared/data/openaq/}: the realtime NDJSON lines exactly as they
 * are, and the daily CSV rows converted by this test into the realtime layout.
 */
public final class OpenAqSamples {

    public static final String NDJSON = "realtime-2014-03-30.ndjson.gz";
    public static final String CSV = "daily-sample-noheader.csv";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a sample must become: the identifying columns of its row. */
    public static final class Expected {
        public final String location;
        public final long eventTime;
        public final String parameter;
        public final double value;

        Expected(String location, long eventTime, String parameter, double value) {
            this.location = location;
            this.eventTime = eventTime;
            this.parameter = parameter;
            this.value = value;
        }

        public String key() {
            return location + "|" + eventTime + "|" + parameter + "|" + value;
        }
    }

    private OpenAqSamples() {}

    public static Path dataDir() {
        return Path.of(System.getProperty("shared.data.dir", "../../shared/data"), "openaq");
    }

    /** The NDJSON payloads, byte for byte. */
    public static List<String> realtimeLines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(dataDir().resolve(NDJSON))), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    /** The daily CSV rows (no header) as realtime-layout JSON objects. */
    public static List<String> csvAsRealtimeJson() throws IOException {
        // columns: location,city,country,utc,local,parameter,value,unit,latitude,longitude,attribution
        CsvMapper csv = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();
        List<String> out = new ArrayList<>();
        try (MappingIterator<String[]> rows = csv.readerFor(String[].class).with(CsvSchema.emptySchema())
                .readValues(dataDir().resolve(CSV).toFile())) {
            while (rows.hasNext()) {
                String[] c = rows.next();
                ObjectNode o = JSON.createObjectNode();
                o.putObject("date").put("utc", c[3]).put("local", c[4]);
                o.put("parameter", c[5]);
                o.put("location", c[0]);
                o.put("value", Double.parseDouble(c[6]));
                o.put("unit", c[7]);
                o.put("city", c[1]);
                o.set("attribution", JSON.readTree(c[10]));
                o.putObject("coordinates")
                        .put("latitude", Double.parseDouble(c[8]))
                        .put("longitude", Double.parseDouble(c[9]));
                o.put("country", c[2]);
                // the daily layout has no sourceType column, and the consent gate fails closed on readings
                // without one; every row of this sample is attributed to an EPA network, a government source
                o.put("sourceType", "government");
                out.add(JSON.writeValueAsString(o));
            }
        }
        return out;
    }

    /** The row a realtime-layout payload must become, read with Jackson's tree model, independently of the job. */
    public static Expected expected(String json) throws IOException {
        JsonNode n = JSON.readTree(json);
        return new Expected(n.get("location").asText(), Instant.parse(n.get("date").get("utc").asText()).toEpochMilli(),
                n.get("parameter").asText(), n.get("value").asDouble());
    }
}
