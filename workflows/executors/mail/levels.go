package mail

import (
	"fmt"
	"slices"
	"strings"

	"github.com/actorflow/actorflow/workflows"
)

// timeoutNames are akkaflow spellings of a timed-out run. akkaflow ended such an instance
// as killed; actorflow fails the instance when a node times out without an error path, so
// these select the failed status.
var timeoutNames = []string{"超时", "W_TIMEOUT", "W_TIMEDOUT", "TIMEOUT", "TIMED_OUT", "TIMEDOUT"}

// ParseMailLevel reads a mail-level text: a comma list of final instance statuses, by
// actorflow's names (succeeded, failed, killed), akkaflow's W_* names in any case
// (W_SUCCESSED, W_FAILED, W_KILLED, also W_SUCCESS), or the Chinese labels (成功, 失败,
// 杀死, 超时). Items are trimmed; duplicates are dropped; an empty text means "never".
// The XML reader (workflows/xmlspec) already does this for mail-level attributes, into the
// same []workflows.InstanceStatus; this is for levels that arrive as text elsewhere (API,
// configuration).
func ParseMailLevel(text string) ([]workflows.InstanceStatus, error) {
	var out []workflows.InstanceStatus
	for _, item := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == '，' }) {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		s, err := parseLevelItem(item)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, nil
}

func parseLevelItem(item string) (workflows.InstanceStatus, error) {
	up := strings.ToUpper(item)
	if slices.Contains(timeoutNames, up) {
		return workflows.InstanceFailed, nil
	}
	switch up {
	case "W_SUCCESS", "SUCCESS", "SUCCEED", "SUCCESSED":
		return workflows.InstanceSucceeded, nil
	case "W_FAIL", "FAIL":
		return workflows.InstanceFailed, nil
	}
	for _, cand := range []string{item, up, strings.ToLower(item)} {
		if s, err := workflows.ParseInstanceStatus(cand); err == nil {
			if !s.Terminal() {
				return 0, fmt.Errorf("mail-level %q is not a final status; a completion mail is sent only for succeeded, failed or killed", item)
			}
			return s, nil
		}
	}
	return 0, fmt.Errorf("mail-level %q is unknown; use succeeded/W_SUCCESSED/成功, failed/W_FAILED/失败/超时 or killed/W_KILLED/杀死", item)
}

// WantsMail reports whether an instance that ended with status is mailed under level.
func WantsMail(level []workflows.InstanceStatus, status workflows.InstanceStatus) bool {
	return status.Terminal() && slices.Contains(level, status)
}
