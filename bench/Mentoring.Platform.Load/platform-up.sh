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

secs() { printf '%d.%01d' $(($1 / 1000000)) $((($1 % 1000000) / 100000)); }   # microseconds -> seconds

# time_up <label> [platform up options...]
time_up() {
  local label="$1" t0 t1 log="/tmp/platform-up.$$.log" at la
  shift
  at="$(date -u '+%F %T')"; la="$(loadavg)"
  echo "== $label: ./platform up $* ($at UTC, load average $la)"
  started=1
  t0=${EPOCHREALTIME/./}
  # Each line stamped with the seconds since the start (bash built-ins only: no fork per line).
  ./platform up "$@" 2>&1 | while IFS= read -r line; do
    d=$((${EPOCHREALTIME/./} - t0))
    printf '%4d.%01d  %s\n' $((d / 1000000)) $(((d % 1000000) / 100000)) "$line"
  done | tee "$log" | sed -n '1,/all ready/p'
  local rc=${PIPESTATUS[0]}
  t1=${EPOCHREALTIME/./}
  if ((rc != 0)); then cat "$log"; echo "platform-up: ./platform up failed ($rc)" >&2; exit 1; fi
  # Every component's readiness answers, checked independently of up's own wait.
  if ! ./platform status >"$log.status" 2>&1; then
    cat "$log.status"; echo "platform-up: not every component is ready" >&2; exit 1
  fi
  local ready services built
  ready=$(awk '/all ready/ {print $1; exit}' "$log")
  services=$(awk '/==> starting services/ {print $1; exit}' "$log")
  built=$(awk '/==> admin SPA/ {print $1; exit}' "$log")
  rm -f "$log" "$log.status"
  printf -- '-- %s: all ready at %s s (build step %s s; services started -> all ready %s s); up returned at %s s (load average %s)\n' \
    "$label" "$ready" "$built" "$(echo "$ready - $services" | bc)" "$(secs $((t1 - t0)))" "$(loadavg)"
  results+=("$(printf '| %s | `./platform up%s` | %s | %s | %s | %s | %s | %s | %s |' "$label" "${*:+ $*}" "$at" "$la" "$ready" "$built" \
    "$(echo "$ready - $services" | bc)" "$(secs $((t1 - t0)))" "$(loadavg)")")
  local d0
  d0=${EPOCHREALTIME/./}
  # Stamped too: which component takes its time to stop.
  ./platform down 2>&1 | while IFS= read -r line; do
    d=$((${EPOCHREALTIME/./} - d0))
    printf '%4d.%01d  %s\n' $((d / 1000000)) $(((d % 1000000) / 100000)) "$line"
  done | grep -E 'stopping|killing|stopped' || true
  started=0
  printf -- '-- ./platform down took %s s\n' "$(secs $((${EPOCHREALTIME/./} - d0)))"
  for port in "${PORTS[@]}"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "platform-up: port $port still open after down" >&2; exit 1; fi
  done
}

rm -rf .platform
time_up "cold"
time_up "warm"
((quick)) || time_up "warm, no build" --no-build

echo
echo "| run | command | started (UTC) | load average at start | all ready s | build step s | services started -> all ready s | up returned s | load average after |"
echo "|-----|---------|---------------|-----------------------|------------:|-------------:|--------------------------------:|--------------:|--------------------|"
printf '%s\n' "${results[@]}"
