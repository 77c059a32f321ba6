package gateway

import "context"

// SetWorkflowEnabled switches the coordinator called name on or off through the master
// (store.SetEnabled): a switched-off coordinator does not fire on its own; manual triggers and
// runs still work. Rows show it as not enabled, without a next fire.
func (g *Gateway) SetWorkflowEnabled(ctx context.Context, name string, enabled bool) error {
	verb := "disable "
	if enabled {
		verb = "enable "
	}
	_, err := g.cfg.Master.SetEnabled(ctx, name, enabled)
	return mapErr(err, verb+name)
}

// switchReader is the store's read of an operator's switch; *store.Store has it. Without it
// (a test double) nothing is switched off.
type switchReader interface {
	CoordinatorDisabled(name string) (bool, error)
}

// switchedOff reports whether an operator switched the coordinator called name off.
func (g *Gateway) switchedOff(name string) (bool, error) {
	sr, ok := g.cfg.Store.(switchReader)
	if !ok {
		return false, nil
	}
	off, err := sr.CoordinatorDisabled(name)
	if err != nil {
		return false, mapErr(err, "read whether coordinator "+name+" is switched off")
	}
	return off, nil
}
