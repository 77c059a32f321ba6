# shellcheck shell=bash
# Real servers for the tests: PostgreSQL, MariaDB, an SMTP sink, sshd (and the path of Chromium).
# Sourced, never run:
#   source sbin/lib/testservers.sh && testservers_start    # then go test ./...
#   testservers_stop          # stops what THIS shell started (reused servers keep running)
#   testservers_stop --all    # stops every server under the state directory
#
# It installs nothing (sbin/test does the apt-get) and needs no systemd: each server runs from its
# own directory under $ACTORFLOW_TEST_SERVERS_DIR (default /tmp/actorflow-testservers), listens on
# 127.0.0.1 only, and is found again by its pid file, so a second testservers_start reuses what is
# already running. Every start waits on a real readiness check with a deadline and, on failure,
# prints the server's own log tail and returns non-zero. What it exports (also written to
# <dir>/env.sh as `export K=V` lines, for other shells):
#   ACTORFLOW_TEST_PG_ADDR, ACTORFLOW_TEST_MYSQL_ADDR   user/password/database actorflow; the user
#                                                        may CREATE DATABASE; password auth on TCP
#   ACTORFLOW_TEST_SMTP_ADDR, ACTORFLOW_TEST_MAILDIR    aiosmtpd sink and the Maildir it writes
#   ACTORFLOW_TEST_SSH_ADDR, _USER, _KEY, _PASSWORD, _HOME   sshd with key and password login
#   ACTORFLOW_TEST_CHROMIUM                             /usr/bin/chromium when present
# Knobs: ACTORFLOW_TEST_PG_PORT (55432), ACTORFLOW_TEST_MYSQL_PORT (33306),
# ACTORFLOW_TEST_SMTP_PORT (2525), ACTORFLOW_TEST_SSH_PORT (2222),
# ACTORFLOW_TEST_SERVERS_TIMEOUT (seconds each server may take to become ready; default 60).
#
# Works in a `set -euo pipefail` script and in an interactive shell alike: it never exits, only
# returns.

_ts_user=actorflow
_ts_password=actorflow
_ts_started=${_ts_started:-} # names of the servers this shell started, for testservers_stop

_ts_dir() { printf '%s\n' "${ACTORFLOW_TEST_SERVERS_DIR:-/tmp/actorflow-testservers}"; }
_ts_timeout() { printf '%s\n' "${ACTORFLOW_TEST_SERVERS_TIMEOUT:-60}"; }
_ts_warn() { printf 'testservers: %s\n' "$*" >&2; }

# _ts_fail NAME LOGFILE MESSAGE: says what failed and shows the server's own words about it.
_ts_fail() {
	_ts_warn "$1: $3"
	if [ -s "$2" ]; then
		_ts_warn "last lines of $2:"
		tail -n 40 "$2" >&2
	else
		_ts_warn "($2 is empty or missing)"
	fi
	return 1
}

# _ts_alive PIDFILE: the process named in PIDFILE exists.
_ts_alive() {
	local pid
	[ -s "$1" ] || return 1
	read -r pid <"$1" || return 1
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# _ts_wait PIDFILE CMD...: polls CMD until it succeeds; gives up at the deadline or as soon as the
# process in PIDFILE (when one is given) is gone, because then waiting longer cannot help.
_ts_wait() {
	local pidfile=$1 deadline=$((SECONDS + $(_ts_timeout)))
	shift
	until "$@" >/dev/null 2>&1; do
		if [ -n "$pidfile" ] && ! _ts_alive "$pidfile"; then
			_ts_warn "the server process (pid file $pidfile) is gone"
			return 1
		fi
		if [ "$SECONDS" -ge "$deadline" ]; then
			_ts_warn "not ready after $(_ts_timeout) s: $*"
			return 1
		fi
		sleep 0.1
	done
}

# _ts_banner HOST PORT PREFIX: connects and reads the greeting, which must start with PREFIX
# (a port that merely accepts is not enough: the right server must be answering).
_ts_banner() {
	# shellcheck disable=SC2016 # expanded by the inner bash, from its arguments
	timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1" && IFS= read -r line <&3 && [[ $line == "$2"* ]]' "$@"
}

# _ts_port_busy PORT: something already accepts connections on 127.0.0.1:PORT.
# shellcheck disable=SC2016 # expanded by the inner bash, from its argument
_ts_port_busy() { timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$1" 2>/dev/null; }

_ts_mark_started() {
	case " $_ts_started " in
	*" $1 "*) ;;
	*) _ts_started="$_ts_started $1" ;;
	esac
}

# _ts_as_postgres CMD...: PostgreSQL refuses to run as root, so root runs it as user postgres.
_ts_as_postgres() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

_ts_pg_bin() {
	local bin
	bin=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
	[ -n "$bin" ] || return 1
	printf '%s\n' "$bin"
}

_ts_start_postgres() {
	local dir bin port data log
	dir="$(_ts_dir)/postgres"
	port=${ACTORFLOW_TEST_PG_PORT:-55432}
	data=$dir/data
	log=$dir/postgres.log
	bin=$(_ts_pg_bin) || {
		_ts_warn "postgres: no /usr/lib/postgresql/*/bin (apt-get install postgresql)"
		return 1
	}
	mkdir -p "$dir" && chmod 755 "$(_ts_dir)" "$dir" || return 1
	[ "$(id -u)" -ne 0 ] || chown postgres: "$dir" || return 1

	if _ts_as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
		: # already running from this directory: reuse it
	else
		if [ ! -s "$data/PG_VERSION" ]; then
			rm -rf "$data"
			# Superuser "postgres" only through the socket in $dir (trust); TCP needs a password.
			if ! _ts_as_postgres "$bin/initdb" -D "$data" -U postgres -E UTF8 --locale=C \
				--auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1; then
				_ts_fail postgres "$dir/initdb.log" "initdb failed"
				return 1
			fi
		fi
		if _ts_port_busy "$port"; then
			_ts_warn "postgres: 127.0.0.1:$port is taken by a server not started from $data"
			return 1
		fi
		# fsync off: a test server's data may be lost in a crash, and CREATE DATABASE is 10x faster.
		if ! _ts_as_postgres "$bin/pg_ctl" -D "$data" -l "$log" -w -t "$(_ts_timeout)" \
			-o "-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >"$dir/pg_ctl.log" 2>&1; then
			cat "$dir/pg_ctl.log" >&2
			_ts_fail postgres "$log" "pg_ctl start failed"
			return 1
		fi
		_ts_mark_started postgres
	fi
	if ! _ts_wait "" "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
		_ts_fail postgres "$log" "pg_isready -h 127.0.0.1 -p $port never succeeded"
		return 1
	fi
	# Idempotent: a reused server gets the same role and database (and password) again.
	if ! _ts_as_postgres "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -qAt \
		-v ON_ERROR_STOP=1 >"$dir/setup.log" 2>&1 <<-SQL; then
		SELECT 'CREATE ROLE $_ts_user LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$_ts_user') \gexec
		ALTER ROLE $_ts_user LOGIN CREATEDB PASSWORD '$_ts_password';
		SELECT 'CREATE DATABASE $_ts_user OWNER $_ts_user' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$_ts_user') \gexec
	SQL
		_ts_fail postgres "$dir/setup.log" "creating role and database $_ts_user failed"
		return 1
	fi
	export ACTORFLOW_TEST_PG_ADDR="127.0.0.1:$port"
}

_ts_stop_postgres() {
	local data bin
	data="$(_ts_dir)/postgres/data"
	bin=$(_ts_pg_bin) || return 0
	[ -s "$data/postmaster.pid" ] || return 0
	_ts_as_postgres "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 ||
		_ts_warn "postgres: pg_ctl stop failed (see $(_ts_dir)/postgres/postgres.log)"
}

_ts_mariadb_admin() {
	mariadb-admin --no-defaults --protocol=socket --socket="$(_ts_dir)/mariadb/mariadbd.sock" -u root "$@"
}

_ts_start_mariadb() {
	local dir port data log pidfile me root_auth
	dir="$(_ts_dir)/mariadb"
	port=${ACTORFLOW_TEST_MYSQL_PORT:-33306}
	data=$dir/data
	log=$dir/mariadbd.log
	pidfile=$dir/mariadbd.pid
	me=$(id -un)
	command -v mariadbd >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
	command -v mariadbd >/dev/null 2>&1 || {
		_ts_warn "mariadb: no mariadbd (apt-get install mariadb-server)"
		return 1
	}
	mkdir -p "$dir" || return 1

	if _ts_alive "$pidfile" && _ts_mariadb_admin ping >/dev/null 2>&1; then
		: # already running from this directory: reuse it
	else
		if [ ! -d "$data/mysql" ]; then
			rm -rf "$data"
			# root@localhost (the socket) without password, for the setup below only.
			if ! mariadb-install-db --no-defaults --datadir="$data" --user="$me" \
				--auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1; then
				_ts_fail mariadb "$dir/install.log" "mariadb-install-db failed"
				return 1
			fi
		fi
		if _ts_port_busy "$port"; then
			_ts_warn "mariadb: 127.0.0.1:$port is taken by a server not started from $data"
			return 1
		fi
		rm -f "$pidfile"
		mariadbd --no-defaults --datadir="$data" --user="$me" --socket="$dir/mariadbd.sock" \
			--port="$port" --bind-address=127.0.0.1 --pid-file="$pidfile" --log-error="$log" --skip-name-resolve \
			</dev/null >>"$log" 2>&1 &
		printf '%s\n' "$!" >"$pidfile" # mariadbd rewrites it with the same pid once it runs
		_ts_mark_started mariadb
	fi
	if ! _ts_wait "$pidfile" _ts_mariadb_admin ping; then
		_ts_fail mariadb "$log" "mariadb-admin ping never succeeded"
		return 1
	fi
	# root@localhost is reachable through the socket only: as the OS user root (unix_socket) when
	# root runs this, else with no password but never over TCP (--skip-name-resolve keeps TCP
	# clients from ever matching a 'localhost' account).
	root_auth=""
	[ "$me" != root ] || root_auth="ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket;"
	# Idempotent. 'actorflow'@'127.0.0.1' is explicit so no anonymous or host-specific account can
	# shadow the '%' one; the anonymous accounts go for the same reason, and the password-less
	# TCP root accounts that mariadb-install-db creates go so that TCP always needs a password.
	if ! mariadb --no-defaults --protocol=socket --socket="$dir/mariadbd.sock" -u root \
		>"$dir/setup.log" 2>&1 <<-SQL; then
		DROP USER IF EXISTS ''@'localhost', ''@'${HOSTNAME:-localhost}';
		DROP USER IF EXISTS 'root'@'127.0.0.1', 'root'@'::1', 'root'@'${HOSTNAME:-localhost}';
		CREATE USER IF NOT EXISTS '$_ts_user'@'%';
		CREATE USER IF NOT EXISTS '$_ts_user'@'127.0.0.1';
		CREATE USER IF NOT EXISTS '$_ts_user'@'localhost';
		ALTER USER '$_ts_user'@'%' IDENTIFIED BY '$_ts_password';
		ALTER USER '$_ts_user'@'127.0.0.1' IDENTIFIED BY '$_ts_password';
		ALTER USER '$_ts_user'@'localhost' IDENTIFIED BY '$_ts_password';
		GRANT ALL PRIVILEGES ON *.* TO '$_ts_user'@'%';
		GRANT ALL PRIVILEGES ON *.* TO '$_ts_user'@'127.0.0.1';
		GRANT ALL PRIVILEGES ON *.* TO '$_ts_user'@'localhost';
		CREATE DATABASE IF NOT EXISTS $_ts_user;
		$root_auth
		FLUSH PRIVILEGES;
	SQL
		_ts_fail mariadb "$dir/setup.log" "creating user and database $_ts_user failed"
		return 1
	fi
	export ACTORFLOW_TEST_MYSQL_ADDR="127.0.0.1:$port"
}

# _ts_kill_pidfile PIDFILE NAME: TERM, then waits (with a deadline) until the process is gone.
_ts_kill_pidfile() {
	local pid deadline=$((SECONDS + 30))
	_ts_alive "$1" || return 0
	read -r pid <"$1"
	kill "$pid" 2>/dev/null || return 0
	while kill -0 "$pid" 2>/dev/null; do
		if [ "$SECONDS" -ge "$deadline" ]; then
			_ts_warn "$2: pid $pid ignored SIGTERM for 30 s; sending SIGKILL"
			kill -9 "$pid" 2>/dev/null
			break
		fi
		sleep 0.1
	done
	rm -f "$1"
}

_ts_stop_mariadb() { _ts_kill_pidfile "$(_ts_dir)/mariadb/mariadbd.pid" mariadb; }

_ts_start_smtp() {
	local dir port log pidfile maildir
	dir="$(_ts_dir)/smtp"
	port=${ACTORFLOW_TEST_SMTP_PORT:-2525}
	log=$dir/aiosmtpd.log
	pidfile=$dir/aiosmtpd.pid
	maildir=$dir/Maildir
	mkdir -p "$maildir/new" "$maildir/cur" "$maildir/tmp" || return 1
	chmod 755 "$dir" "$maildir" "$maildir/new" "$maildir/cur" "$maildir/tmp"

	if _ts_alive "$pidfile" && _ts_banner 127.0.0.1 "$port" 220; then
		: # already running: reuse it
	else
		# Debian's python3, not whatever python3 is first on the PATH (pyenv has no aiosmtpd).
		if ! /usr/bin/python3 -c 'import aiosmtpd' 2>"$log"; then
			_ts_fail smtp "$log" "/usr/bin/python3 cannot import aiosmtpd (apt-get install python3-aiosmtpd)"
			return 1
		fi
		if _ts_port_busy "$port"; then
			_ts_warn "smtp: 127.0.0.1:$port is taken by a server not started from $dir"
			return 1
		fi
		# -n: do not setuid to nobody (it would then be unable to write the Maildir).
		/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$maildir" \
			</dev/null >"$log" 2>&1 &
		printf '%s\n' "$!" >"$pidfile"
		_ts_mark_started smtp
	fi
	if ! _ts_wait "$pidfile" _ts_banner 127.0.0.1 "$port" 220; then
		_ts_fail smtp "$log" "no SMTP greeting on 127.0.0.1:$port"
		return 1
	fi
	export ACTORFLOW_TEST_SMTP_ADDR="127.0.0.1:$port"
	export ACTORFLOW_TEST_MAILDIR="$maildir"
}

_ts_stop_smtp() { _ts_kill_pidfile "$(_ts_dir)/smtp/aiosmtpd.pid" smtp; }

_ts_start_ssh() {
	local dir port log pidfile home sshd pub
	dir="$(_ts_dir)/ssh"
	port=${ACTORFLOW_TEST_SSH_PORT:-2222}
	log=$dir/sshd.log
	pidfile=$dir/sshd.pid
	sshd=/usr/sbin/sshd
	[ -x "$sshd" ] || {
		_ts_warn "ssh: no $sshd (apt-get install openssh-server)"
		return 1
	}
	if [ "$(id -u)" -ne 0 ]; then
		_ts_warn "ssh: needs root (to create user $_ts_user and let sshd switch to it)"
		return 1
	fi
	mkdir -p "$dir" /run/sshd || return 1
	chmod 755 "$dir"

	id "$_ts_user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$_ts_user" || return 1
	printf '%s:%s\n' "$_ts_user" "$_ts_password" | chpasswd || return 1
	home=$(getent passwd "$_ts_user" | cut -d: -f6)
	[ -f "$dir/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C actorflow-test-host -f "$dir/ssh_host_ed25519_key" || return 1
	[ -f "$dir/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C actorflow-test-client -f "$dir/id_ed25519" || return 1
	chmod 600 "$dir/id_ed25519" # readable by the user running the tests (the one who started this)
	mkdir -p "$home/.ssh"
	pub=$(cat "$dir/id_ed25519.pub")
	grep -qxF "$pub" "$home/.ssh/authorized_keys" 2>/dev/null || printf '%s\n' "$pub" >>"$home/.ssh/authorized_keys"
	chown -R "$_ts_user:" "$home/.ssh"
	chmod 700 "$home/.ssh"
	chmod 600 "$home/.ssh/authorized_keys"

	cat >"$dir/sshd_config" <<-EOF
		# Written by sbin/lib/testservers.sh; the system's /etc/ssh is neither read nor changed.
		ListenAddress 127.0.0.1
		Port $port
		HostKey $dir/ssh_host_ed25519_key
		PidFile $pidfile
		StrictModes no
		UsePAM no
		PubkeyAuthentication yes
		PasswordAuthentication yes
		KbdInteractiveAuthentication no
		PermitRootLogin no
		AllowUsers $_ts_user
		AuthorizedKeysFile .ssh/authorized_keys
		Subsystem sftp internal-sftp
		LogLevel VERBOSE
	EOF

	if _ts_alive "$pidfile" && _ts_banner 127.0.0.1 "$port" SSH-; then
		: # already running: reuse it
	else
		if ! "$sshd" -t -f "$dir/sshd_config" >"$log" 2>&1; then
			_ts_fail ssh "$log" "sshd -t rejected $dir/sshd_config"
			return 1
		fi
		if _ts_port_busy "$port"; then
			_ts_warn "ssh: 127.0.0.1:$port is taken by a server not started from $dir"
			return 1
		fi
		rm -f "$pidfile"
		# sshd forks into the background and writes PidFile once it listens.
		if ! "$sshd" -f "$dir/sshd_config" -E "$log" </dev/null; then
			_ts_fail ssh "$log" "sshd did not start"
			return 1
		fi
		_ts_mark_started ssh
	fi
	if ! _ts_wait "" _ts_banner 127.0.0.1 "$port" SSH-; then
		_ts_fail ssh "$log" "no SSH greeting on 127.0.0.1:$port"
		return 1
	fi
	export ACTORFLOW_TEST_SSH_ADDR="127.0.0.1:$port"
	export ACTORFLOW_TEST_SSH_USER="$_ts_user"
	export ACTORFLOW_TEST_SSH_KEY="$dir/id_ed25519"
	export ACTORFLOW_TEST_SSH_PASSWORD="$_ts_password"
	export ACTORFLOW_TEST_SSH_HOME="$home"
}

_ts_stop_ssh() { _ts_kill_pidfile "$(_ts_dir)/ssh/sshd.pid" ssh; }

# _ts_write_env: the exported variables as `export K=V` lines, for shells that did not start them.
_ts_write_env() {
	local name
	for name in ACTORFLOW_TEST_PG_ADDR ACTORFLOW_TEST_MYSQL_ADDR ACTORFLOW_TEST_SMTP_ADDR \
		ACTORFLOW_TEST_MAILDIR ACTORFLOW_TEST_SSH_ADDR ACTORFLOW_TEST_SSH_USER ACTORFLOW_TEST_SSH_KEY \
		ACTORFLOW_TEST_SSH_PASSWORD ACTORFLOW_TEST_SSH_HOME ACTORFLOW_TEST_CHROMIUM; do
		[ -z "${!name:-}" ] || printf 'export %s=%q\n' "$name" "${!name}"
	done >"$(_ts_dir)/env.sh"
}

# testservers_start: starts (or reuses) every server and exports the variables above. Returns
# non-zero when any server failed, after trying all of them (the others stay usable).
testservers_start() {
	local failed="" server
	mkdir -p "$(_ts_dir)" || return 1
	for server in postgres mariadb smtp ssh; do
		"_ts_start_$server" || failed="$failed $server"
	done
	if [ -x /usr/bin/chromium ]; then
		export ACTORFLOW_TEST_CHROMIUM=/usr/bin/chromium
	fi
	_ts_write_env
	if [ -n "$failed" ]; then
		_ts_warn "failed to start:$failed (state and logs in $(_ts_dir))"
		return 1
	fi
}

# testservers_stop [--all]: stops the servers this shell started (a server that was already
# running when testservers_start ran belongs to whoever started it), or with --all every server
# under the state directory. Data stays, so the next start is fast.
testservers_stop() {
	local server servers=$_ts_started
	[ "${1:-}" != --all ] || servers="ssh smtp mariadb postgres"
	for server in $servers; do
		"_ts_stop_$server"
	done
	_ts_started=""
}
