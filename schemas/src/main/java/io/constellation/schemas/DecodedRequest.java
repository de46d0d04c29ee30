package io.constellation.schemas;

import io.constellation.schemas.avro.ExecutionRequest;
import java.util.Objects;

/**
 * A request as decoded by {@link RequestCodec#decode}, with the encoding it arrived in (results are answered in
 * the same encoding, so a JSON client gets JSON back).
 *
 * @param request the validated request; its {@code inputs} is canonical JSON object text
 * @param encoding how the record value was encoded
 */
public record DecodedRequest(ExecutionRequest request, Encoding encoding) {
  public DecodedRequest {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(encoding, "encoding");
  }
}
