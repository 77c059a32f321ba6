package httpapi

import (
	"net"
	"net/http"
)

// akkaMember is one row of cluster?action=get: akkaflow's flattened actor tree (name, ip,
// port, atype "0" for a role actor, pname) plus actorflow's role and status.
type akkaMember struct {
	Name   string `json:"name"`
	IP     string `json:"ip"`
	Port   string `json:"port"`
	AType  string `json:"atype"`
	PName  string `json:"pname"`
	Role   string `json:"role"`
	Status string `json:"status"`
}

// akkaClusterActions serves /akkaflow/cluster?action=get|shutdown.
func (s *server) akkaClusterActions() map[string]akkaAction {
	return map[string]akkaAction{
		"get": {run: func(r *http.Request) (string, any, error) {
			list, err := s.b.Members(r.Context())
			if err != nil {
				return "", nil, err
			}
			rows := make([]akkaMember, len(list.Items))
			for i, m := range list.Items {
				ip, port, err := net.SplitHostPort(m.Address)
				if err != nil {
					ip, port = m.Address, ""
				}
				rows[i] = akkaMember{Name: m.Name, IP: ip, Port: port, AType: "0",
					Role: m.Role, Status: m.Status}
			}
			return "cluster members", rows, nil
		}},
		"shutdown": {mutates: true, run: func(*http.Request) (string, any, error) {
			return "", nil, unsupported("shutting the cluster down over HTTP is not supported: " +
				"stop the nodes with sbin/stop-cluster or their service manager")
		}},
	}
}

// akkaCoorActions serves 2017's POST /akkaflow/coor?action=add (form content): the file goes
// to the backend like any definition, which decides whether it accepts a standalone
// coordinator.
func (s *server) akkaCoorActions() map[string]akkaAction {
	return map[string]akkaAction{"add": {mutates: true, run: s.akkaAdd}}
}

// akkaCoorNameActions serves 2017's /akkaflow/coor/{name}?action=get|del, which actorflow does
// not offer: a standalone coordinator is not addressable by name.
func akkaCoorNameActions() map[string]akkaAction {
	no := func(mutates bool) akkaAction {
		return akkaAction{mutates: mutates, run: func(r *http.Request) (string, any, error) {
			return "", nil, unsupported("2017 standalone coordinators cannot be %s by name; "+
				"use /akkaflow/workflow/{name} for the workflow they trigger", verbOf(r))
		}}
	}
	return map[string]akkaAction{"get": no(false), "del": no(true)}
}

func verbOf(r *http.Request) string {
	if r.URL.Query().Get("action") == "del" {
		return "deleted"
	}
	return "read"
}
