/** A whole Constellation cluster in one process, for {@code constellation dev} and {@code constellation demo}. */
package io.constellation.ops.local;
