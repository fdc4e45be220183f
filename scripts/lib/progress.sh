# Sourced by the setup scripts: `step "what" "how long it usually takes" command...` says what is
# happening, prints the elapsed time every 30 s while the command runs, and how long it took.
# Ctrl-C stops the command too.

elapsed() {
  local s=$1
  if [ "$s" -lt 60 ]; then printf '%ds' "$s"; else printf '%dm%02ds' $((s / 60)) $((s % 60)); fi
}

step() {
  local label=$1 estimate=$2
  shift 2
  local started=$SECONDS next=30 status=0
  if [ -n "$estimate" ]; then echo "setup: $label ($estimate)..." >&2; else echo "setup: $label..." >&2; fi
  "$@" &
  local pid=$!
  # A background command does not get the terminal's Ctrl-C: pass it on.
  trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; exit 130' INT TERM
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if [ $((SECONDS - started)) -ge "$next" ]; then
      echo "setup:   ... still $label ($(elapsed $((SECONDS - started))) so far)" >&2
      next=$((next + 30))
    fi
  done
  wait "$pid" || status=$?
  trap - INT TERM
  if [ "$status" -eq 0 ]; then
    echo "setup: $label: done in $(elapsed $((SECONDS - started)))" >&2
  else
    echo "setup: $label failed (exit code $status after $(elapsed $((SECONDS - started))))" >&2
  fi
  return "$status"
}

# Runs a command with its output kept back, shown only when it fails.
quietly() {
  local out status=0
  out="$(mktemp)"
  "$@" >"$out" 2>&1 || status=$?
  [ "$status" -eq 0 ] || cat "$out" >&2
  rm -f "$out"
  return "$status"
}
