package main

import (
	"context"
	"errors"

	"github.com/actorflow/actorflow/actors/httpapi"
	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/dblink"
	"github.com/actorflow/actorflow/workflows/filelink"
)

// linksBackend adds the connection-link routes to a Backend, over the registries of this
// process's worker (standalone: the one worker). Changes are runtime ones: they last until the
// process restarts and are not seen by other workers, which is why only standalone offers them.
type linksBackend struct {
	httpapi.Backend
	db    *dblink.Registry
	files *filelink.Registry
}

var _ httpapi.LinksBackend = linksBackend{}

func (b linksBackend) ListDBLinks(context.Context) (apiv1.List[apiv1.DBLink], error) {
	links := b.db.List() // redacted
	out := make([]apiv1.DBLink, 0, len(links))
	for _, l := range links {
		out = append(out, dbLinkOut(l))
	}
	return apiv1.List[apiv1.DBLink]{Items: out, Total: len(out)}, nil
}

func dbLinkOut(l dblink.Link) apiv1.DBLink {
	a := apiv1.DBLink{Name: l.Name, Type: string(l.Type), JDBCURL: l.JDBCURL, Username: l.Username,
		Password: l.Password, Desc: l.Desc, Source: l.Source}
	for _, p := range l.Properties {
		a.Properties = append(a.Properties, apiv1.LinkOption{Name: p.Name, Value: p.Value})
	}
	return a
}

func (b linksBackend) PutDBLink(_ context.Context, a apiv1.DBLink) (bool, error) {
	t, err := dblink.ParseType(a.Type)
	if err != nil {
		return false, workflows.Errorf(workflows.CodeInvalid, "db-link %q: %v", a.Name, err)
	}
	l := dblink.Link{Name: a.Name, Type: t, JDBCURL: a.JDBCURL, Username: a.Username, Password: a.Password,
		Desc: a.Desc, Source: "api"}
	for _, p := range a.Properties {
		l.Properties = append(l.Properties, dblink.Property{Name: p.Name, Value: p.Value})
	}
	_, err = b.db.Get(a.Name)
	created := err != nil
	if err := b.db.Put(l); err != nil {
		return false, invalidLink(err)
	}
	return created, nil
}

func (b linksBackend) DeleteDBLink(_ context.Context, name string) error {
	if !b.db.Delete(name) {
		return workflows.Errorf(workflows.CodeNotFound, "db-link %q does not exist", name)
	}
	return nil
}

func (b linksBackend) ListFileLinks(context.Context) (apiv1.List[apiv1.FileLink], error) {
	links := b.files.List() // redacted
	out := make([]apiv1.FileLink, 0, len(links))
	for _, l := range links {
		out = append(out, apiv1.FileLink{Name: l.Name, Type: string(l.Type), Host: l.Host, Port: l.Port,
			Username: l.Username, Password: l.Password, KeyFile: l.KeyFile, KnownHosts: l.KnownHosts,
			Desc: l.Desc, Origin: l.Origin})
	}
	return apiv1.List[apiv1.FileLink]{Items: out, Total: len(out)}, nil
}

func (b linksBackend) PutFileLink(_ context.Context, a apiv1.FileLink) (bool, error) {
	t, err := filelink.ParseType(a.Type)
	if err != nil {
		return false, workflows.Errorf(workflows.CodeInvalid, "file-link %q: %v", a.Name, err)
	}
	_, exists := b.files.Get(a.Name)
	err = b.files.Put(filelink.Link{Name: a.Name, Type: t, Host: a.Host, Port: a.Port, Username: a.Username,
		Password: a.Password, KeyFile: a.KeyFile, KnownHosts: a.KnownHosts, Desc: a.Desc})
	if err != nil {
		return false, fileLinkError(err)
	}
	return !exists, nil
}

func (b linksBackend) DeleteFileLink(_ context.Context, name string) error {
	return fileLinkError(b.files.Delete(name))
}

// fileLinkError gives filelink's sentinel errors their API codes; anything else is a link
// that does not validate.
func fileLinkError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, filelink.ErrUnknownLink):
		return workflows.Errorf(workflows.CodeNotFound, "%v", err)
	case errors.Is(err, filelink.ErrBuiltIn), errors.Is(err, filelink.ErrFromFile):
		return workflows.Errorf(workflows.CodeConflict, "%v", err)
	}
	return invalidLink(err)
}

func invalidLink(err error) error {
	var we *workflows.Error
	if errors.As(err, &we) {
		return err
	}
	return workflows.Errorf(workflows.CodeInvalid, "%v", err)
}
