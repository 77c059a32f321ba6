# shellcheck shell=bash
# Cluster layout for the sbin scripts: conf/cluster.conf when it exists (see
# conf/cluster.conf.example for the format), else the default local cluster on loopback.
# Sourced after lib/common.sh.

# cluster_source names where the layout comes from, for messages.
cluster_source() {
	if [[ -f $ACTORFLOW_CONF_DIR/cluster.conf ]]; then
		printf '%s\n' "$ACTORFLOW_CONF_DIR/cluster.conf"
	else
		printf '%s\n' "the default local cluster"
	fi
}

# cluster_layout_numbered prints the layout, one node per line: LINE role name host
# [key=value ...], LINE being the node's line in cluster.conf, so that messages point at the
# line to fix rather than at its rank among the non-comment lines.
cluster_layout_numbered() {
	local conf=$ACTORFLOW_CONF_DIR/cluster.conf
	if [[ -f $conf ]]; then
		local n=0 line
		while IFS= read -r line || [[ -n $line ]]; do
			n=$((n + 1))
			line=${line%%#*}    # comments out
			line=${line%$'\r'} # a file edited on Windows
			[[ $line =~ [^[:space:]] ]] || continue
			printf '%d %s\n' "$n" "$line"
		done <"$conf"
		return
	fi
	local base=${ACTORFLOW_GOSSIP_PORT:-7946} slots=${ACTORFLOW_SLOTS:-8}
	[[ $base =~ ^[0-9]+$ ]] || base=0 # cluster_check refuses it
	printf '%s\n' \
		"1 master c1 127.0.0.1 gossip=$base" \
		"2 standby c2 127.0.0.1 gossip=$((base + 1))" \
		"3 standby c3 127.0.0.1 gossip=$((base + 2))" \
		"4 worker w1 127.0.0.1 gossip=$((base + 3)) slots=$slots" \
		"5 worker w2 127.0.0.1 gossip=$((base + 4)) slots=$slots" \
		"6 http h1 127.0.0.1 gossip=$((base + 5)) http=$ACTORFLOW_HTTP_ADDR"
}

# cluster_layout prints the layout, one node per line: role name host [key=value ...].
cluster_layout() {
	local n line
	while read -r n line; do
		printf '%s\n' "$line"
	done < <(cluster_layout_numbered)
}

# is_port VALUE: VALUE is a TCP/UDP port number.
is_port() {
	[[ $1 =~ ^[0-9]{1,5}$ ]] && ((10#$1 >= 1 && 10#$1 <= 65535))
}

# is_host_port VALUE: VALUE is host:port.
is_host_port() {
	[[ $1 == ?*:* ]] && is_port "${1##*:}"
}

# cluster_check validates the layout: known roles and keys, well-formed values, unique names
# and gossip addresses, at least one controller. Messages name the line of cluster.conf.
cluster_check() {
	local src
	src=$(cluster_source)
	if [[ ! -f $ACTORFLOW_CONF_DIR/cluster.conf ]]; then
		local base=${ACTORFLOW_GOSSIP_PORT:-7946}
		if ! is_port "$base" || ((10#$base + 5 > 65535)); then
			af_die "ACTORFLOW_GOSSIP_PORT must be a port number (the local cluster uses it and the next 5), not '$base'"
		fi
	fi
	local n role name host rest kv key value seen=" " addrs=" " controllers=0 gossip
	while read -r n role name host rest; do
		local at="$src line $n"
		[[ -n ${host:-} ]] || af_die "$at: want 'role name host [key=value ...]', got '$role ${name:-}'"
		case $role in
		master | standby) controllers=$((controllers + 1)) ;;
		worker | http) ;;
		*) af_die "$at: unknown role '$role' (master, standby, worker or http)" ;;
		esac
		[[ $name =~ ^[A-Za-z0-9._-]+$ ]] || af_die "$at: node name '$name' may hold only letters, digits, '.', '_' and '-'"
		[[ $seen != *" $name "* ]] || af_die "$at: node name '$name' is used twice"
		seen+="$name "
		[[ $host =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ || $host =~ ^[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*$ ]] ||
			af_die "$at: host '$host' is not an IP address (the node binds it)"
		gossip=7946
		for kv in $rest; do
			[[ $kv == *=* ]] || af_die "$at: '$kv' is not key=value"
			key=${kv%%=*} value=${kv#*=}
			case $key in
			gossip) is_port "$value" || af_die "$at: gossip=$value is not a port number" ;;
			http) is_host_port "$value" || af_die "$at: http=$value is not host:port" ;;
			slots) [[ $value =~ ^[0-9]+$ && $value =~ [1-9] ]] || af_die "$at: slots=$value is not a positive number" ;;
			labels | ssh) ;;
			*) af_die "$at: unknown key '$key' (gossip, http, slots, labels, ssh)" ;;
			esac
			[[ $key != gossip ]] || gossip=$value
		done
		# Two nodes on one address and gossip port: the second could not bind it.
		[[ $addrs != *" $host:$gossip "* ]] || af_die "$at: gossip address $host:$gossip is used twice (give one of them another gossip=)"
		addrs+="$host:$gossip "
	done < <(cluster_layout_numbered)
	((controllers > 0)) || af_die "$src has no master or standby: a cluster needs at least one controller"
}

# node_field NAME KEY prints a node's role, host or key=value setting ("" when unset).
node_field() {
	local want=$1 key=$2 role name host rest kv
	while read -r role name host rest; do
		[[ $name == "$want" ]] || continue
		case $key in
		role) printf '%s\n' "$role" ;;
		host) printf '%s\n' "$host" ;;
		*)
			for kv in $rest; do
				if [[ ${kv%%=*} == "$key" ]]; then printf '%s\n' "${kv#*=}"; fi
			done
			;;
		esac
		return 0
	done < <(cluster_layout)
	return 1
}

# cluster_names [ROLE...] prints the node names, in layout order, of the given roles (all
# when none is given).
cluster_names() {
	local role name rest
	while read -r role name rest; do
		if (($# == 0)) || [[ " $* " == *" $role "* ]]; then printf '%s\n' "$name"; fi
	done < <(cluster_layout)
}

# cluster_join prints the gossip addresses of the controllers, comma-separated.
cluster_join() {
	local name out="" port
	for name in $(cluster_names master standby); do
		port=$(node_field "$name" gossip)
		out+="${out:+,}$(node_field "$name" host):${port:-7946}"
	done
	printf '%s\n' "$out"
}

# node_args NAME prints the actorflow arguments that start a node.
node_args() {
	local name=$1 role host gossip http slots labels
	role=$(node_field "$name" role)
	host=$(node_field "$name" host)
	gossip=$(node_field "$name" gossip)
	http=$(node_field "$name" http)
	slots=$(node_field "$name" slots)
	labels=$(node_field "$name" labels)
	local args=("$role" --name "$name" --bind "$host" --gossip-port "${gossip:-7946}"
		--join "$(cluster_join)" --home "$ACTORFLOW_HOME/$name")
	case $role in
	master | standby)
		args+=(--xmlconfig "$ACTORFLOW_XMLCONFIG" --bootstrap-expect "$(cluster_names master standby | wc -l)")
		;;
	worker)
		[[ -z $slots ]] || args+=(--slots "$slots")
		[[ -z $labels ]] || args+=(--labels "$labels")
		;;
	http) args+=(--http "${http:-$ACTORFLOW_HTTP_ADDR}") ;;
	esac
	# Controllers and workers take a free port unless told: ACTORFLOW_HTTP_ADDR is the http node's.
	[[ $role == http ]] || args+=(--http "${http:-$host:0}")
	printf '%s\n' "${args[@]}"
}

# start_cluster_node NAME starts one node of the layout with its existing data: here, or
# over ssh on the host its ssh= setting names (the same install path is assumed there).
start_cluster_node() {
	local name=$1 role ssh pid
	role=$(node_field "$name" role) || af_die "no node '$name' in the cluster layout"
	ssh=$(node_field "$name" ssh)
	# ACTORFLOW_ON_HOST: this script already runs on the node's host (called over ssh).
	if [[ -n $ssh && -z ${ACTORFLOW_ON_HOST:-} ]]; then
		ssh -o BatchMode=yes "$ssh" "cd '$ACTORFLOW_REPO' && ACTORFLOW_ON_HOST=1 ACTORFLOW_HOME='$ACTORFLOW_HOME' ACTORFLOW_XMLCONFIG='$ACTORFLOW_XMLCONFIG' ACTORFLOW_CONF_DIR='$ACTORFLOW_CONF_DIR' sbin/$(role_script "$role") '$name'" ||
			af_die "starting $name over ssh on $ssh failed"
		return
	fi
	if pid=$(node_running "$name"); then
		af_say "$name ($role) already runs (pid $pid)"
		return
	fi
	local bin args=()
	bin=$(actorflow_bin)
	mapfile -t args < <(node_args "$name")
	mkdir -p "$ACTORFLOW_HOME/$name" "$ACTORFLOW_XMLCONFIG"
	start_node "$name" "$bin" "${args[@]}"
	af_say "started $name ($role, pid $(read_pid "$name")), log $(log_file "$name")"
}

role_script() {
	case $1 in
	master) echo master-startup ;;
	standby) echo standby-startup ;;
	worker) echo worker-startup ;;
	http) echo httpserver-startup ;;
	esac
}

# start_role ROLE [NAME]: the per-role scripts. With a name, (re)start that node of the
# layout (a restarted controller rejoins as a standby: Raft decides who leads); without
# one, the first node of that role that is not running.
start_role() {
	local role=$1 name=${2:-} n
	cluster_check
	if [[ -z $name ]]; then
		for n in $(cluster_names "$role"); do
			if ! node_running "$n" >/dev/null; then
				name=$n
				break
			fi
		done
		[[ -n $name ]] || af_die "every $role node of the layout already runs; name one to restart it"
	fi
	local got
	got=$(node_field "$name" role) || af_die "no node '$name' in the cluster layout"
	case "$role/$got" in
	master/standby | standby/master | "$role/$role") ;;
	*) af_die "node $name is a $got, not a $role" ;;
	esac
	start_cluster_node "$name"
}

# cluster_ssh_targets prints each distinct ssh= target of the layout once (nothing when the
# layout cannot be read: stopping must not depend on it).
cluster_ssh_targets() {
	local name target seen=" "
	for name in $(cluster_names 2>/dev/null); do
		target=$(node_field "$name" ssh 2>/dev/null || true)
		if [[ -n $target && $seen != *" $target "* ]]; then
			seen+="$target "
			printf '%s\n' "$target"
		fi
	done
}
