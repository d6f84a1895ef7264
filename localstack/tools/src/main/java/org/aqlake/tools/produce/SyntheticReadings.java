package org.aqlake.tools.produce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Readings in the OpenAQ realtime layout that look like a real feed: every station reports each of its
 * pollutants in turn, at a level set by its city, the pollutant's daily cycle at the station's local
 * hour, and some noise. A configurable fraction is spoiled on purpose (see {@link BadRecords}).
 *
 * <p>Event times are the wall clock, or, with a start time, a simulated clock that advances by a fixed
 * interval after each round of all stations, to make a day of data in seconds.
 */
public final class SyntheticReadings implements RecordSource {

    static final DateTimeFormatter OPENAQ_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Station> stations = new ArrayList<>();
    private final List<Pollutant> pollutants = new ArrayList<>();
    private final Random random;
    private final double badFraction;
    private final long limit;
    private final Clock clock;
    private final Instant start;
    private final Duration interval;
    private long produced;

    /**
     * @param limit how many records to make, or a negative number for no end
     * @param start the first event time of a simulated clock, or null for the wall clock
     */
    public SyntheticReadings(long seed, double badFraction, long limit, Clock clock, Instant start, Duration interval) {
        if (badFraction < 0 || badFraction > 1) {
            throw new IllegalArgumentException("bad fraction " + badFraction + " is not between 0 and 1");
        }
        for (Station s : Stations.ALL_STATIONS) {
            for (Pollutant p : s.pollutants) {
                stations.add(s);
                pollutants.add(p);
            }
        }
        this.random = new Random(seed);
        this.badFraction = badFraction;
        this.limit = limit;
        this.clock = clock;
        this.start = start;
        this.interval = interval;
    }

    @Override
    public String describe() {
        return "synthetic readings from " + Stations.ALL_STATIONS.size() + " stations, "
                + Math.round(badFraction * 1000) / 10.0 + "% bad, "
                + (start == null ? "event time = now" : "event time from " + start + " every " + interval)
                + (limit < 0 ? "" : ", " + limit + " records");
    }

    @Override
    public boolean hasNext() {
        return limit < 0 || produced < limit;
    }

    @Override
    public ProducerRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int i = (int) (produced % stations.size());
        Instant time = eventTime();
        produced++;
        Station station = stations.get(i);
        ObjectNode reading = reading(station, pollutants.get(i), time);
        if (badFraction > 0 && random.nextDouble() < badFraction) {
            return BadRecords.spoil(reading, station.location, random);
        }
        return new ProducerRecord(station.location, bytes(reading));
    }

    private Instant eventTime() {
        if (start == null) {
            return clock.instant().truncatedTo(ChronoUnit.SECONDS);
        }
        long round = produced / stations.size();
        return start.plus(interval.multipliedBy(round));
    }

    ObjectNode reading(Station s, Pollutant p, Instant time) {
        ZonedDateTime local = time.atZone(s.zone);
        ObjectNode o = JSON.createObjectNode();
        o.putObject("date")
                .put("utc", OPENAQ_UTC.format(time))
                .put("local", local.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        o.put("parameter", p.id);
        o.put("location", s.location);
        o.put("value", value(s, p, local.getHour() + local.getMinute() / 60.0));
        o.put("unit", p.unit);
        o.put("city", s.city);
        o.putArray("attribution").addObject().put("name", s.sourceName);
        o.putObject("averagingPeriod").put("value", 1).put("unit", "hours");
        o.putObject("coordinates").put("latitude", s.latitude).put("longitude", s.longitude);
        o.put("country", s.country);
        o.put("sourceName", s.sourceName);
        o.put("sourceType", s.sourceType);
        o.put("mobile", false);
        if (s.community()) {
            o.put("serialNumber", s.serialNumber);
        }
        return o;
    }

    private double value(Station s, Pollutant p, double localHour) {
        // ozone is regional, so it hardly follows how polluted the city itself is
        double level = p == Pollutant.O3 ? Math.pow(s.pollution, 0.15) : s.pollution;
        // low-cost optical sensors over-read PM a little, mostly with humidity
        double sensor = s.community() ? 1.1 : 1.0;
        double noise = Math.exp(0.18 * random.nextGaussian());
        double v = p.baseline * level * sensor * DailyCycle.factor(p.cycle, localHour) * noise;
        return BigDecimal.valueOf(v).setScale(p.decimals, RoundingMode.HALF_UP).doubleValue();
    }

    static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
