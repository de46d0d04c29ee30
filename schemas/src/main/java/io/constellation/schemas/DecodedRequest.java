package io.constellation.schemas;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.schemas.avro.ExecutionRequest;
import java.util.Objects;

/**
 * A request as decoded by {@link RequestCodec#decode}, with the encoding it arrived in (results are answered in
 * the same encoding, so a JSON client gets JSON back) and its inputs as parsed while decoding.
 *
 * @param request the validated request; its {@code inputs} is canonical JSON object text
 * @param encoding how the record value was encoded
 * @param inputs the request's inputs as a tree, equal to what parsing {@code request.getInputs()} gives (keys in
 *     canonical order), so a consumer need not parse that text again; shared, not copied: treat it as read-only
 */
public record DecodedRequest(ExecutionRequest request, Encoding encoding, ObjectNode inputs) {
  public DecodedRequest {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(inputs, "inputs");
  }
}
