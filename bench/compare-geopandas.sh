#!/usr/bin/env bash
# Side-by-side: BasinMap vs the GeoPandas/Shapely/pyproj route an analyst would otherwise take, on the
# same layers and the same synthetic sites. Creates its own virtual environment (PyPI) in .venv-bench.
# Usage: bench/compare-geopandas.sh [N sites, default 100000]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
BASIN=Basins/syr-darya
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [ ! -x .venv-bench/bin/python ]; then
  python3 -m venv .venv-bench
  .venv-bench/bin/pip install -q geopandas shapely pyproj pyogrio
fi
swift build -c release --product basinmap >/dev/null
BIN=$(swift build -c release --show-bin-path)/basinmap
"$BIN" synth --count "$N" --seed 42 --extent 63,39.5,76,44.5 --out "$WORK/sites.csv" >/dev/null
start=$(date +%s.%N)
"$BIN" run "$BASIN" --sites "$WORK/sites.csv" --out "$WORK/out" --no-map --quiet >/dev/null
end=$(date +%s.%N)
echo "basinmap run (ingest, analyse, score, write GeoJSON+CSV), $N sites: $(echo "$end - $start" | bc) s"
.venv-bench/bin/python bench/compare_geopandas.py "$BASIN" "$WORK/sites.csv" "$WORK/out/sites.geojson"
