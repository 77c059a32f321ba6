package gateway

import (
	"context"
	"os"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// standaloneName names the only member of a standalone process.
const standaloneName = "standalone"

// Members lists the cluster's nodes: Config.Members when set, else this standalone process
// alone, leader, with the slots of the workers the master knows. A master that does not
// answer leaves the slots at zero rather than failing the list: the process is alive either
// way, and "cluster members" is what people run when something is wrong.
func (g *Gateway) Members(ctx context.Context) (apiv1.List[apiv1.Member], error) {
	if g.cfg.Members != nil {
		ms := g.cfg.Members()
		if ms == nil {
			ms = []apiv1.Member{}
		}
		return apiv1.List[apiv1.Member]{Items: ms, Total: len(ms)}, nil
	}
	m := apiv1.Member{Name: standaloneName, Role: standaloneName, Status: "alive", Leader: true, PID: os.Getpid()}
	st, err := g.cfg.Master.Status(ctx)
	if err != nil {
		g.log.Debug("gateway: members without slots: the master did not answer", "err", err)
	} else {
		m.RaftTerm = st.Term
		for _, w := range st.Workers {
			m.Slots += w.Slots
			m.SlotsUsed += w.Used
		}
	}
	return apiv1.List[apiv1.Member]{Items: []apiv1.Member{m}, Total: 1}, nil
}
