package metrics

import (
	"fmt"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/prometheus/client_golang/prometheus"
)

// FireKind says why a coordinator fired.
type FireKind string

const (
	FireCron       FireKind = "cron"
	FireDependency FireKind = "dependency"
	FireManual     FireKind = "manual"
	FireCatchup    FireKind = "catchup"
	FireBackfill   FireKind = "backfill"
)

var fireKinds = []string{string(FireCron), string(FireDependency), string(FireManual),
	string(FireCatchup), string(FireBackfill)}

// XML file statuses as apiv1.XMLFile reports them.
var xmlStatuses = []string{"loaded", "error", "disabled"}

var instanceStatuses = names([]workflows.InstanceStatus{workflows.InstancePrep,
	workflows.InstanceRunning, workflows.InstanceSucceeded, workflows.InstanceFailed,
	workflows.InstanceKilled})

// attemptOutcomes are the terminal attempt statuses: only those finish a task.
var attemptOutcomes = names([]workflows.AttemptStatus{workflows.AttemptSucceeded,
	workflows.AttemptFailed, workflows.AttemptKilled, workflows.AttemptTimedOut,
	workflows.AttemptLost})

// DispatchBuckets span 0.5 ms (a local dispatch) to 5 s (a badly stalled master).
var DispatchBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}

func (r *Registry) registerDomain() {
	r.instances = prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: namespace,
		Name: "instances", Help: "Workflow instances per status."}, []string{"status"})
	r.tasksFinished = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace,
		Name: "tasks_finished_total", Help: "Task attempts finished, by outcome."}, []string{"status"})
	r.dispatch = prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: namespace,
		Name: "dispatch_latency_seconds", Buckets: DispatchBuckets,
		Help: "Delay from a task becoming ready to its dispatch being committed."})
	r.queueDepth = prometheus.NewGauge(prometheus.GaugeOpts{Namespace: namespace,
		Name: "queue_depth", Help: "Instances waiting for admission."})
	r.fires = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace,
		Name: "coordinator_fires_total", Help: "Coordinator fires by kind."}, []string{"kind"})
	r.xmlFiles = prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: namespace,
		Name: "xmlconfig_files", Help: "Scanned xmlconfig files per load status."}, []string{"status"})
	r.reg.MustRegister(r.instances, r.tasksFinished, r.dispatch, r.queueDepth, r.fires, r.xmlFiles)

	// Every known series exists from the start at 0: rate() and absent() need it, and a
	// dashboard should show "0 failed" rather than nothing.
	for _, s := range instanceStatuses {
		r.instances.WithLabelValues(s)
	}
	for _, s := range attemptOutcomes {
		r.tasksFinished.WithLabelValues(s)
	}
	for _, k := range fireKinds {
		r.fires.WithLabelValues(k)
	}
	for _, s := range xmlStatuses {
		r.xmlFiles.WithLabelValues(s)
	}
}

// SetInstances records how many instances have status s now.
func (r *Registry) SetInstances(s workflows.InstanceStatus, n int) {
	if r == nil {
		return
	}
	r.instances.WithLabelValues(oneOf(s.String(), instanceStatuses)).Set(float64(n))
}

// TaskFinished counts one task attempt that ended with status s.
func (r *Registry) TaskFinished(s workflows.AttemptStatus) {
	if r == nil {
		return
	}
	r.tasksFinished.WithLabelValues(oneOf(s.String(), attemptOutcomes)).Inc()
}

// ObserveDispatch records the delay between a task becoming ready and its dispatch.
func (r *Registry) ObserveDispatch(d time.Duration) {
	if r == nil {
		return
	}
	r.dispatch.Observe(d.Seconds())
}

// SetQueueDepth records how many instances wait for admission.
func (r *Registry) SetQueueDepth(n int) {
	if r == nil {
		return
	}
	r.queueDepth.Set(float64(n))
}

// CoordinatorFired counts one fire of kind k.
func (r *Registry) CoordinatorFired(k FireKind) {
	if r == nil {
		return
	}
	r.fires.WithLabelValues(oneOf(string(k), fireKinds)).Inc()
}

// SetXMLConfigFiles records how many scanned files have status ("loaded", "error", "disabled").
func (r *Registry) SetXMLConfigFiles(status string, n int) {
	if r == nil {
		return
	}
	r.xmlFiles.WithLabelValues(oneOf(status, xmlStatuses)).Set(float64(n))
}

// oneOf returns v when it is in the closed set, else "other".
func oneOf(v string, set []string) string {
	for _, s := range set {
		if s == v {
			return v
		}
	}
	return other
}

// names turns typed values into their label strings.
func names[T fmt.Stringer](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.String()
	}
	return out
}
