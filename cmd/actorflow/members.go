package main

import (
	"context"
	"strings"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/actors/master"
	"github.com/actorflow/actorflow/cluster/membership"
)

type apiMember = apiv1.Member

// membersOf lists the gossip view for the API, with slots in use from the master when this
// node leads (a standby shows slots only).
func membersOf(g *membership.Node, m *master.Client) []apiMember {
	used := map[string]int{}
	if m.Master() != nil {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		if st, err := m.Status(ctx); err == nil {
			for _, w := range st.Workers {
				used[w.Name] = w.Used
			}
		}
		cancel()
	}
	var out []apiMember
	for _, mb := range g.Members() {
		role := string(mb.Meta.Role)
		if mb.Meta.Role == membership.RoleController {
			role = "standby"
			if mb.Meta.Leader && mb.State == membership.StateAlive {
				role = "master"
			}
		}
		am := apiMember{Name: mb.Name, Role: role, Address: mb.Addr, HTTP: mb.Meta.HTTP,
			Status: string(mb.State), Leader: mb.Meta.Leader && mb.State == membership.StateAlive,
			PID: mb.Meta.PID, Slots: mb.Meta.Slots, SlotsUsed: used[mb.Name], RaftTerm: mb.Meta.Term}
		if len(mb.Meta.Labels) > 0 {
			am.Labels = map[string]string{}
			for _, l := range mb.Meta.Labels {
				k, v, _ := strings.Cut(l, "=")
				am.Labels[k] = v
			}
		}
		if mb.Meta.Drain && mb.State == membership.StateAlive {
			am.Status = "draining"
		}
		out = append(out, am)
	}
	return out
}
