#!/usr/bin/env bash
# Wall time of `weka s3 policy list` against a running release-built weka-server holding 1,000
# policies, next to `weka --version` (the process start cost) measured in the same run.
#
# Usage: benches/policy_list.sh [RUNS]        (default 100 runs per command; at least 50)
#
# Builds the release binaries (cargo build --release --locked --bins), starts weka-server on free
# loopback ports with a temporary data directory, adds 1,000 policies (a tenth of them attached
# to an identity), then times each command with hyperfine (apt-get install -y hyperfine) or, when
# hyperfine is missing, a timing loop. Prints median and p90 in milliseconds per command.
# The target for `weka s3 policy list` is under 15 ms.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${1:-100}
if [ "$RUNS" -lt 50 ]; then
    echo "Error: at least 50 runs are needed for a p90; got $RUNS" >&2
    exit 2
fi
POLICIES=1000
PASSWORD=bench-admin-password

echo "==> building the release binaries" >&2
cargo build --release --locked --bins >&2
BIN="${CARGO_TARGET_DIR:-target}/release"
WEKA="$BIN/weka"

TMP=$(mktemp -d)
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT

echo "==> starting weka-server (release) in $TMP" >&2
env -i PATH="$PATH" HOME="$TMP/server-home" WEKA_ADMIN_PASSWORD="$PASSWORD" \
    "$BIN/weka-server" --data-dir "$TMP/data" --api-listen 127.0.0.1:0 --s3-listen 127.0.0.1:0 \
    --log-format json --log warn,weka::server=info 2>"$TMP/server.log" &
SERVER_PID=$!
PORT=
for _ in $(seq 1 300); do
    PORT=$(grep -o '"api":"http://127.0.0.1:[0-9]*"' "$TMP/server.log" 2>/dev/null | grep -o '[0-9]*"$' | tr -d '"' || true)
    [ -n "$PORT" ] && break
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "Error: weka-server exited; its log:" >&2
        cat "$TMP/server.log" >&2
        exit 1
    fi
    sleep 0.1
done
if [ -z "$PORT" ]; then
    echo "Error: weka-server did not report ready within 30 s; its log:" >&2
    cat "$TMP/server.log" >&2
    exit 1
fi

# The CLI's environment: cleared, a session file in a temporary HOME.
export HOME="$TMP/home" WEKA_HOST=127.0.0.1 WEKA_PORT="$PORT" WEKA_TOKEN_STORE=file NO_COLOR=1
unset WEKA_TLS WEKA_CA_CERT WEKA_USERNAME WEKA_PASSWORD WEKA_TOKEN_FILE
"$WEKA" user login admin "$PASSWORD" >/dev/null 2>&1

echo "==> adding $POLICIES policies" >&2
for i in $(seq -w 1 "$POLICIES"); do
    printf '{"Version":"2012-10-17","Statement":[{"Sid":"Read%s","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::bucket-%s","arn:aws:s3:::bucket-%s/*"]},{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::bucket-%s/*"}]}' \
        "$i" "$i" "$i" "$i" | "$WEKA" s3 policy add "policy-$i" - >/dev/null 2>&1
    if [ $((10#$i % 10)) -eq 0 ]; then
        "$WEKA" s3 policy attach "policy-$i" "svc-$i" >/dev/null 2>&1
    fi
done
COUNT=$("$WEKA" --json s3 policy list | grep -c '"name"')
echo "==> the server holds $COUNT policies; $(nproc) CPUs; $RUNS runs per command" >&2
"$WEKA" s3 policy list | head -3 >&2

COMMANDS=(
    "$WEKA --version"
    "$WEKA s3 policy list"
    "$WEKA --json s3 policy list"
)

report() {
    # $1: a file of one wall time in seconds per line; prints median and p90 in ms.
    python3 - "$1" <<'EOF'
import statistics, sys
t = sorted(float(x) * 1000 for x in open(sys.argv[1]) if x.strip())
p90 = t[min(len(t) - 1, int(round(0.9 * len(t))) - 1)]
print(f"median {statistics.median(t):7.2f} ms   p90 {p90:7.2f} ms   min {t[0]:7.2f} ms   ({len(t)} runs)")
EOF
}

if command -v hyperfine >/dev/null 2>&1; then
    echo "==> hyperfine $(hyperfine --version | cut -d' ' -f2)" >&2
    hyperfine -N --warmup 5 --runs "$RUNS" --output=pipe --export-json "$TMP/times.json" "${COMMANDS[@]}" >&2
    for i in "${!COMMANDS[@]}"; do
        python3 -c "import json,sys; [print(t) for t in json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]['times']]" \
            "$TMP/times.json" "$i" >"$TMP/t$i"
    done
else
    echo "==> hyperfine is missing (apt-get install -y hyperfine): timing loop" >&2
    for i in "${!COMMANDS[@]}"; do
        # shellcheck disable=SC2086 # the command splits into its words on purpose
        python3 - "$RUNS" "$TMP/t$i" ${COMMANDS[$i]} <<'EOF'
import subprocess, sys, time
runs, out, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
for _ in range(5):
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
with open(out, "w") as f:
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        f.write(f"{time.perf_counter() - start}\n")
EOF
    done
fi

echo
echo "weka s3 policy list with $COUNT policies, release build, $(nproc) CPUs:"
for i in "${!COMMANDS[@]}"; do
    printf '  weka %-24s ' "${COMMANDS[$i]#"$WEKA" }"
    report "$TMP/t$i"
done
