# Sourced by scripts/redis-cluster.sh and scripts/redis-sentinel.sh: starting, waiting for and
# stopping throwaway loopback redis-server processes. Each process keeps its dir, pid file and log
# in $state/<port>/. The sourcing script sets `me` (its name, for messages) and `state` first.

die() { echo "$me: $*" >&2; exit 1; }

need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found on PATH (Debian: apt-get install redis-server redis-tools)"; }

cli() { redis-cli -h 127.0.0.1 -p "$1" --no-auth-warning "${@:2}"; }

# A daemonized redis-server on 127.0.0.1:<port>, no persistence; further arguments are passed on.
start_redis() { # <port> [redis-server args...]
  local p="$1" dir="$state/$1"
  mkdir -p "$dir"
  redis-server --port "$p" --bind 127.0.0.1 --protected-mode no --dir "$dir" --save '' --appendonly no \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" "${@:2}"
}

# Up to 10 s for <port> to answer PING.
wait_port() { # <port>
  local p="$1" i
  for ((i = 0; i < 100; i++)); do cli "$p" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  die "port $p did not answer (see $state/$p/redis.log)"
}

# Polls <function> every 0.1 s, <tenths> times at most.
wait_for() { # <what> <tenths of a second> <function>
  local what="$1" tries="$2" fn="$3" i
  for ((i = 0; i < tries; i++)); do
    "$fn" 2>/dev/null && return 0
    sleep 0.1
  done
  die "timed out waiting for $what (logs in $state/*/redis.log)"
}

# SIGKILLs the processes on <ports> that this script started, waits until they are gone and
# removes $state. Only our own: the pid must still be a redis-server serving that port.
stop_ports() { # <port>...
  local p pid i pids=()
  for p in "$@"; do
    [[ -f "$state/$p/redis.pid" ]] || continue
    pid="$(cat "$state/$p/redis.pid" 2>/dev/null || true)"
    if [[ -n "$pid" ]] && grep -qa "redis-server" "/proc/$pid/cmdline" 2>/dev/null && grep -qa ":$p" "/proc/$pid/cmdline" 2>/dev/null; then
      kill -9 "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  for pid in "${pids[@]}"; do
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  rm -rf "$state"
}
