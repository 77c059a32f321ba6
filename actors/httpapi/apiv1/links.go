package apiv1

// DBLink is a named database connection (akkaflow's db-link). In answers Password is a
// reference (env:NAME, file:/path) or "******", never a literal secret, and a password inside
// JDBCURL or a password property is hidden the same way.
type DBLink struct {
	Name       string       `json:"name"`
	Type       string       `json:"type"` // MYSQL, MARIADB, POSTGRES, SQLITE, ORACLE, HIVE
	JDBCURL    string       `json:"jdbc_url"`
	Username   string       `json:"username,omitempty"`
	Password   string       `json:"password,omitempty"`
	Desc       string       `json:"desc,omitempty"`
	Properties []LinkOption `json:"properties,omitempty"`
	Source     string       `json:"source,omitempty"` // file:line:col of its definition, or "api"
}

// LinkOption is one <property name="k">v</property> of a db-link.
type LinkOption struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// FileLink is a named file system (akkaflow's file-link): LOCAL, SFTP or HDFS. Password is
// redacted in answers as for DBLink.
type FileLink struct {
	Name       string `json:"name"`
	Type       string `json:"type"`
	Host       string `json:"host,omitempty"`
	Port       int    `json:"port,omitempty"`
	Username   string `json:"username,omitempty"`
	Password   string `json:"password,omitempty"`
	KeyFile    string `json:"key_file,omitempty"`
	KnownHosts string `json:"known_hosts,omitempty"`
	Desc       string `json:"desc,omitempty"`
	Origin     string `json:"origin,omitempty"` // where it was defined
}
