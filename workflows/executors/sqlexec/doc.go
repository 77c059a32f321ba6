// Package sqlexec holds the executors of the sql and metadata action types, which run on a
// database reached through a db-link (package dblink) instead of in a process.
//
// sql: the text is cut into statements by dblink.Split (semicolons in literals, comments
// and $tag$ bodies do not split) and run in order in ONE transaction, committed at the end
// and rolled back on the first error. PostgreSQL and SQLite roll DDL back too. MySQL and
// MariaDB commit implicitly before and after every DDL statement (CREATE, ALTER, DROP,
// TRUNCATE, …), so only DML since the last DDL statement is rolled back there; the log says
// so when the script has DDL. Each statement is logged to TaskIO.Stdout (its first line,
// truncated) with the rows it affected and its duration; result sets are read and dropped,
// as akkaflow did. A failure names the statement (number and line) and carries the
// database's message, in Result.Message and on Stderr.
//
// metadata: reads the table's columns from the catalog, fills comments from same-named
// columns of the `from` tables (first table with a non-empty comment wins), then applies
// the explicit column comments (which win; an unknown column fails the node). As in
// akkaflow every column must end up with a comment, else the node fails before changing
// anything. PostgreSQL: COMMENT ON, in one transaction. MySQL/MariaDB: one ALTER TABLE with
// a MODIFY COLUMN per changed column restating its definition (from SHOW CREATE TABLE) plus
// COMMENT = for the table; a single statement, so all or nothing. Comments already equal are
// not rewritten. SQLite has no comments: the node fails saying so. An empty table comment
// leaves the table's comment as it is (akkaflow meant the workflow description, which a task
// does not carry).
//
// Invariants (those of package executors):
//   - Run always returns a terminal status and never panics on bad input.
//   - Cancelling the context is a kill: the running statement is cancelled on the server
//     (PostgreSQL cancel request; MySQL KILL QUERY from a second connection; SQLite
//     interrupt), the transaction rolls back, and context.Cause decides killed or timed_out
//     exactly as executors does.
//   - No password reaches a log or a message (dblink guarantees it for its errors).
package sqlexec
