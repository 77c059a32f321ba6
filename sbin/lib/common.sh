# shellcheck shell=bash
# Shared by the sbin scripts; sourced, never run. Callers have already set -euo pipefail.
#
# Environment (all optional):
#   ACTORFLOW_HOME       node state: run/<node>.pid, logs/<node>.log, data (default: <repo>/data)
#   ACTORFLOW_XMLCONFIG  workflow definitions directory (default: <repo>/xmlconfig)
#   ACTORFLOW_HTTP_ADDR  host:port the HTTP API listens on (default: 127.0.0.1:8090)
#   ACTORFLOW_CONF_DIR   where cluster.conf would live (default: <repo>/conf)
#   ACTORFLOW_BIN        the actorflow binary to run; unset: <repo>/bin/actorflow, rebuilt
#                        with `go build` whenever a Go source is newer than it
#
# Only bash builtins run while this file is sourced, so scripts work with a minimal PATH.

af_script=${0##*/}

af_say() { printf '%s\n' "$*"; }
af_warn() { printf '%s: %s\n' "$af_script" "$*" >&2; }
af_die() {
	af_warn "$*"
	exit 1
}

# af_abs PATH: PATH made absolute, because the node may resolve it from another directory.
af_abs() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s\n' "$PWD/$1" ;;
	esac
}

af_lib_dir=${BASH_SOURCE[0]%/*}
[[ $af_lib_dir == "${BASH_SOURCE[0]}" ]] && af_lib_dir=.
ACTORFLOW_REPO=$(cd "$af_lib_dir/../.." && pwd -P)
ACTORFLOW_HOME=$(af_abs "${ACTORFLOW_HOME:-$ACTORFLOW_REPO/data}")
ACTORFLOW_XMLCONFIG=$(af_abs "${ACTORFLOW_XMLCONFIG:-$ACTORFLOW_REPO/xmlconfig}")
ACTORFLOW_HTTP_ADDR=${ACTORFLOW_HTTP_ADDR:-127.0.0.1:8090}
ACTORFLOW_CONF_DIR=$(af_abs "${ACTORFLOW_CONF_DIR:-$ACTORFLOW_REPO/conf}")
export ACTORFLOW_HOME ACTORFLOW_XMLCONFIG ACTORFLOW_HTTP_ADDR ACTORFLOW_CONF_DIR

# actorflow_bin: prints the binary to run, building <repo>/bin/actorflow when it is missing or
# older than any Go source, go.mod or go.sum (so a checkout never runs a stale binary).
actorflow_bin() {
	if [[ -n ${ACTORFLOW_BIN:-} ]]; then
		[[ -x $ACTORFLOW_BIN ]] || af_die "ACTORFLOW_BIN=$ACTORFLOW_BIN is not an executable file"
		printf '%s\n' "$ACTORFLOW_BIN"
		return
	fi
	local bin=$ACTORFLOW_REPO/bin/actorflow
	if [[ ! -x $bin ]] || [[ -n $(af_newer_sources "$bin") ]]; then
		command -v go >/dev/null || af_die "$bin is missing or stale and go is not installed; set ACTORFLOW_BIN"
		af_warn "building $bin"
		(cd "$ACTORFLOW_REPO" && go build -o bin/actorflow ./cmd/actorflow) >&2 ||
			af_die "go build failed"
	fi
	printf '%s\n' "$bin"
}

# af_newer_sources FILE: prints one source file newer than FILE, if any.
af_newer_sources() {
	find "$ACTORFLOW_REPO" \( -path "$ACTORFLOW_REPO/.git" -o -path "$ACTORFLOW_REPO/bin" \
		-o -path "$ACTORFLOW_HOME" \) -prune -o \
		\( -name '*.go' -o -name go.mod -o -name go.sum \) -newer "$1" -print -quit
}

pid_file() { printf '%s\n' "$ACTORFLOW_HOME/run/$1.pid"; }
log_file() { printf '%s\n' "$ACTORFLOW_HOME/logs/$1.log"; }

# read_pid NODE: prints the pid recorded for NODE; fails when there is none.
read_pid() {
	local file pid
	file=$(pid_file "$1")
	[[ -f $file ]] || return 1
	read -r pid <"$file" || true
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	printf '%s\n' "$pid"
}

# pid_is_node PID: the process exists and was started for this ACTORFLOW_HOME. Checking the
# command line keeps a stale pid file, whose pid the system has since given to another
# process, from making us refuse to start or signal a stranger (zombies show no arguments).
pid_is_node() {
	kill -0 "$1" 2>/dev/null || return 1
	command -v ps >/dev/null || return 0
	local args
	args=$(ps -o args= -p "$1" 2>/dev/null) || return 1
	[[ $args == *"--home $ACTORFLOW_HOME"* ]]
}

# node_running NODE: prints NODE's pid when it runs.
node_running() {
	local pid
	pid=$(read_pid "$1") || return 1
	pid_is_node "$pid" || return 1
	printf '%s\n' "$pid"
}

# start_node NODE COMMAND...: runs COMMAND in the background, detached from this terminal,
# appending to NODE's log, and records its pid.
start_node() {
	local node=$1
	shift
	mkdir -p "$ACTORFLOW_HOME/run" "$ACTORFLOW_HOME/logs"
	local log
	log=$(log_file "$node")
	printf '\n=== %s: starting %s\n' "$(date '+%F %T')" "$*" >>"$log"
	nohup "$@" >>"$log" 2>&1 </dev/null &
	printf '%s\n' "$!" >"$(pid_file "$node")"
}

# stop_pids GRACE PID...: SIGTERM each, wait up to GRACE seconds for all to exit, then SIGKILL
# the rest. Prints the pids that had to be killed.
stop_pids() {
	local grace=$1
	shift
	local pid
	for pid in "$@"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	local deadline=$((SECONDS + grace)) alive
	while :; do
		alive=()
		for pid in "$@"; do
			if pid_is_node "$pid"; then alive+=("$pid"); fi
		done
		((${#alive[@]} > 0)) || return 0
		((SECONDS <= deadline)) || break # SECONDS ticks whole seconds: wait at least grace
		sleep 0.2
	done
	for pid in "${alive[@]}"; do
		kill -KILL "$pid" 2>/dev/null || true
		printf '%s\n' "$pid"
	done
}

# probe_ready URL: GET URL/readyz answers 200. Uses curl, or bash's /dev/tcp where curl is
# missing (minimal containers).
probe_ready() {
	local url=${1%/}
	if command -v curl >/dev/null; then
		curl -fsS -o /dev/null --max-time 2 "$url/readyz" 2>/dev/null
		return
	fi
	local hostport=${url#*://}
	hostport=${hostport%%/*}
	local host=${hostport%:*} port=${hostport##*:}
	[[ $hostport == *:* ]] || port=80
	host=${host#[}
	host=${host%]}
	local fd status=""
	exec {fd}<>"/dev/tcp/$host/$port" || return 1
	printf 'GET /readyz HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$hostport" >&"$fd"
	IFS= read -r -t 2 status <&"$fd" || true
	exec {fd}>&-
	[[ $status == HTTP/1.?" 200"* ]]
}

# wait_ready URL TIMEOUT [PID]: polls URL/readyz until it answers 200 (status 0). Gives up
# after TIMEOUT seconds (status 1), or at once when PID is given and has exited (status 2).
wait_ready() {
	local url=$1 timeout=$2 pid=${3:-}
	local deadline=$((SECONDS + timeout))
	while :; do
		probe_ready "$url" 2>/dev/null && return 0
		if [[ -n $pid ]] && ! pid_is_node "$pid"; then return 2; fi
		((SECONDS <= deadline)) || return 1 # at least timeout seconds
		sleep 0.2
	done
}
