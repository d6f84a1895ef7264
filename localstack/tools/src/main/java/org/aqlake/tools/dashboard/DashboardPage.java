package org.aqlake.tools.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The page: one self-contained HTML file. Each chart is drawn by Apache ECharts (its minified build, copied
 * into the tools jar by the build and inlined here, so the page opens offline) from the data embedded as
 * JSON; each has a table of the same numbers beside it, written here, for screen readers and for anyone who
 * wants the figures (the charts are hidden from assistive technology, the tables are not).
 */
final class DashboardPage {

    static final String ECHARTS = "echarts.min.js";
    static final String SCRIPT = "dashboard.js";
    static final String STYLE = "dashboard.css";
    static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(java.time.ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardPage() {}

    static String render(DashboardData d) {
        Html h = new Html();
        h.raw("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .raw("<title>aq-lake: the air in the lake</title><style>").raw(resource(STYLE)).raw("</style></head>\n<body>")
                .raw("<header><h1>The air in the lake</h1><p>Lake <code>").text(d.lake).raw("</code>, read at ")
                .text(HOUR.format(d.now)).raw(" UTC. Aggregates are their latest revisions.</p></header>\n<main>");
        DashboardTables.aqi(h, d);
        DashboardTables.means(h, d);
        DashboardTables.who(h, d);
        DashboardTables.deadLetters(h, d);
        DashboardTables.freshness(h, d);
        h.raw("</main>\n<script id=\"aq-data\" type=\"application/json\">")
                // inside a script element, "</" could end it: JSON allows the escaped slash
                .raw(json(d).replace("</", "<\\/")).raw("</script>\n<script>").raw(resource(ECHARTS))
                .raw("</script>\n<script>").raw(resource(SCRIPT)).raw("</script>\n</body></html>\n");
        return h.toString();
    }

    /** The charts' data: the tables' rows, with hours as ISO instants. */
    static String json(DashboardData d) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode categories = root.putArray("categories");
        for (AqiCategory c : AqiCategory.values()) {
            categories.addObject().put("label", c.label).put("low", c.low).put("high", c.high).put("colour", c.colour);
        }
        ArrayNode aqi = root.putArray("aqi");
        d.aqi.forEach(r -> aqi.addObject().put("city", r.name()).put("hour", r.hour.toString()).put("aqi", r.aqi)
                .put("category", r.category().label));
        ArrayNode means = root.putArray("means");
        d.means.forEach(r -> means.addObject().put("series", r.parameter + " (" + r.unit + ")")
                .put("hour", r.hour.toString()).put("mean", r.mean));
        ArrayNode who = root.putArray("who");
        d.who.forEach(r -> who.addObject().put("city", r.name()).put("parameter", r.parameter).put("hours", r.hoursAbove));
        ArrayNode dead = root.putArray("deadLetters");
        d.deadLetters.forEach(r -> dead.addObject().put("type", r.type).put("count", r.count));
        ArrayNode hours = root.putArray("committedHours");
        d.committedHours.forEach(r -> hours.addObject().put("hour", r.hour.toString()).put("readings", r.readings));
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String hour(Instant t) {
        return HOUR.format(t);
    }

    /** "3 h 05 min", or "2 d 4 h" beyond two days. */
    static String lag(Duration d) {
        if (d.toDays() >= 2) {
            return d.toDays() + " d " + d.toHoursPart() + " h";
        }
        return String.format(Locale.ROOT, "%d h %02d min", d.toHours(), d.toMinutesPart());
    }

    static String resource(String name) {
        try (InputStream in = DashboardPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The tools jar has no " + name + " beside DashboardPage: build it with"
                        + " Maven, which copies the charting library in");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
