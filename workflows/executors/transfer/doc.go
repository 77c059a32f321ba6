// Package transfer runs akkaflow's <transfer> action: rows from a table, a query or a
// delimited file into a table or a delimited file (DB→DB, DB→FILE, FILE→DB, FILE→FILE).
// The legacy <transfer><script> form runs exactly like a <script> action, through the
// script executor of the registry it was registered in.
//
// Ends. A DB source is a bare (optionally qualified) table name, read as SELECT * FROM it,
// or a query run as written (not wrapped in a subquery, which broke WITH and trailing
// semicolons in akkaflow). A FILE source is a path on a file-link ("" = local disk) or a
// glob pattern, whose matches are read in path order as one stream. Connections come
// from the consumer interfaces DBs (*dblink.Registry) and Files (*filelink.Registry).
//
// Delimited files. The delimiter is literal, never a regular expression (akkaflow split
// with String.split, so "|" split every character); "" is TAB (akkaflow's default), and
// TAB, COMMA, PIPE, SEMICOLON, SPACE, \t, \001 and ^A name their characters; several
// characters work ("####"; "aaaaaa" loads whole lines into one column, as an akkaflow
// example did). Quoting is RFC 4180's, with any delimiter: a field that starts with " runs
// to the next lone " (a doubled "" is one quote) and may hold delimiters and line breaks.
// NULL: an unquoted empty field, \N, or null in any case (as akkaflow read it) is NULL; a
// quoted field is always text, so "" is the empty string and "null" the word. The writer
// writes NULL as an empty field (\N when it is a row's only field, so the line is not
// blank), and quotes exactly the values that would otherwise read back differently, so a
// written file reads back to the same values. Binary values are written as \x and hex
// (what PostgreSQL reads into bytea). Blank lines are skipped; \r\n and \n both end a
// line. Every record needs as many fields as the first one, else the transfer fails with
// file:line. header="true" makes each file's first record its header; its names become
// the column names of a created table (else col_0, col_1, … as in akkaflow).
//
// Loading. One reader fills a feed of batches (DefaultBatchRows rows or DefaultBatchBytes,
// two batches per writer in flight, so memory is bounded whatever the size); task-num
// writers drain it. A table target is loaded by COPY … FROM STDIN on PostgreSQL when the
// driver lends its pgx connection, by LOAD DATA LOCAL INFILE on MySQL/MariaDB when the
// server allows it (any warning it reports — a truncated or coerced value, a duplicate key
// — fails the load), else by multi-row INSERTs of up to 30,000 parameters. Rows go in by
// position; the column counts must match. A missing table is created from the source's
// column types (kindOf maps driver type names to dblink kinds; dblink.Dialect declares
// them per database; MySQL tables are utf8mb4); a file source's columns are text.
// Booleans travel as 1/0, which every target reads.
//
// All or nothing, per target kind:
//   - PostgreSQL and SQLite with one writer: one transaction on one connection holds the
//     truncate (TRUNCATE on PostgreSQL, DELETE elsewhere), <pre>, CREATE TABLE, the rows
//     and <after>; any failure or a kill rolls all of it back.
//   - MySQL/MariaDB (DDL commits there), and any database with task-num > 1: the writers
//     fill a staging table (af_stage_<random>_<table>, UNLOGGED on PostgreSQL), each in
//     its own connection and transaction; then one transaction runs the truncate (DELETE),
//     <pre>, CREATE TABLE if missing, INSERT … SELECT from the staging table and <after>,
//     and commits. The staging table is dropped in every case (a crashed worker can leave
//     one behind); a table this run created on MySQL is dropped again if the load fails.
//     <pre>/<after> statements that are DDL commit implicitly on MySQL, as they always do.
//   - SQLite takes one writer whatever task-num says.
//   - FILE target: one writer (task-num ignored, as in akkaflow); the file is written
//     beside its path and renamed over it at the end (filelink Create/Close), so the old
//     content stays until the new one is complete. is-pre-del (ignored by akkaflow)
//     removes the old file before the transfer, so a failed run leaves none. <pre> and
//     <after> are bash scripts; <after> runs once the file is in place.
//
// Invariants:
//   - Run returns a terminal Result and never commits a partial load: a writer commits
//     only after the feed ended without a reader error, and a failed read ends the bulk
//     stream with that error.
//   - Cancelling ctx (kill, timeout) stops the reader and the writers; the result is
//     killed or timed_out and the target is rolled back as above.
//   - The message counts the rows and says where they went; Result.Outputs[OutputRows]
//     ("transfer.rows") holds the count.
package transfer
