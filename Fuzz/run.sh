#!/usr/bin/env bash
# One bounded libFuzzer run, or the self-check that proves a run reports what it must.
#   Fuzz/run.sh TARGET SECONDS   fuzz TARGET (FuzzCSV, FuzzGeoJSON, FuzzRules, FuzzBasin) from its
#                                committed seeds; exit 0 only when no crash, timeout, leak or
#                                out-of-memory was found. Prints one summary line with the figures.
#   Fuzz/run.sh selfcheck        each deliberate fault (crash, leak, hang) must fail a short run.
# Binaries come from .build-fuzz/release (make fuzz builds them); findings go to .build-fuzz/findings/.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=.build-fuzz/release
findings=.build-fuzz/findings
declare -A corpus=([FuzzCSV]=csv [FuzzGeoJSON]=geojson [FuzzRules]=rules [FuzzBasin]=basin)
# Per input: 10 s is ~1,000 times the slowest seed's time; 2 GB is ~4 times the peak seen in 60 s runs.
# A fixed seed (FUZZ_SEED, default 1) makes a CI run explore the same inputs as a local run of it.
timeout_s=${FUZZ_TIMEOUT:-10}
rss_mb=${FUZZ_RSS_MB:-2048}
# Leaks: LeakSanitizer checks once, when the run exits, over everything every input allocated.
# libFuzzer's own per-input check (-detect_leaks=1) is off: these readers keep allocator and PROJ caches
# across inputs, so it would rescan the heap after nearly every input (about 100 exec/s fell to 8).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
# Swift's own crash backtracer reads the dying process's memory in a way AddressSanitizer traps on, and
# then waits: a crash would hang the run instead of ending it. libFuzzer and ASan print the stack.
export SWIFT_BACKTRACE=enable=no
declare -A dict=([FuzzCSV]=csv.dict [FuzzGeoJSON]=json.dict [FuzzRules]=json.dict [FuzzBasin]=json.dict)

# fuzz TARGET SECONDS LOG [EXTRA-SEED-DIR]: 0 when the run found nothing.
fuzz() {
  local t=$1 secs=$2 log=$3 extra=${4:-}
  local work; work=$(mktemp -d)
  mkdir -p "$findings"
  # New inputs go to a scratch corpus; the committed seeds are only read.
  "$bin/$t" -max_total_time="$secs" -timeout="$timeout_s" -rss_limit_mb="$rss_mb" -detect_leaks=0 \
    -seed="${FUZZ_SEED:-1}" -print_final_stats=1 -dict="Fuzz/Corpus/${dict[$t]}" -artifact_prefix="$findings/$t-" "$work" "Fuzz/Corpus/${corpus[$t]}" $extra > "$log" 2>&1
  local s=$?
  # A leak is reported at exit without the input that caused it: keep the inputs to replay one by one.
  if [ $s -ne 0 ]; then rm -rf "$findings/$t-corpus"; mv "$work" "$findings/$t-corpus"; else rm -rf "$work"; fi
  return $s
}

if [ "${1:-}" = selfcheck ]; then
  export BASINMAP_FUZZ_SELFCHECK=1
  seeds=$(mktemp -d); trap 'rm -rf "$seeds"' EXIT
  status=0
  for fault in CRASH:"deliberate crash" LEAK:"ERROR: LeakSanitizer" HANG:"ERROR: libFuzzer: timeout"; do
    magic=${fault%%:*} expect=${fault#*:}
    rm -f "$seeds"/*; printf 'BASINMAP-SELFCHECK-%s' "$magic" > "$seeds/$magic"
    log=$(mktemp)
    if FUZZ_TIMEOUT=3 fuzz FuzzCSV 20 "$log" "$seeds"; then
      echo "fuzz self-check: a deliberate ${magic,,} did not fail the run: make fuzz proves nothing"; status=1
    elif ! grep -q "$expect" "$log"; then
      echo "fuzz self-check: a deliberate ${magic,,} failed the run but without \"$expect\":"; tail -20 "$log"; status=1
    else
      echo "fuzz self-check: a deliberate ${magic,,} fails the run (\"$expect\")"
    fi
    rm -rf "$log" "$findings"/FuzzCSV-*
  done
  exit $status
fi

t=${1:?usage: Fuzz/run.sh TARGET SECONDS | selfcheck}
secs=${2:-60}
[ -n "${corpus[$t]:-}" ] || { echo "fuzz: unknown target $t (FuzzCSV, FuzzGeoJSON, FuzzRules, FuzzBasin)"; exit 2; }
[ -x "$bin/$t" ] || { echo "fuzz: $bin/$t not built (make fuzz builds it)"; exit 2; }
log=$findings/$t.log
mkdir -p "$findings"
fuzz "$t" "$secs" "$log"; s=$?
stat() { grep -o "stat::$1: *[0-9]*" "$log" | grep -o '[0-9]*$' | tail -1; }
done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
cov=$(grep -o 'cov: [0-9]*' <<<"$done_line" | grep -o '[0-9]*'); ft=$(grep -o 'ft: [0-9]*' <<<"$done_line" | grep -o '[0-9]*')
summary="$t: ${secs} s, $(stat number_of_executed_units) runs, $(stat average_exec_per_sec) exec/s, cov: ${cov:-?} ft: ${ft:-?}, peak rss $(stat peak_rss_mb) MB"
if [ $s -ne 0 ]; then
  echo "fuzz FAILED $summary (exit $s)"
  grep -E "ERROR|SUMMARY|fuzz invariant|Fatal error|deadly signal|ALARM|Test unit written" "$log" | head -20
  echo "full log: $log; reproducer(s): $(ls -d "$findings/$t-"* 2>/dev/null | tr '\n' ' ')"
  echo "replay one input: $bin/$t FILE (a leak: each file of $findings/$t-corpus in turn)"
  exit 1
fi
echo "fuzz ok $summary"
