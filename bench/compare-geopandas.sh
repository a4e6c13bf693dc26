#!/usr/bin/env bash
# Side by side: BasinMap against the GeoPandas/Shapely/pyproj route an analyst would otherwise take, on
# the same layers and the same synthetic sites, run in alternation (A B A B ...) so that a drift in the
# machine's speed hits both. Prints every pair, the medians and the ratios, with the machine and date.
#   1. analysis stage, in-process: BasinMap's country, rivers, border, entry, trace and scoring
#      (PipelineBench) against GeoPandas's three answers (sjoin within, two sjoin_nearest) after reading;
#   2. whole process: `basinmap run` with its default outputs (and with --no-map) against the whole
#      GeoPandas script (read, project, three answers).
# Creates its own virtual environment (PyPI) in .venv-bench.
# Usage: bench/compare-geopandas.sh [N sites, default 100000] [PAIRS, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
PAIRS=${2:-3}
BASIN=Basins/syr-darya
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [ ! -x .venv-bench/bin/python ]; then
  python3 -m venv .venv-bench
  .venv-bench/bin/pip install -q geopandas shapely pyproj pyogrio
fi
swift build -c release --product basinmap --product PipelineBench >/dev/null
BIN=$(swift build -c release --show-bin-path)
"$BIN/basinmap" synth --basin "$BASIN" --count "$N" --seed 42 --extent 63,39.5,76,44.5 --out "$WORK/sites.csv" >/dev/null
PY=.venv-bench/bin/python
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); date $(date -u +%Y-%m-%d)"
echo "versions: $($PY -c 'import geopandas, shapely, pyproj; print("geopandas", geopandas.__version__, "shapely", shapely.__version__, "pyproj", pyproj.__version__)')"
echo "sites: $N synthetic (seed 42), $PAIRS pairs, alternating"
: > "$WORK/a"; : > "$WORK/g"; : > "$WORK/r"; : > "$WORK/rn"; : > "$WORK/gt"
for i in $(seq 1 "$PAIRS"); do
  # BasinMap's PipelineBench analyses its own synthetic sites (seed 7, the same box): same count, same layers.
  a=$("$BIN/PipelineBench" "$BASIN" --analysis-sizes "$N" --sizes "" | awk '/analysis stage/ {for (k=1;k<=NF;k++) if ($k=="in") print $(k+1)}')
  gline=$($PY bench/compare_geopandas.py "$BASIN" "$WORK/sites.csv" - | grep '^GEOPANDAS')
  gc=$(echo "$gline" | sed 's/.*compute_s=\([0-9.]*\).*/\1/'); gt=$(echo "$gline" | sed 's/.*total_s=\([0-9.]*\).*/\1/')
  s=$(now); "$BIN/basinmap" run "$BASIN" --sites "$WORK/sites.csv" --out "$WORK/out" --quiet >/dev/null; e=$(now)
  r=$(echo "$e - $s" | bc)
  s=$(now); "$BIN/basinmap" run "$BASIN" --sites "$WORK/sites.csv" --out "$WORK/out-nomap" --no-map --quiet >/dev/null; e=$(now)
  rn=$(echo "$e - $s" | bc)
  s=$(now); $PY bench/compare_geopandas.py "$BASIN" "$WORK/sites.csv" - >/dev/null; e=$(now)
  gp=$(echo "$e - $s" | bc)
  echo "pair $i: analysis $a s vs geopandas three answers $gc s; basinmap run $r s, --no-map $rn s vs geopandas script $gp s"
  echo "$a" >> "$WORK/a"; echo "$gc" >> "$WORK/g"; echo "$r" >> "$WORK/r"; echo "$rn" >> "$WORK/rn"; echo "$gp" >> "$WORK/gt"
done
ma=$(median < "$WORK/a"); mg=$(median < "$WORK/g"); mr=$(median < "$WORK/r"); mrn=$(median < "$WORK/rn"); mgt=$(median < "$WORK/gt")
printf "medians: analysis %.2f s, geopandas three answers %.2f s; basinmap run %.2f s, --no-map %.2f s, geopandas script %.2f s\n" "$ma" "$mg" "$mr" "$mrn" "$mgt"
printf "ratio (analysis stage vs geopandas three answers, in-process): %.1fx (target >= 10x)\n" "$(echo "$mg / $ma" | bc -l)"
printf "ratio (whole default basinmap run vs whole geopandas script): %.1fx (target >= 5x)\n" "$(echo "$mgt / $mr" | bc -l)"
printf "ratio (basinmap run --no-map vs whole geopandas script): %.1fx\n" "$(echo "$mgt / $mrn" | bc -l)"
echo "accuracy on the same sites:"
$PY bench/compare_geopandas.py "$BASIN" "$WORK/sites.csv" "$WORK/out-nomap/sites.geojson" | grep -v '^GEOPANDAS'
