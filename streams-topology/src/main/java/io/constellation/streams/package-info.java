/**
 * The Kafka Streams application that records results: the PostgreSQL trace sink and windowed statistics.
 */
package io.constellation.streams;
