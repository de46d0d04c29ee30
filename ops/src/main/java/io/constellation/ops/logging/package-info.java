/** Logging of the distribution: one backend (Logback) configured in code, as text or as JSON lines. */
package io.constellation.ops.logging;
