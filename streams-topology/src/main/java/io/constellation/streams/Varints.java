package io.constellation.streams;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Unsigned LEB128 variable-length integers (as protobuf), and zig-zag for signed ones, for the stores' serdes. */
final class Varints {
  private Varints() {}

  static void writeLong(DataOutput out, long value) throws IOException {
    if (value < 0) throw new IllegalArgumentException("value must be >= 0, was " + value);
    while ((value & ~0x7FL) != 0) {
      out.writeByte((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.writeByte((int) value);
  }

  static long readLong(DataInput in) throws IOException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.readUnsignedByte();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) return value;
    }
    throw new IOException("varint longer than 10 bytes");
  }

  static void writeInt(DataOutput out, int value) throws IOException {
    writeLong(out, value);
  }

  static int readInt(DataInput in) throws IOException {
    long value = readLong(in);
    if (value > Integer.MAX_VALUE) throw new IOException("varint " + value + " does not fit an int");
    return (int) value;
  }

  static void writeSignedInt(DataOutput out, int value) throws IOException {
    writeLong(out, Integer.toUnsignedLong((value << 1) ^ (value >> 31)));
  }

  static int readSignedInt(DataInput in) throws IOException {
    long value = readLong(in);
    if (value > 0xFFFF_FFFFL) throw new IOException("varint " + value + " does not fit an int");
    int zigzag = (int) value;
    return (zigzag >>> 1) ^ -(zigzag & 1);
  }

  /** Zig-zag for longs that may be -1 (a time that is missing). */
  static void writeSignedLong(DataOutput out, long value) throws IOException {
    long zigzag = (value << 1) ^ (value >> 63);
    // writeLong refuses negatives; a zig-zagged Long.MIN_VALUE is all ones, so write the bits unsigned
    while ((zigzag & ~0x7FL) != 0) {
      out.writeByte((int) ((zigzag & 0x7F) | 0x80));
      zigzag >>>= 7;
    }
    out.writeByte((int) zigzag);
  }

  static long readSignedLong(DataInput in) throws IOException {
    long zigzag = readLong(in);
    return (zigzag >>> 1) ^ -(zigzag & 1);
  }
}
