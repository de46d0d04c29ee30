package io.constellation.submitter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.schemas.RequestCodec;
import io.constellation.schemas.Encoding;
import io.constellation.submitter.Requests;
import org.junit.jupiter.api.Test;

final class ReplayIdsTest {
  @Test
  void of_shortOriginal_isOriginalTildeReplayAttempt() {
    assertThat(ReplayIds.of("exec-1", 2)).isEqualTo("exec-1~replay2");
    assertThat(ReplayIds.of("exec-1", 17)).isEqualTo("exec-1~replay17");
  }

  @Test
  void of_isAFunctionOfOriginalAndAttemptOnly() {
    String original = "o".repeat(300);
    assertThat(ReplayIds.of(original, 3)).isEqualTo(ReplayIds.of(original, 3));
    assertThat(ReplayIds.of(original, 3)).isNotEqualTo(ReplayIds.of(original, 4));
  }

  @Test
  void of_originalAtTheLimit_isShortenedToTheLimit_uniquePerOriginal() {
    String a = "a".repeat(255) + "1";
    String b = "a".repeat(255) + "2";

    String replayA = ReplayIds.of(a, 2);
    String replayB = ReplayIds.of(b, 2);

    assertThat(replayA.codePointCount(0, replayA.length())).isEqualTo(ReplayIds.MAX_LENGTH);
    assertThat(replayA).endsWith("~replay2").startsWith("a".repeat(200)).isNotEqualTo(replayB);
  }

  @Test
  void of_longOriginalOfSurrogatePairs_isCutBetweenCodePoints_andStaysAValidRequestId() {
    String original = "\uD83D\uDE80".repeat(256); // 256 code points, 512 chars

    String replay = ReplayIds.of(original, 12);

    assertThat(replay.codePointCount(0, replay.length())).isLessThanOrEqualTo(ReplayIds.MAX_LENGTH);
    // The request codec applies the schema's id rules (printable, no lone surrogate, at most 256 code points).
    new RequestCodec().encode(Requests.source("out x").executionId(replay).replayOf(original).attempt(12).build(),
        Encoding.AVRO);
  }
}
