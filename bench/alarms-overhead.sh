#!/usr/bin/env bash
# What the alarm model adds to the whole default run (#18: at most +30 %): `basinmap run` on the same
# synthetic sites with and without --no-alarms, in alternation (A B A B ...), medians and the ratio,
# with the machine and date.
# Usage: bench/alarms-overhead.sh [N sites, default 100000] [PAIRS, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
PAIRS=${2:-3}
BASIN=Basins/syr-darya
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
swift build -c release --product basinmap >/dev/null
BIN=$(swift build -c release --show-bin-path)
"$BIN/basinmap" synth --basin "$BASIN" --count "$N" --seed 42 --extent 63,39.5,76,44.5 --out "$WORK/sites.csv" >/dev/null
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); date $(date -u +%Y-%m-%d)"
echo "sites: $N synthetic (seed 42), $PAIRS pairs, alternating; default formats (geojson, gpkg, csv), map and report"
: > "$WORK/with"; : > "$WORK/without"
for i in $(seq 1 "$PAIRS"); do
  s=$(now); "$BIN/basinmap" run "$BASIN" --sites "$WORK/sites.csv" --out "$WORK/a" --quiet >/dev/null; e=$(now); w=$(echo "$e - $s" | bc)
  s=$(now); "$BIN/basinmap" run "$BASIN" --sites "$WORK/sites.csv" --out "$WORK/b" --quiet --no-alarms >/dev/null; e=$(now); wo=$(echo "$e - $s" | bc)
  echo "pair $i: with alarms $w s, --no-alarms $wo s"
  echo "$w" >> "$WORK/with"; echo "$wo" >> "$WORK/without"
done
mw=$(median < "$WORK/with"); mwo=$(median < "$WORK/without")
rows=$(($(wc -l < "$WORK/a/alarms.csv") - 1))
printf "medians: with alarms %.2f s, without %.2f s; alarms.csv %d rows\n" "$mw" "$mwo" "$rows"
printf "alarm model adds: %+.0f %% to the whole run (target <= +30 %%)\n" "$(echo "($mw / $mwo - 1) * 100" | bc -l)"
grep -o '"analyse_and_write_rows": [0-9.]*\|"write_alarms_csv": [0-9.]*\|"write_gpkg_alarms": [0-9.]*\|"write_alarm_charts": [0-9.]*\|"load_alarm_model": [0-9.]*' "$WORK/a/summary.json" | tr '\n' ' '; echo
