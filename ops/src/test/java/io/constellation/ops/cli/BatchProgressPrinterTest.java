package io.constellation.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.submitter.batch.BatchProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class BatchProgressPrinterTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void terminal_redrawsOneLineWithCarriageReturns_andFinishEndsIt() {
    BatchProgressPrinter printer = new BatchProgressPrinter(err, true);

    printer.onProgress(new BatchProgress(25, 100, 12.5, Optional.of(Duration.ofSeconds(6)), 1, Duration.ofSeconds(2)));
    printer.onProgress(new BatchProgress(100, 100, 20.0, Optional.of(Duration.ZERO), 3, Duration.ofSeconds(5)));
    printer.finish();

    assertThat(printed()).startsWith("\r[#######                       ] 25/100  12.5/s  ETA 6s  failures 1")
        .contains("\r[##############################] 100/100  20.0/s  ETA 0s  failures 3")
        .endsWith(System.lineSeparator())
        .doesNotContain("\n[");
  }

  @Test
  void plain_printsOneLinePerReport() {
    BatchProgressPrinter printer = new BatchProgressPrinter(err, false);

    printer.onProgress(new BatchProgress(0, 10, 0, Optional.empty(), 0, Duration.ZERO));
    printer.onProgress(new BatchProgress(10, 10, 2.0, Optional.of(Duration.ZERO), 0, Duration.ofSeconds(5)));
    printer.finish();

    assertThat(printed().lines()).containsExactly("progress 0/10  0.0/s  ETA --  failures 0",
        "progress 10/10  2.0/s  ETA 0s  failures 0");
  }

  @Test
  void durations_readAsMinutesAndHours() {
    assertThat(BatchProgressPrinter.duration(Duration.ofSeconds(59))).isEqualTo("59s");
    assertThat(BatchProgressPrinter.duration(Duration.ofSeconds(125))).isEqualTo("2m05s");
    assertThat(BatchProgressPrinter.duration(Duration.ofMinutes(135))).isEqualTo("2h15m");
  }
}
