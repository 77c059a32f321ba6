// Package mail sends actorflow's mail: the <email> action (Action), and the instance
// completion mails and node retry alerts (Notifier), through one SMTP account (Config,
// Mailer, built on wneessen/go-mail).
//
// Configuration comes from mail.* keys of actorflow.conf (ParseConfig): mail.host,
// mail.port, mail.from, mail.username, mail.password (literal, env:NAME, file:/path or
// literal:text, as package secret reads them), mail.auth, mail.tls (none|starttls|tls,
// default starttls), mail.tls-skip-verify, mail.timeout,
// mail.subject-prefix, and for the Notifier mail.queue-size, mail.retry-max,
// mail.retry-backoff, mail.retry-backoff-max. Without mail.host, mail is off: the email
// action fails saying so and the Notifier skips its mails.
//
// Recipients of an <email> action: its to attribute, else the workflow's mail-receivers,
// which the master passes in Task.Env[ReceiversEnv] (ACTORFLOW_MAIL_RECEIVERS, a comma
// list).
//
// Invariants:
//   - Notifier methods never block on the network or on a full queue: a full queue drops
//     its oldest waiting mail and counts it (NotifierStats.Dropped).
//   - A Notifier mail is attempted at most RetryMax times, the waits between attempts
//     doubling from RetryBackoff up to RetryBackoffMax; every failure is logged with the
//     server's error, and giving up is logged at error level.
//   - Time in the Notifier comes only from NotifierOptions.Now and After.
//   - The email action returns a terminal Result: succeeded once the server accepted the
//     mail, failed with the server and its error otherwise, killed or timed_out when its
//     context is done (the send is aborted).
//   - No TLS downgrade: with tls=starttls a server without STARTTLS is an error.
//   - Config.String and every error leave the password out.
package mail
