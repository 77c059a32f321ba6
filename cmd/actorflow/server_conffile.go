package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/actorflow/actorflow/workflows/executors/mail"
)

// configFile holds the key = value pairs of a server config file and where each came from.
type configFile struct {
	path   string
	values map[string]string
	lines  map[string]int
	// mail holds the mail.* keys (see package mail), which are settings of their own rather
	// than flags; their lines are in lines too.
	mail map[string]string
}

// readConfigFile reads --config, or $home/actorflow.conf when that exists. Lines are
// `key = value` with keys named like the flags, or mail.* keys (mailConfig checks those);
// `#` starts a comment; blank lines are skipped. An unknown key is an error naming the file
// and line, so a typo does not pass silently.
func readConfigFile(c *cli.Context) (configFile, error) {
	cf := configFile{values: map[string]string{}, lines: map[string]int{}, mail: map[string]string{}}
	path, explicit := c.String("config"), c.IsSet("config")
	if !explicit {
		path = filepath.Join(c.String("home"), "actorflow.conf")
	}
	f, err := os.Open(path)
	if err != nil {
		if !explicit && errors.Is(err, os.ErrNotExist) {
			return cf, nil
		}
		return cf, fmt.Errorf("config file: %w", err)
	}
	defer f.Close()
	cf.path = path
	known := map[string]bool{}
	for _, fl := range serverFlags() {
		known[fl.Names()[0]] = true
	}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		switch {
		case !ok:
			return cf, fmt.Errorf("%s:%d: want key = value, got %q", path, n, line)
		case strings.HasPrefix(key, mailKeyPrefix):
			cf.mail[key], cf.lines[key] = value, n
			continue
		case !known[key] || key == "config":
			return cf, fmt.Errorf("%s:%d: unknown key %q", path, n, key)
		}
		cf.values[key], cf.lines[key] = value, n
	}
	return cf, sc.Err()
}

// mailKeyPrefix starts the keys of the SMTP settings (mail.host, mail.from, …).
const mailKeyPrefix = "mail."

// mailConfig checks and resolves the mail.* keys of the file. A bad key or value is reported
// at its line (mail.ParseConfig names the key as "setting KEY: …"); a missing companion key
// (mail.from with mail.host) names the file.
func (cf configFile) mailConfig() (mail.Config, error) {
	c, err := mail.ParseConfig(cf.mail, nil)
	if err == nil {
		return c, nil
	}
	for k := range cf.mail {
		if strings.HasPrefix(err.Error(), "setting "+k+":") {
			return mail.Config{}, fmt.Errorf("%s:%d: %w", cf.path, cf.lines[k], err)
		}
	}
	return mail.Config{}, fmt.Errorf("%s: %w", cf.path, err)
}
