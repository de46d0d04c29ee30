package io.constellation.submitter.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

final class JsonlReaderTest {

  private static List<JsonlEntry> read(byte[] bytes, int maxLineBytes) throws IOException {
    JsonlReader reader = new JsonlReader(new ByteArrayInputStream(bytes), maxLineBytes);
    List<JsonlEntry> entries = new ArrayList<>();
    for (JsonlEntry e = reader.next(); e != null; e = reader.next()) entries.add(e);
    return entries;
  }

  private static List<JsonlEntry> read(String text) throws IOException {
    return read(text.getBytes(StandardCharsets.UTF_8), 1 << 20);
  }

  @Test
  void objects_oneEntryPerLine_blankLinesSkippedButCounted() throws IOException {
    List<JsonlEntry> entries = read("{\"x\":1}\n\n   \n{\"x\":2}\r\n{\"x\":3}");

    assertThat(entries).extracting(JsonlEntry::line).containsExactly(1, 4, 5);
    assertThat(entries).allMatch(e -> e instanceof JsonlEntry.Inputs);
    assertThat(((JsonlEntry.Inputs) entries.get(1)).inputs().get("x").intValue()).isEqualTo(2);
  }

  @Test
  void malformedLines_becomeEntriesWithReasons_andReadingGoesOn() throws IOException {
    List<JsonlEntry> entries = read("""
        {"x":1}
        {"x":
        [1,2]
        "text"
        {"x":1} trailing
        {"x":1,"x":2}
        null
        {"x":5}
        """);

    assertThat(entries).extracting(JsonlEntry::line).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(entries.get(1)).isInstanceOfSatisfying(JsonlEntry.Malformed.class,
        m -> assertThat(m.reason()).startsWith("not valid JSON"));
    assertThat(entries.get(2)).isInstanceOfSatisfying(JsonlEntry.Malformed.class,
        m -> assertThat(m.reason()).isEqualTo("must be a JSON object of input values, got array"));
    assertThat(entries.get(3)).isInstanceOfSatisfying(JsonlEntry.Malformed.class,
        m -> assertThat(m.reason()).contains("got string"));
    assertThat(entries.get(4)).isInstanceOf(JsonlEntry.Malformed.class);
    assertThat(entries.get(5)).isInstanceOfSatisfying(JsonlEntry.Malformed.class,
        m -> assertThat(m.reason()).contains("Duplicate field"));
    assertThat(entries.get(6)).isInstanceOf(JsonlEntry.Malformed.class);
    assertThat(entries.get(7)).isInstanceOf(JsonlEntry.Inputs.class);
  }

  @Test
  void oversizedLine_isReportedWithoutBeingHeld_andNextLineStillReads() throws IOException {
    String huge = "{\"x\":\"" + "a".repeat(5000) + "\"}";
    List<JsonlEntry> entries = read((huge + "\n{\"y\":1}\n").getBytes(StandardCharsets.UTF_8), 100);

    assertThat(entries).hasSize(2);
    assertThat(entries.get(0)).isInstanceOfSatisfying(JsonlEntry.Malformed.class,
        m -> assertThat(m.reason()).isEqualTo("line is 5008 bytes, over the limit of 100"));
    assertThat(entries.get(1)).isInstanceOf(JsonlEntry.Inputs.class);
  }

  @Test
  void invalidUtf8_isReported() throws IOException {
    byte[] bytes = {'{', '"', 'x', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'};
    assertThat(read(bytes, 1000)).singleElement().isInstanceOfSatisfying(JsonlEntry.Malformed.class,
        m -> assertThat(m.reason()).isEqualTo("line is not valid UTF-8"));
  }

  @Test
  void deepNesting_isReportedNotAStackOverflow() throws IOException {
    String deep = "{\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    assertThat(read(deep)).singleElement().isInstanceOf(JsonlEntry.Malformed.class);
  }

  @Test
  void bigNumbers_stayExact() throws IOException {
    JsonlEntry entry = read("{\"n\":123456789012345678901234567890,\"d\":0.1}").get(0);
    assertThat(((JsonlEntry.Inputs) entry).inputs().get("n").bigIntegerValue().toString())
        .isEqualTo("123456789012345678901234567890");
  }

  @Test
  void countEntries_countsNonBlankLinesNotExcluded() throws IOException {
    byte[] bytes = "{}\n\n{}\n  \n{}\nnot json\n{}".getBytes(StandardCharsets.UTF_8);
    BitSet exclude = new BitSet();
    assertThat(JsonlReader.countEntries(new ByteArrayInputStream(bytes), exclude)).isEqualTo(5);
    exclude.set(3);
    exclude.set(7);
    assertThat(JsonlReader.countEntries(new ByteArrayInputStream(bytes), exclude)).isEqualTo(3);
  }

  @Test
  void emptyInput_hasNoEntries() throws IOException {
    assertThat(read("")).isEmpty();
    assertThat(read("\n\n \n")).isEmpty();
  }
}
