/**
 * The wire contract of Constellation: Avro schemas of {@code ExecutionRequest}, {@code ExecutionResult} and
 * {@code DeadLetter} (generated into {@code io.constellation.schemas.avro}), their codecs in Avro single-object
 * encoding and JSON ({@link io.constellation.schemas.RequestCodec}, {@link io.constellation.schemas.ResultCodec},
 * {@link io.constellation.schemas.DeadLetterCodec}), topic names ({@link io.constellation.schemas.Topics}) and
 * their set-up ({@link io.constellation.schemas.TopicSetup}), and header names
 * ({@link io.constellation.schemas.RecordHeaders}).
 *
 * <p>Every decode method throws only its {@link io.constellation.schemas.UnableToDecodeException} subtype, whatever
 * the bytes.
 */
package io.constellation.schemas;
