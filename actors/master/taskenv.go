package master

import (
	"strings"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors/fileexec"
	"github.com/actorflow/actorflow/workflows/executors/mail"
)

// shippedFiles are the master paths whose contents an action's task carries, as written
// (attachmentPaths resolves relative ones): a script's attach-list; for a file-executor the
// script its command runs plus its attach-list (fileexec.MasterFiles), since the point of
// that action is running files kept on the master's host.
func shippedFiles(act *workflows.Action) []string {
	var names []string
	if act.Script != nil {
		names = append(names, act.Script.Attachments...)
	}
	if act.FileExecutor != nil {
		names = append(names, fileexec.MasterFiles(act.FileExecutor)...)
	}
	return names
}

// taskEnv is what the master adds to an attempt's environment: an <email> action without a
// to attribute mails the workflow's receivers, which only the master knows.
func taskEnv(wf *workflows.Workflow, act *workflows.Action) map[string]string {
	if act.Type != workflows.ActionEmail || len(wf.MailReceivers) == 0 {
		return nil
	}
	return map[string]string{mail.ReceiversEnv: strings.Join(wf.MailReceivers, ",")}
}
