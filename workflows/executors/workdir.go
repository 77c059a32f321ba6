package executors

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// Files the executors create in the working directory. Attachments may not use these names.
const (
	ScriptFileName = "actorflow_script" // the script's code, run through its interpreter
	OutputFileName = "actorflow_output" // ACTORFLOW_OUTPUT: key=value lines the task writes
)

// checkTask rejects tasks the worker should never have been sent.
func checkTask(t Task) error {
	switch {
	case t.Action == nil:
		return errors.New("the task has no action")
	case t.InstanceID == "":
		return errors.New("the task has no instance id")
	case t.Attempt < 1:
		return fmt.Errorf("attempt number %d is invalid; attempts count from 1", t.Attempt)
	}
	for _, a := range t.Attachments {
		if err := checkAttachmentName(a.Name); err != nil {
			return err
		}
	}
	return nil
}

// checkAttachmentName accepts base names only, so an attachment cannot land outside the
// working directory or overwrite the executor's own files.
func checkAttachmentName(name string) error {
	switch {
	case name == "" || name == "." || name == "..":
		return fmt.Errorf("attachment name %q is not a file name", name)
	case strings.ContainsAny(name, `/\`+"\x00"):
		return fmt.Errorf("attachment name %q contains a path separator; only base names are allowed", name)
	case name == ScriptFileName || name == OutputFileName:
		return fmt.Errorf("attachment name %q is reserved for the executor", name)
	}
	return nil
}

// prepareWorkdir creates the attempt's directory and writes the attachments. If the
// directory was there already (the same attempt run again: a redelivered task, an instance
// id used again), an output file of the earlier run is removed so stale outputs are never
// read. A new directory holds nothing, so nothing is probed or removed: on ext4 every
// lookup of a missing name is cheap, but each unlink and create is not.
// The directory is kept afterwards for inspection; cleaning up is the worker's policy.
func prepareWorkdir(root string, t Task) (string, error) {
	if root == "" {
		return "", errors.New("the worker has no work root configured")
	}
	// The task runs in dir, so the paths it is given (the script, ACTORFLOW_WORKDIR,
	// ACTORFLOW_OUTPUT) must not be relative to the worker's own working directory, as
	// they would be under a relative root (--home data).
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", fmt.Errorf("cannot resolve the work root %s: %w", root, err)
	}
	dir := AttemptDir(abs, t)
	fresh, err := makeAttemptDir(dir)
	if err != nil {
		return "", fmt.Errorf("cannot create working directory %s: %w", dir, err)
	}
	for _, a := range t.Attachments {
		// 0755 so a shipped helper script can still be run as ./name; data files do not care.
		p := filepath.Join(dir, a.Name)
		if err := writeFile(p, a.Data, 0o755); err != nil {
			return "", fmt.Errorf("cannot write attachment %s: %w", p, err)
		}
	}
	if !fresh {
		if err := removeIfExists(filepath.Join(dir, OutputFileName)); err != nil {
			return "", fmt.Errorf("cannot remove stale output file: %w", err)
		}
	}
	return dir, nil
}
