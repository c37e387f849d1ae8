#!/usr/bin/env bash
# Lighthouse 12.2.3 (mobile, default throttling) on the main public pages of the demo region, served by
# gunicorn as in production; the median of RUNS runs per page goes into docs/benchmarks.md.
#
#   bench/lighthouse.sh                  all main pages, 3 runs each (~6 minutes), writes docs/benchmarks.md
#   RUNS=1 bench/lighthouse.sh / /harga/ only these paths, results on stdout only
#   KEEP=/tmp/lh bench/lighthouse.sh     keep the JSON reports (and the instance) in /tmp/lh
#
# Needs Node 20 with npm (Lighthouse 13 needs Node 22) and Debian's Chromium (CHROME_PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LIGHTHOUSE_VERSION=12.2.3
RUNS=${RUNS:-3}
DOC=${DOC:-docs/benchmarks.md}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
PY=$ROOT/.venv/bin/python
NODE_DIR=$ROOT/bench/.node
LIGHTHOUSE=$NODE_DIR/node_modules/.bin/lighthouse

[ -x "$PY" ] || { echo "no .venv: run 'make install' first" >&2; exit 1; }
[ -x "$CHROME_PATH" ] || { echo "no $CHROME_PATH: apt-get install -y chromium" >&2; exit 1; }
command -v npm >/dev/null || { echo "no npm: apt-get install -y nodejs npm" >&2; exit 1; }

installed=$(cd "$NODE_DIR" 2>/dev/null && node -p "require('lighthouse/package.json').version" 2>/dev/null || true)
if [ "$installed" != "$LIGHTHOUSE_VERSION" ]; then
  echo "installing lighthouse@$LIGHTHOUSE_VERSION into bench/.node" >&2
  mkdir -p "$NODE_DIR"
  npm install --prefix "$NODE_DIR" --save-exact --no-audit --no-fund --loglevel=error "lighthouse@$LIGHTHOUSE_VERSION" >&2
fi

if [ -n "${KEEP:-}" ]; then WORK=$KEEP; mkdir -p "$WORK"; else WORK=$(mktemp -d); fi
REPORTS=$WORK/reports
mkdir -p "$REPORTS" "$WORK/instance"
rm -f "$REPORTS"/*.json
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

# A throwaway instance with the demo region, configured as in production (no debug, secure cookies, compression).
export SERAMBI_INSTANCE=$WORK/instance SERAMBI_ENV=production
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(32))')
export SECRET_KEY
unset DATABASE_URL REDIS_URL
"$ROOT/.venv/bin/pybabel" compile -d translations >/dev/null 2>&1
"$ROOT/.venv/bin/flask" --app wsgi db upgrade >"$WORK/seed.log" 2>&1
"$ROOT/.venv/bin/flask" --app wsgi seed-demo >>"$WORK/seed.log" 2>&1

PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT  # 127.0.0.1 is one of the demo region's hosts
"$ROOT/.venv/bin/gunicorn" --workers 2 --bind "127.0.0.1:$PORT" --no-control-socket wsgi:app \
  >"$WORK/gunicorn.log" 2>&1 &
server=$!
for _ in $(seq 100); do
  curl -fs "$BASE/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "$BASE/healthz" >/dev/null || { cat "$WORK/gunicorn.log" >&2; exit 1; }

if [ $# -gt 0 ]; then printf '%s\n' "$@" >"$WORK/pages.txt"; else "$PY" bench/lighthouse_table.py pages "$BASE" >"$WORK/pages.txt"; fi
# A server in production is warm: each worker has compiled its templates and filled its caches. Fetch every
# page a few times first, so no run measures a cold worker's first response.
while read -r path; do
  for _ in 1 2 3 4; do curl -fs -o /dev/null -H 'Accept-Language: id' -H 'Accept-Encoding: gzip' "$BASE$path"; done
done <"$WORK/pages.txt"

lighthouse() {  # URL REPORT: one run; a run that crashes (Chromium slow to start on a busy box) is retried once
  for attempt in 1 2; do
    # Lighthouse's Chrome asks for English; the pages a citizen sees are in Indonesian (the region's default).
    if "$LIGHTHOUSE" "$1" --quiet --output=json --output-path="$2" --form-factor=mobile \
        --extra-headers='{"Accept-Language": "id-ID,id;q=0.9"}' \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu" </dev/null 2>>"$WORK/lighthouse.log"; then
      return 0
    fi
  done
  tail -20 "$WORK/lighthouse.log" >&2
  exit 1
}
cpu_index() { "$PY" -c 'import json, sys; print(int(json.load(open(sys.argv[1]))["environment"]["benchmarkIndex"]))' "$1"; }

# Lighthouse measures the CPU before each run (BenchmarkIndex). On a machine shared with other work, a run that
# starts while the CPU is under half as fast as the best seen so far is repeated (twice at most, after a pause):
# such a run measures the neighbours, not the page. The table says how many were repeated.
total=$(($(wc -l <"$WORK/pages.txt") * RUNS))
done_runs=0 number=0 best=0 repeated=0
while read -r path; do
  number=$((number + 1))
  for run in $(seq "$RUNS"); do
    done_runs=$((done_runs + 1))
    for try in 1 2 3; do
      again=; [ "$try" = 1 ] || again=", again: the CPU was busy"
      echo "[$done_runs/$total] $path (run $run$again)" >&2
      lighthouse "$BASE$path" "$REPORTS/$number-$run.json"
      index=$(cpu_index "$REPORTS/$number-$run.json")
      [ "$index" -gt "$best" ] && best=$index
      [ $((index * 2)) -ge "$best" ] && break
      [ "$try" = 3 ] || { repeated=$((repeated + 1)); sleep 15; }
    done
  done
done <"$WORK/pages.txt"

command="bench/lighthouse.sh"
[ "$RUNS" = 3 ] || command="RUNS=$RUNS $command"
write=()
[ $# -gt 0 ] || write=(--write "$DOC")
"$PY" bench/lighthouse_table.py report "$REPORTS" --pages "$WORK/pages.txt" --command-line "$command" \
  --repeated "$repeated" "${write[@]}"
[ $# -gt 0 ] || echo "written to $DOC" >&2
[ -z "${KEEP:-}" ] || echo "reports kept in $REPORTS" >&2
