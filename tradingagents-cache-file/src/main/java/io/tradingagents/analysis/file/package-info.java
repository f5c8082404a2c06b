/**
 * File-backed analysis, usage and session stores: each store is one append-only journal of JSON lines
 * ({@link io.tradingagents.analysis.file.FileUsageStore}, {@link io.tradingagents.analysis.file.FileAnalysisStore},
 * {@link io.tradingagents.analysis.file.FileSessionStore}), opened by
 * {@link io.tradingagents.analysis.file.FileStores}. Appends are serialized in the process by a lock and
 * across processes by a file lock, flushed per a {@link io.tradingagents.analysis.file.FsyncPolicy}, and
 * survive a crash mid-write: a torn or unreadable line is skipped and reported, never fatal.
 */
@NullMarked
package io.tradingagents.analysis.file;

import org.jspecify.annotations.NullMarked;
