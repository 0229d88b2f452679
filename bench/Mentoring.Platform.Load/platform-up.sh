#!/usr/bin/env bash
# Times ./platform up until every component's /healthz/ready answers 200, from cold and warm, and
# stops the platform cleanly after each start (./platform down; also on exit or Ctrl-C).
#
#   bench/Mentoring.Platform.Load/platform-up.sh [--quick]
#
# Runs:
#   cold        rm -rf .platform (no PostgreSQL cluster, database, keys or logs), then ./platform up:
#               its build step (up to date after the build that precedes this script: an incremental
#               no-op build), initdb, provisioning, the first start of identity, mail-sink, the five
#               services and the gateway from this build output.
#   warm        ./platform up again after ./platform down (cluster and database kept, build servers
#               running, files in the OS cache): the incremental build step included.
#   warm --no-build   the same without the build step (skipped with --quick).
# Neither the OS page cache is dropped nor `dotnet build-server shutdown` run: the machine is shared
# and that would stop other people's compiler servers mid-build. So "cold" is the first start after
# a build with no platform state, not the first after a reboot. Each line of ./platform's output is stamped with the seconds since the start.
# Refuses to run when a port of the platform is taken or the platform already runs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
quick=0
[[ "${1:-}" == --quick ]] && quick=1

PORTS=(8080 8081 5100 5110 5111 5120 5121 5130 5131 5140 5141 5150 5151 8025 2525 "${PLATFORM_PG_PORT:-55432}")
busy=()
for port in "${PORTS[@]}"; do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && busy+=("$port"); done
if ((${#busy[@]})); then
  echo "platform-up: ports in use: ${busy[*]} (another platform or test?); not starting" >&2
  exit 2
fi
if compgen -G ".platform/run/*.pid" >/dev/null; then
  echo "platform-up: .platform/run has pid files; ./platform status, then ./platform down first" >&2
  exit 2
fi

started=0
cleanup() { if ((started)); then ./platform down >/dev/null 2>&1 || true; started=0; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
results=()

# time_up <label> [platform up options...]
time_up() {
  local label="$1" t0 t1 elapsed
  shift
  echo "== $label: ./platform up $* ($(date -u '+%F %T') UTC, load average $(loadavg))"
  started=1
  t0=$(date +%s.%N)
  ./platform up "$@" 2>&1 | while IFS= read -r line; do
    printf '%6.1f  %s\n' "$(echo "$(date +%s.%N) - $t0" | bc)" "$line"
  done
  local rc=${PIPESTATUS[0]}
  t1=$(date +%s.%N)
  elapsed=$(echo "$t1 - $t0" | bc)
  if ((rc != 0)); then echo "platform-up: ./platform up failed ($rc)" >&2; exit 1; fi
  # Every component's readiness answers, checked independently of up's own wait.
  if ! ./platform status >/tmp/platform-up-status.$$ 2>&1; then
    cat /tmp/platform-up-status.$$; rm -f /tmp/platform-up-status.$$
    echo "platform-up: not every component is ready" >&2; exit 1
  fi
  rm -f /tmp/platform-up-status.$$
  printf -- '-- %s: all ready after %.1f s (load average %s)\n' "$label" "$elapsed" "$(loadavg)"
  results+=("$(printf '| %s | `./platform up %s` | %.1f | %s |' "$label" "$*" "$elapsed" "$(loadavg)")")
  local d0 d1
  d0=$(date +%s.%N)
  ./platform down >/dev/null
  d1=$(date +%s.%N)
  started=0
  printf -- '-- ./platform down took %.1f s\n' "$(echo "$d1 - $d0" | bc)"
  for port in "${PORTS[@]}"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "platform-up: port $port still open after down" >&2; exit 1; fi
  done
}

rm -rf .platform
time_up "cold"
time_up "warm"
((quick)) || time_up "warm, no build" --no-build

echo
echo "| run | command | seconds to all ready | load average after |"
echo "|-----|---------|---------------------:|--------------------|"
printf '%s\n' "${results[@]}"
