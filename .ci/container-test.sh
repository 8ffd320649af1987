#!/usr/bin/env bash
# container-test.sh IMAGE_TAG: what a pipeline does with the image, beyond build-and-smoke.sh's checks.
# Runs the image built by build-and-smoke.sh (rootful podman) with a changed port and an admin token, then:
# --version and an invalid setting (exit 2), a batch-scan with X-Auth-Token and one without, the journal,
# and a SIGTERM stop whose last log line counts the recorded job. Last line: "container-test: PASS" or FAIL.
set -uo pipefail
TAG=${1:?usage: container-test.sh IMAGE_TAG}
cd "$(dirname "$0")/.."
NAME="hss-mock-test-$$"
WORK=$(mktemp -d /tmp/container-test.XXXXXX)
cleanup() { podman rm -f -t 0 "$NAME" >/dev/null 2>&1; rm -rf "$WORK"; }
trap cleanup EXIT
fail() { echo "container-test: FAIL $*"; exit 1; }

# The same engine settings build-and-smoke.sh uses on this machine: runc, cgroupfs, and the highest nproc
# limit the runtime is allowed to set here (probed the same way).
write_conf() {
  cat >"$WORK/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=$1:$1"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
CONF
}
export CONTAINERS_CONF="$WORK/containers.conf"
for np in $(ulimit -Hu) 32768 4096; do
  [[ "$np" =~ ^[0-9]+$ ]] || continue
  write_conf "$np"; podman run --rm --network none --entrypoint true "$TAG" >/dev/null 2>&1 && break
done

version=$(node -p 'require("./package.json").version')
out=$(podman run --rm --no-healthcheck "$TAG" --version) || fail "--version exited $?"
[ "$out" = "$version" ] || fail "--version printed '$out', expected $version"
echo "[container-test] --version -> $out"

podman run --rm --no-healthcheck -e PORT=99999 "$TAG" >"$WORK/invalid.log" 2>&1; code=$?
[ "$code" = 2 ] || { cat "$WORK/invalid.log"; fail "PORT=99999 exited $code, expected 2"; }
[ "$(wc -l <"$WORK/invalid.log")" = 1 ] && grep -q '^hss-mock: invalid PORT' "$WORK/invalid.log" \
  || fail "PORT=99999 did not print one line naming PORT: $(cat "$WORK/invalid.log")"
echo "[container-test] PORT=99999 -> exit 2: $(cat "$WORK/invalid.log")"

HOST_PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
podman run -d --name "$NAME" -p "127.0.0.1:$HOST_PORT:9000" -e PORT=9000 -e HSS_MOCK_ADMIN_TOKEN=container-admin-secret \
  "$TAG" >"$WORK/run.log" 2>&1 || { cat "$WORK/run.log"; fail "podman run failed"; }

node --input-type=module - "http://127.0.0.1:$HOST_PORT" <<'JS' || fail "requests to the running container"
const [base] = process.argv.slice(2)
const assert = (ok, what) => { if (!ok) { console.error(`[container-test] not as expected: ${what}`); process.exit(1) } }
let health
for (let i = 0; i < 60 && health === undefined; i++) {
  health = await fetch(`${base}/_mock/health`).then((r) => r.ok ? r.json() : undefined, () => undefined)
  if (health === undefined) await new Promise((resolve) => setTimeout(resolve, 500))
}
assert(health?.status === 'ok', `health on the changed PORT: ${JSON.stringify(health)}`)
const body = JSON.stringify({ image_type: 'private_image', image_info_list: [{ namespace: 'team', image_name: 'nginx', image_version: '1.25' }] })
const scan = await fetch(`${base}/v5/p-ci/image/batch-scan`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-auth-token': 'ci-token' }, body })
assert(scan.status === 200 && (await scan.text()) === '{}', `batch-scan with X-Auth-Token: ${scan.status}`)
assert(scan.headers.get('x-request-id'), 'X-Request-Id on the answer')
const anonymous = await fetch(`${base}/v5/p-ci/image/batch-scan`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
const error = await anonymous.json()
assert(anonymous.status === 401 && error.error_code === 'APIGW.0301', `batch-scan without credentials: ${anonymous.status} ${JSON.stringify(error)}`)
const locked = await fetch(`${base}/_mock/jobs`)
assert(locked.status === 401, `journal without the admin token: ${locked.status}`)
const jobs = await (await fetch(`${base}/_mock/jobs?project_id=p-ci`, { headers: { authorization: 'Bearer container-admin-secret' } })).json()
assert(jobs.total === 1 && jobs.jobs[0].images[0].image_name === 'nginx' && jobs.jobs[0].identity.kind === 'token', `journal: ${JSON.stringify(jobs)}`)
console.log(`[container-test] batch-scan 200, without credentials 401 ${error.error_code}, journal holds ${jobs.total} job (${jobs.jobs[0].id})`)
JS

podman healthcheck run "$NAME" >/dev/null 2>&1 || fail "HEALTHCHECK unhealthy with PORT=9000"
echo "[container-test] HEALTHCHECK healthy with PORT=9000"
podman stop -t 10 "$NAME" >/dev/null 2>&1
code=$(podman inspect -f '{{.State.ExitCode}}' "$NAME")
podman logs "$NAME" >"$WORK/logs.txt" 2>&1
[ "$code" = 0 ] || { tail -5 "$WORK/logs.txt"; fail "exit code $code after SIGTERM"; }
last=$(tail -1 "$WORK/logs.txt")
case "$last" in *'"stopped; 1 scan jobs recorded"'*) ;; *) fail "last log line: $last";; esac
if grep -q -e container-admin-secret -e ci-token "$WORK/logs.txt"; then fail "a secret appears in the logs"; fi
echo "[container-test] SIGTERM -> exit 0; last line: $(echo "$last" | cut -c1-120)"
echo "container-test: PASS"
