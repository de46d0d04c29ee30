package io.constellation.ops.demo;

import io.constellation.engine.spi.Module;
import io.constellation.engine.types.Type;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The demo's stand-in for a downstream service with a bug: {@code demo.CheckStock(sku)} fails for SKUs with a
 * lower-case letter (the "bug") until {@link #deployFix()}, then answers a stock count derived from the SKU.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class InventoryService {
  public static final String PIPELINE = """
      # Stock check: asks the inventory service how many items of a SKU are left.
      in sku: String
      stock = demo.CheckStock(sku)
      out stock
      """;

  private final AtomicBoolean fixed = new AtomicBoolean();

  /** {@code demo.CheckStock(sku: String) -> Int}. */
  public Module module() {
    return Module.builder("CheckStock")
        .namespace("demo")
        .param("sku", Type.STRING)
        .returns(Type.INT)
        .implementation(args -> {
          String sku = (String) args.get("sku");
          if (!fixed.get() && !sku.equals(sku.toUpperCase(java.util.Locale.ROOT))) {
            throw new IllegalStateException("inventory service rejected SKU '" + sku + "': not upper case");
          }
          return (long) Math.floorMod(sku.hashCode(), 500);
        })
        .build();
  }

  /** From now on every SKU is accepted. */
  public void deployFix() {
    fixed.set(true);
  }
}
