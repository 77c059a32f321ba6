package apiv1

// MonitorResult is one run of a <data-monitor> node (GET /api/v1/data-monitor): what
// akkaflow kept in its data_monitor table, derived from the instance record. Category and
// Name are the node's 2017 category and source-name attributes when set, else the workflow's
// and the node's name (akkaflow HEAD's key). Value, Min and Max are null when unknown (a probe
// failed, or the monitor has no such bound); Ok is null when nothing was compared.
type MonitorResult struct {
	InstanceID string   `json:"instance_id"`
	Workflow   string   `json:"workflow"`
	Node       string   `json:"node"`
	Time       Time     `json:"time"` // when the node ended
	Category   string   `json:"category"`
	Name       string   `json:"name"`
	Value      *float64 `json:"value"`
	Min        *float64 `json:"min"`
	Max        *float64 `json:"max"`
	Ok         *bool    `json:"ok"`
	Status     string   `json:"status"` // the node's: succeeded or failed
	Message    string   `json:"message"`
}
