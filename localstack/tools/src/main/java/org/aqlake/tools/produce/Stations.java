package org.aqlake.tools.produce;

import java.util.List;

/**
 * The synthetic network: seven cities with reference stations at their real coordinates, and community
 * sensors (low-cost PM monitors with a {@code serialNumber}) in four of them.
 */
public final class Stations {

    private static final List<Pollutant> ALL = List.of(Pollutant.values());
    private static final List<Pollutant> PM_ONLY = List.of(Pollutant.PM25, Pollutant.PM10);

    public static final List<Station> ALL_STATIONS = List.of(
            reference("Anand Vihar", "Delhi", "IN", "Asia/Kolkata", 28.6469, 77.3152, "CPCB", 4.5),
            reference("ITO", "Delhi", "IN", "Asia/Kolkata", 28.6289, 77.2410, "CPCB", 4.0),
            community("Lajpat Nagar", "Delhi", "IN", "Asia/Kolkata", 28.5677, 77.2433, "AQS-DL-0417", 4.2),
            reference("Dongsi", "Beijing", "CN", "Asia/Shanghai", 39.9290, 116.4170, "Beijing MEMC", 2.6),
            reference("Beijing US Embassy", "Beijing", "CN", "Asia/Shanghai", 39.9546, 116.4662, "StateAir_Beijing", 2.5),
            reference("London Marylebone Road", "London", "GB", "Europe/London", 51.5225, -0.1546, "DEFRA", 1.3),
            reference("London N. Kensington", "London", "GB", "Europe/London", 51.5210, -0.2135, "DEFRA", 0.9),
            community("Hackney Downs", "London", "GB", "Europe/London", 51.5514, -0.0610, "AQS-LN-1130", 1.0),
            reference("Los Angeles - N. Main St", "Los Angeles", "US", "America/Los_Angeles", 34.0664, -118.2267,
                    "AirNow", 1.1),
            community("Echo Park", "Los Angeles", "US", "America/Los_Angeles", 34.0782, -118.2606, "AQS-LA-0088",
                    1.1),
            reference("Pinheiros", "São Paulo", "BR", "America/Sao_Paulo", -23.5614, -46.7020, "CETESB", 1.4),
            reference("Rozelle", "Sydney", "AU", "Australia/Sydney", -33.8658, 151.1625,
                    "Australia - New South Wales", 0.6),
            community("Kibera", "Nairobi", "KE", "Africa/Nairobi", -1.3133, 36.7876, "AQS-NB-0302", 2.0));

    private Stations() {}

    private static Station reference(String location, String city, String country, String zone, double lat,
            double lon, String sourceName, double pollution) {
        return new Station(location, city, country, zone, lat, lon, sourceName, "government", null, pollution, ALL);
    }

    private static Station community(String location, String city, String country, String zone, double lat,
            double lon, String serialNumber, double pollution) {
        return new Station(location, city, country, zone, lat, lon, "Community sensors", "community", serialNumber,
                pollution, PM_ONLY);
    }
}
