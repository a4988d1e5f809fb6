#!/usr/bin/env bash
# A throwaway Redis Cluster on loopback: 3 masters + 3 replicas, Debian's redis-server and
# `redis-cli --cluster create`. Used by test/cluster/*.test.ts and by hand:
#
#   scripts/redis-cluster.sh start [base-port]   # ports base..base+5 (default 7101..7106)
#   scripts/redis-cluster.sh stop  [base-port]   # kills those nodes, removes their temp dir
#   scripts/redis-cluster.sh status [base-port]  # exit 0 when cluster_state:ok on every node
#   scripts/redis-cluster.sh start-node <port> [base-port]  # restart one killed node (it rejoins,
#                                                # as a replica if its master role was taken over)
#
# Idempotent: `start` on a healthy cluster does nothing, `start` over leftovers of a broken one
# stops them first, `stop` of nothing succeeds. Node timeout defaults to 2000 ms so a killed
# master is replaced within a few seconds (CLUSTER_NODE_TIMEOUT overrides it).
# The cluster bus uses port+10000, so base+10000..base+10005 must be free too.
set -euo pipefail

cmd="${1:-}"
if [[ "$cmd" == start-node ]]; then
  node_port="${2:-}"
  shift
fi
base="${2:-${CLUSTER_BASE_PORT:-7101}}"
node_timeout="${CLUSTER_NODE_TIMEOUT:-2000}"
state="${TMPDIR:-/tmp}/streamscope-cluster-${base}"
ports=()
for i in 0 1 2 3 4 5; do ports+=($((base + i))); done

me=redis-cluster.sh
# shellcheck source=scripts/redis-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/redis-common.sh"

[[ "$base" =~ ^[0-9]+$ ]] && ((base >= 1024 && base <= 55000)) || die "base port must be a number in 1024..55000 (the bus uses port+10000), got '$base'"

# `status` and the waits: every node answers and reports cluster_state:ok with 16384 slots.
cluster_ok() {
  local p info
  for p in "${ports[@]}"; do
    info="$(cli "$p" cluster info 2>/dev/null)" || return 1
    grep -q '^cluster_state:ok' <<<"$info" || return 1
    grep -q '^cluster_slots_ok:16384' <<<"$info" || return 1
    grep -q '^cluster_known_nodes:6' <<<"$info" || return 1
  done
}

# Every replica has finished its initial sync, so killing a master right after start is safe.
replicas_synced() {
  local p info count=0
  for p in "${ports[@]}"; do
    info="$(cli "$p" info replication 2>/dev/null)" || return 1
    if grep -q '^role:slave' <<<"$info"; then
      grep -q '^master_link_status:up' <<<"$info" || return 1
      count=$((count + 1))
    fi
  done
  ((count == 3))
}

start_node() {
  start_redis "$1" --cluster-enabled yes --cluster-config-file "$state/$1/nodes.conf" --cluster-node-timeout "$node_timeout" \
    --cluster-require-full-coverage no --cluster-allow-reads-when-down no
}

case "$cmd" in
  start)
    need redis-server
    need redis-cli
    if cluster_ok 2>/dev/null; then
      echo "cluster already running on 127.0.0.1:${ports[0]}-${ports[5]}"
      exit 0
    fi
    stop_ports "${ports[@]}"
    for p in "${ports[@]}"; do start_node "$p"; done
    for p in "${ports[@]}"; do wait_port "$p"; done
    hosts=()
    for p in "${ports[@]}"; do hosts+=("127.0.0.1:$p"); done
    redis-cli --cluster create "${hosts[@]}" --cluster-replicas 1 --cluster-yes >"$state/create.log" 2>&1 ||
      { cat "$state/create.log" >&2; die "redis-cli --cluster create failed"; }
    wait_for "cluster_state:ok on every node" 300 cluster_ok
    wait_for "replicas to sync" 300 replicas_synced
    echo "cluster ready on 127.0.0.1:${ports[0]}-${ports[5]} (state in $state)"
    ;;
  stop)
    stop_ports "${ports[@]}"
    echo "cluster on ${ports[0]}-${ports[5]} stopped"
    ;;
  start-node)
    [[ " ${ports[*]} " == *" ${node_port:-} "* ]] || die "start-node: port must be one of ${ports[*]}, got '${node_port:-}'"
    [[ -f "$state/$node_port/nodes.conf" ]] || die "start-node: no node state in $state/$node_port (start the cluster first)"
    if cli "$node_port" ping >/dev/null 2>&1; then
      echo "node $node_port already running"
      exit 0
    fi
    start_node "$node_port"
    wait_port "$node_port"
    echo "node $node_port started"
    ;;
  status)
    cluster_ok && echo "ok" || { echo "not ok"; exit 1; }
    ;;
  *)
    die "usage: $0 start|stop|status [base-port] | start-node <port> [base-port]"
    ;;
esac
