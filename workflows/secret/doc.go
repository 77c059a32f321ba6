// Package secret resolves the password references that configuration files hold instead of
// secrets: db-links, file-links and the mail account all accept the same forms.
//
//	env:NAME     the value of the environment variable NAME, which must be set
//	file:/path   the file's content without its trailing line breaks (\r and \n)
//	literal:text text itself, for a password that starts with env:, file: or literal:
//	anything     else the password itself
//
// Invariants:
//   - An error names the variable or the file, never a secret; a reference may be shown
//     (it says where the secret is), a literal never (IsReference tells them apart).
//   - Prefixes are matched as written (lower case); spaces around NAME and /path are
//     dropped, since no variable or password file is named with them.
//   - References are read when Resolve is called, so a rotated secret takes effect at the
//     next call; nothing is cached.
//   - Imports: the standard library only.
package secret
