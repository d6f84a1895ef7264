package org.aqlake.tools.produce;

import java.time.ZoneId;
import java.util.List;

/** A measuring station at a fixed place: a reference monitor, or a community sensor with a serial number. */
public final class Station {

    public final String location;
    public final String city;
    public final String country;
    public final ZoneId zone;
    public final double latitude;
    public final double longitude;
    public final String sourceName;
    public final String sourceType;
    /** Null for reference stations; community sensors identify themselves by it. */
    public final String serialNumber;
    /** How polluted the city is, relative to a clean European city (1.0). */
    public final double pollution;
    public final List<Pollutant> pollutants;

    Station(String location, String city, String country, String zone, double latitude, double longitude,
            String sourceName, String sourceType, String serialNumber, double pollution, List<Pollutant> pollutants) {
        this.location = location;
        this.city = city;
        this.country = country;
        this.zone = ZoneId.of(zone);
        this.latitude = latitude;
        this.longitude = longitude;
        this.sourceName = sourceName;
        this.sourceType = sourceType;
        this.serialNumber = serialNumber;
        this.pollution = pollution;
        this.pollutants = pollutants;
    }

    public boolean community() {
        return serialNumber != null;
    }
}
