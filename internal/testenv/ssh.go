package testenv

import (
	"os"
	"os/user"
	"testing"
)

// SSHAccount is a login on the test sshd (which also serves SFTP): key or password auth as User.
// HomeDir is that user's home on this machine, where a test can check what SFTP or a remote
// command wrote. (The brief named this type SSH, but Go cannot have a type and the function
// SSH of the same name in one package.)
type SSHAccount struct {
	Addr     string
	User     string
	KeyFile  string // unencrypted OpenSSH private key, readable by the test process
	Password string
	HomeDir  string
}

// SSH returns the sshd account after checking that the server greets and the key is readable.
func SSH(t testing.TB) SSHAccount {
	t.Helper()
	const addrVar = "ACTORFLOW_TEST_SSH_ADDR"
	var a SSHAccount
	for _, v := range []struct {
		key, what string
		into      *string
	}{
		{addrVar, "SSH server", &a.Addr},
		{"ACTORFLOW_TEST_SSH_USER", "SSH user", &a.User},
		{"ACTORFLOW_TEST_SSH_KEY", "SSH private key", &a.KeyFile},
		{"ACTORFLOW_TEST_SSH_PASSWORD", "SSH password", &a.Password},
	} {
		if *v.into = lookup(t, v.key, v.what); *v.into == "" {
			return SSHAccount{}
		}
	}
	greet(t, "SSH server", addrVar, a.Addr, "SSH-")
	if _, err := os.ReadFile(a.KeyFile); err != nil {
		t.Fatalf("testenv: ACTORFLOW_TEST_SSH_KEY: %v", err)
		return SSHAccount{}
	}
	a.HomeDir = os.Getenv("ACTORFLOW_TEST_SSH_HOME")
	if a.HomeDir == "" {
		u, err := user.Lookup(a.User)
		if err != nil {
			t.Fatalf("testenv: home directory of SSH user %s (set ACTORFLOW_TEST_SSH_HOME): %v", a.User, err)
			return SSHAccount{}
		}
		a.HomeDir = u.HomeDir
	}
	return a
}
