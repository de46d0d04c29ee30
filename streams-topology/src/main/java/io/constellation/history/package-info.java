/**
 * The execution history in PostgreSQL: schema (Flyway), batched idempotent trace writes, queries and retention.
 */
package io.constellation.history;
