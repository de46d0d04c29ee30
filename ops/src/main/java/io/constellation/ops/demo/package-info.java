/** {@code constellation demo}: a tour of a local cluster from submission to replay. */
package io.constellation.ops.demo;
