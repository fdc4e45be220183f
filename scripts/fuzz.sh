#!/usr/bin/env bash
# Property-based fuzzing of the running platform against its own OpenAPI document (schemathesis):
# the whole platform (local Temporal, migrations, worker, API) is started on free local ports with a
# throw-away data folder and database, users with a spread of roles are created, and every operation
# of GET /openapi.json is called with generated valid and invalid requests, as each user, with a
# fixed seed. It fails on any server error and on any status, content type, header or body the
# document does not describe; the checks and their narrowings are in scripts/fuzz.toml, the records
# it works on are made by scripts/fuzz-seed.ts. About three minutes on two cores.
#
#   npm run fuzz                                   on SQLite
#   DATABASE_URL=postgresql://... npm run fuzz     on a fresh database of that PostgreSQL server
#   FUZZ_EXAMPLES=50 FUZZ_SEED=7 npm run fuzz      more examples per operation, another seed
#   npm run fuzz -- --report har                   further arguments go to each schemathesis run
set -euo pipefail
started=$SECONDS
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

SCHEMATHESIS_VERSION=4.32.5
seed="${FUZZ_SEED:-20261130}"
examples="${FUZZ_EXAMPLES:-20}"
venv="$root/.tools/venv"
st="$venv/bin/schemathesis"

# schemathesis, pinned, in a virtualenv of the project (it needs Python 3.11 or later).
if ! "$st" --version 2>/dev/null | grep -qF "version $SCHEMATHESIS_VERSION"; then
  python=""
  for candidate in python3 python3.13 python3.12 python3.11; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      python="$candidate"
      break
    fi
  done
  [ -n "$python" ] || { echo "fuzz: schemathesis needs Python 3.11 or later" >&2; exit 1; }
  echo "fuzz: installing schemathesis $SCHEMATHESIS_VERSION into .tools/venv..." >&2
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

bash scripts/setup.sh

work="$(mktemp -d "${TMPDIR:-/tmp}/aftersales-fuzz-XXXXXX")"
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
port="$(free_port)"
base="http://127.0.0.1:$port"
admin_token="fuzz-admin-$(node -e 'console.log(require("crypto").randomBytes(18).toString("hex"))')"

pg_database=""
platform_pid=""
cleanup() {
  local status=$?
  if [ -n "$platform_pid" ] && kill -0 "$platform_pid" 2>/dev/null; then
    kill -TERM "$platform_pid" 2>/dev/null || true
    # It stops the API, drains the worker and stops Temporal in order; past 90 s it is killed.
    for _ in $(seq 1 180); do kill -0 "$platform_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$platform_pid" 2>/dev/null || true
  fi
  if [ -n "$pg_database" ]; then
    node -e '
      const { Client } = require("pg");
      const c = new Client({ connectionString: process.argv[1] });
      c.connect().then(() => c.query(`DROP DATABASE IF EXISTS ${process.argv[2]} WITH (FORCE)`)).then(() => c.end()).catch(() => {});
    ' "$DATABASE_URL" "$pg_database" || true
  fi
  if [ "$status" -ne 0 ] && [ -f "$work/platform.log" ]; then
    echo "fuzz: the platform's log is kept in $work/platform.log" >&2
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A fresh database: on the PostgreSQL server of DATABASE_URL when it names one, else a SQLite file.
if [[ "${DATABASE_URL:-}" =~ ^postgres(ql)?:// ]]; then
  pg_database="aftersales_fuzz_$(node -e 'console.log(require("crypto").randomBytes(6).toString("hex"))')"
  node -e '
    const { Client } = require("pg");
    const c = new Client({ connectionString: process.argv[1] });
    c.connect().then(() => c.query(`CREATE DATABASE ${process.argv[2]}`)).then(() => c.end()).catch((e) => { console.error(e.message); process.exit(1); });
  ' "$DATABASE_URL" "$pg_database"
  database_url="$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.toString())' "$DATABASE_URL" "$pg_database")"
else
  database_url="file:$work/fuzz.sqlite"
fi

# The platform as `npm start` runs it, with its own local Temporal server whatever TEMPORAL_ADDRESS
# says, from the sources, in its own process group. Every JSON response is also checked against its
# schema on the way out (CHECK_RESPONSES), and the rate limit is raised so that the generated
# requests are answered rather than refused with 429.
echo "fuzz: starting the platform on $base..." >&2
env -u TEMPORAL_ADDRESS DATABASE_URL="$database_url" \
  TEMPORAL_DATA_DIR="$work/temporal" \
  TEMPORAL_LOCAL_PORT="$(free_port)" \
  TEMPORAL_UI_PORT="$(free_port)" \
  PORT="$port" \
  PUBLIC_URL="$base" \
  BOOTSTRAP_ADMIN_TOKEN="$admin_token" \
  CHECK_RESPONSES=true \
  RATE_LIMIT_PER_MINUTE=1000000 \
  RATE_LIMIT_BURST=1000000 \
  LOG_LEVEL=warn \
  setsid node --require tsx/cjs platform/run.ts >"$work/platform.log" 2>&1 &
platform_pid=$!
platform_started=$SECONDS
until grep -q 'Stop with Ctrl-C.' "$work/platform.log" 2>/dev/null; do
  if ! kill -0 "$platform_pid" 2>/dev/null; then
    echo "fuzz: the platform did not start:" >&2
    cat "$work/platform.log" >&2
    exit 1
  fi
  if [ $((SECONDS - platform_started)) -gt 180 ]; then
    echo "fuzz: the platform did not start within 180 s" >&2
    exit 1
  fi
  sleep 0.5
done

# Users with a spread of roles: every role (so that nearly every operation gets past its role check
# and reaches its handler), the bootstrap admin alone, and a technician alone (mostly refusals).
create_user() { # name roles-json → "id token"
  curl -sS --fail-with-body -X POST "$base/api/v1/users" \
    -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$1\",\"roles\":$2}" |
    node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{const u=JSON.parse(s);console.log(u.id+" "+u.token)})'
}
all_roles="$(node --require tsx/cjs -e 'console.log(JSON.stringify(require("./domain/roles").ROLES))')"
every_role="$(create_user 'Fuzz every role' "$all_roles")"
technician="$(create_user 'Fuzz technician' '["technician"]')"
# A second person who may decide: the one who proposed and consolidated a case never decides it.
decider="$(create_user 'Fuzz decider' "$all_roles")"
read -r _ decider_token <<<"$decider"
read -r _ every_role_token <<<"$every_role"
read -r technician_id technician_token <<<"$technician"

# Records to reach past "no such id", and the settings that use their ids.
echo "fuzz: making records to fuzz on..." >&2
config="$work/schemathesis.toml"
cp scripts/fuzz.toml "$config"
npx --no-install tsx scripts/fuzz-seed.ts "$base" "$every_role_token" "$technician_id" "$decider_token" >>"$config"

# One run per user, all with the same seed. The user holding every role gets every phase (the
# boundary cases of each parameter, other methods, no token; generated requests; sequences of calls
# linked by the ids they return) and the most examples; the admin and the technician get generated
# requests only, a third as many, for what changes with the caller (refusals, what a person may see).
status=0
summary=()
run_as() {
  local who="$1" token="$2" n="$3" phases="$4"
  shift 4
  echo "fuzz: === as $who: $phases, $n examples per operation, seed $seed ===" >&2
  local out="$work/schemathesis-$who.txt" rc=0
  "$st" --config-file "$config" run "$base/openapi.json" \
    -H "Authorization: Bearer $token" \
    --seed "$seed" --max-examples "$n" --phases "$phases" --no-color \
    "$@" 2>&1 | tee "$out" || rc=$?
  local tested cases verdict
  tested="$(grep -E '^  Tested: ' "$out" | tail -n 1 | sed 's/^ *Tested: //' || true)"
  cases="$(grep -A1 '^Test cases:' "$out" | tail -n 1 | sed 's/^ *//' || true)"
  verdict="$(grep -E '^=+ .* in [0-9.]+s =+$' "$out" | tail -n 1 | tr -d '=' | sed 's/^ *//; s/ *$//' || true)"
  summary+=("$who: ${tested:-?} operations; ${cases:-no test cases}; ${verdict:-schemathesis did not finish} (exit $rc)")
  [ "$rc" -eq 0 ] || status=1
}
run_as every-role "$every_role_token" "$examples" coverage,fuzzing,stateful "$@"
run_as admin "$admin_token" "$(( (examples + 2) / 3 ))" fuzzing "$@"
run_as technician "$technician_token" "$(( (examples + 2) / 3 ))" fuzzing "$@"

echo
echo "fuzz summary (seed $seed, $((SECONDS - started)) s):"
for line in "${summary[@]}"; do echo "  $line"; done
if [ "$status" -ne 0 ]; then
  echo "fuzz: FAILED (each failure above has a curl command that reproduces it)" >&2
else
  echo "fuzz: passed"
fi
exit "$status"
