package io.constellation.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The COPY text format: escapes, nulls, separators. */
final class CopyRowWriterTest {

  @Test
  void text_specialCharacters_escapedAndNulReplaced() throws IOException {
    StringWriter out = new StringWriter();
    CopyRowWriter row = new CopyRowWriter(out);

    row.text("a\tb\nc\rd\\e\0f'g\"h").text(null).text("").text("\\N").endRow();

    assertThat(out.toString()).isEqualTo("a\\tb\\nc\\rd\\\\e\uFFFDf'g\"h\t\\N\t\t\\\\N\n");
  }

  @Test
  void values_numbersBooleansInstants_inPostgresTextForm() throws IOException {
    StringWriter out = new StringWriter();
    CopyRowWriter row = new CopyRowWriter(out);

    row.number(-5).number((Long) null).bool(true).bool(false).instant(Instant.parse("2025-01-31T12:00:00.009Z"))
        .instant(null).endRow();
    row.number(1).endRow();

    assertThat(out.toString()).isEqualTo("-5\t\\N\tt\tf\t2025-01-31T12:00:00.009Z\t\\N\n1\n");
  }
}
