#!/usr/bin/env bash
# A throwaway Sentinel setup on loopback: one master, one replica, three sentinels watching the
# master under the name `streamscope` (quorum 2). Used by test/cluster/sentinel.test.ts and by hand:
#
#   scripts/redis-sentinel.sh start [base-port]   # master base, replica base+1, sentinels base+2..base+4
#   scripts/redis-sentinel.sh stop  [base-port]   # (default base 7201)
#   scripts/redis-sentinel.sh status [base-port]  # exit 0 when every sentinel knows master + replica
#
# Debian ships no redis-sentinel binary in redis-server; `redis-server <conf> --sentinel` is the
# same program. Idempotent like scripts/redis-cluster.sh. down-after 1000 ms (SENTINEL_DOWN_AFTER) and
# failover-timeout 3000 ms (SENTINEL_FAILOVER_TIMEOUT) so a failover completes in a few seconds.
set -euo pipefail

cmd="${1:-}"
base="${2:-${SENTINEL_BASE_PORT:-7201}}"
down_after="${SENTINEL_DOWN_AFTER:-1000}"
failover_timeout="${SENTINEL_FAILOVER_TIMEOUT:-3000}"
name=streamscope
state="${TMPDIR:-/tmp}/streamscope-sentinel-${base}"
master=$base
replica=$((base + 1))
sentinels=($((base + 2)) $((base + 3)) $((base + 4)))
all=("$master" "$replica" "${sentinels[@]}")

me=redis-sentinel.sh
# shellcheck source=scripts/redis-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/redis-common.sh"

[[ "$base" =~ ^[0-9]+$ ]] && ((base >= 1024 && base <= 65530)) || die "base port must be a number in 1024..65530, got '$base'"

# Every sentinel sees a master for `streamscope`, one in-sync replica and the two other sentinels,
# so SENTINEL FAILOVER can pick the replica right away.
ready() {
  local s info
  for s in "${sentinels[@]}"; do
    info="$(cli "$s" sentinel master "$name" 2>/dev/null)" || return 1
    grep -qx 'num-slaves' <<<"$info" || return 1
    [[ "$(grep -A1 -x 'num-slaves' <<<"$info" | tail -1)" == 1 ]] || return 1
    [[ "$(grep -A1 -x 'num-other-sentinels' <<<"$info" | tail -1)" == 2 ]] || return 1
    [[ "$(grep -A1 -x 'flags' <<<"$info" | tail -1)" == master ]] || return 1
  done
  local p
  for p in "$master" "$replica"; do
    info="$(cli "$p" info replication 2>/dev/null)" || return 1
    if grep -q '^role:slave' <<<"$info"; then grep -q '^master_link_status:up' <<<"$info" || return 1; fi
  done
}

start_sentinel() {
  local p="$1" dir="$state/$1"
  mkdir -p "$dir"
  # Sentinel rewrites its config file (it records the replicas and other sentinels it finds).
  cat >"$dir/sentinel.conf" <<EOF
port $p
bind 127.0.0.1
protected-mode no
dir $dir
daemonize yes
pidfile $dir/redis.pid
logfile $dir/redis.log
sentinel resolve-hostnames no
sentinel monitor $name 127.0.0.1 $master 2
sentinel down-after-milliseconds $name $down_after
sentinel failover-timeout $name $failover_timeout
sentinel parallel-syncs $name 1
EOF
  redis-server "$dir/sentinel.conf" --sentinel
}

case "$cmd" in
  start)
    need redis-server
    need redis-cli
    if ready 2>/dev/null; then
      echo "sentinel setup already running (sentinels on ${sentinels[*]})"
      exit 0
    fi
    stop_ports "${all[@]}"
    start_redis "$master"
    start_redis "$replica" --replicaof 127.0.0.1 "$master"
    for s in "${sentinels[@]}"; do start_sentinel "$s"; done
    for p in "${all[@]}"; do wait_port "$p"; done
    wait_for "the sentinels to see master, replica and each other" 300 ready
    echo "sentinel ready: master '$name' 127.0.0.1:$master, replica $replica, sentinels ${sentinels[*]}"
    ;;
  stop)
    stop_ports "${all[@]}"
    echo "sentinel setup on $base stopped"
    ;;
  status)
    ready && echo "ok" || { echo "not ok"; exit 1; }
    ;;
  *)
    die "usage: $0 start|stop|status [base-port]"
    ;;
esac
