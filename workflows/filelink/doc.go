// Package filelink holds akkaflow's file-links: named ways to reach a file system (LOCAL,
// SFTP, HDFS), read from conf/file_links.xml or put at runtime, and the small file system
// interface (FS) the executors use through them: glob, open, atomic create, remove, rename,
// mkdir, stat. An SFTP link is also how the ssh action reaches its host (Session).
//
// File format (akkaflow's, plus key-file and known-hosts):
//
//	<file-links>
//	  <link name="s1" type="SFTP" host="h" port="22" username="u" password="env:S1_PASSWORD"
//	        key-file="/etc/actorflow/id_ed25519" known-hosts="/etc/actorflow/known_hosts" desc="…"/>
//	</file-links>
//
// Passwords are literal text, "env:NAME" (an environment variable of the worker) or
// "file:/path" (a file's content, trailing line breaks dropped); "literal:" escapes a literal
// that starts with one of those prefixes (package secret, shared with db-links and mail).
// They are resolved at each dial, never stored resolved, and never appear in List (literals
// show as RedactedPassword), String or any error.
//
// Host keys. akkaflow disabled host key checking; actorflow does not:
//   - a link with known-hosts is checked strictly against that file (OpenSSH format): an
//     unknown host is refused with the ssh-keyscan line that would admit it, a changed key is
//     refused as a possible attack;
//   - a link without known-hosts uses trust on first use: the first key seen for host:port is
//     appended to Options.KnownHostsDir/known_hosts (with a warning in the log), and every
//     later connection must present that key. This keeps akkaflow's configurations working
//     unchanged while making a later man-in-the-middle visible. Without KnownHostsDir such a
//     link cannot connect (no silent insecure mode exists).
//
// HDFS links are accepted in configuration (akkaflow's files have them) but Open fails with
// ErrHDFSUnsupported: no HDFS client is built in.
//
// Invariants:
//   - Parse returns every link or none: a file with any problem yields a *ParseError listing
//     each one with file:line:col, and a Registry keeps its previous file links.
//   - The link named "local" (LocalName) always exists and is of type LOCAL; the empty name
//     means it too.
//   - One pooled SSH connection per link name, made on first use; a connection found dead
//     (keepalive unanswered, EOF) is dropped and the next use dials again; idempotent
//     operations (stat, list, open, create, mkdir) are retried once on a new connection.
//     When a link changes or is removed, its connection is closed and FS values opened for
//     the old definition fail with ErrLinkChanged.
//   - Create never leaves a partial target: data goes to a hidden temporary file in the same
//     directory, renamed over the target by Writer.Close (atomically: rename(2) locally,
//     posix-rename@openssh.com over SFTP); a failed Close or an Abort removes it.
//   - Imports: the standard library, beevik/etree, x/crypto/ssh, pkg/sftp, and workflows
//     (LineIndex) and workflows/secret; nothing of actors or cluster.
package filelink
