package org.aqlake.tools.dashboard;

import java.time.Instant;

/** The rows of the page's tables; each chart draws the same rows. */
final class DashboardRows {

    private DashboardRows() {}

    /** A city's name on the page: a city name exists in several countries, so the country comes with it. */
    static String cityName(String city, String country) {
        return country == null ? city : city + ", " + country;
    }

    /** A city's AQI in an hour: the highest of its places', and where and of what it was. */
    static final class CityAqi {
        final String city;
        final String country;
        final Instant hour;
        final int aqi;
        final String location;
        final String dominantPollutant;

        CityAqi(String city, String country, Instant hour, int aqi, String location, String dominantPollutant) {
            this.city = city;
            this.country = country;
            this.hour = hour;
            this.aqi = aqi;
            this.location = location;
            this.dominantPollutant = dominantPollutant;
        }

        String name() {
            return cityName(city, country);
        }

        AqiCategory category() {
            return AqiCategory.of(aqi);
        }
    }

    /** The mean of every reading of a pollutant in an hour, in its reference unit. */
    static final class PollutantMean {
        final String parameter;
        final String unit;
        final Instant hour;
        final double mean;
        final long readings;

        PollutantMean(String parameter, String unit, Instant hour, double mean, long readings) {
            this.parameter = parameter;
            this.unit = unit;
            this.hour = hour;
            this.mean = mean;
            this.readings = readings;
        }
    }

    /** How many hours a city's running mean of a pollutant was above the WHO 2021 guideline. */
    static final class WhoHours {
        final String city;
        final String country;
        final String parameter;
        final Double guideline;
        final int hoursAbove;

        WhoHours(String city, String country, String parameter, Double guideline, int hoursAbove) {
            this.city = city;
            this.country = country;
            this.parameter = parameter;
            this.guideline = guideline;
            this.hoursAbove = hoursAbove;
        }

        String name() {
            return cityName(city, country);
        }
    }

    static final class DeadLetters {
        final String type;
        final long count;

        DeadLetters(String type, long count) {
            this.type = type;
            this.count = count;
        }
    }

    /** An hour of the readings table that has its {@code _SUCCESS} marker, and its rows. */
    static final class CommittedHour {
        final Instant hour;
        final long readings;

        CommittedHour(Instant hour, long readings) {
            this.hour = hour;
            this.readings = readings;
        }
    }
}
