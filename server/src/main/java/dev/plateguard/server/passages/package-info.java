/**
 * Passages: the reads of one vehicle by the cameras of one site within a few seconds, grouped into one passage with
 * its best read (docs/passages.md). Ingest and recognition queue a read with a plate in {@code passage_job} in the
 * statement that stores (or fills) its plate; {@link dev.plateguard.server.passages.PassageGrouping} drains the
 * queue in batches serialised across nodes. {@link dev.plateguard.server.passages.Passages} answers a read's
 * passage and searches passages; {@link dev.plateguard.server.passages.PassagePurge} deletes them with their reads.
 */
package dev.plateguard.server.passages;
