#!/usr/bin/env bash
# Dumps the raw GMT layers a basin's geometry is built from (see Basins/README.md), for any basin:
# the boxes and country codes come from the basin's basin.json ("build.box", "build.shore_box",
# "countries[].iso").
# Usage: scripts/extract-gmt.sh BASIN_DIR OUT_DIR
# Needs Debian's gmt + gmt-dcw (GSHHG 2.3.7, WDBII and DCW-GMT 2.1.1 come with them) and python3.
# Deterministic: the same packages give the same bytes (gmt writes no dates into -M text output).
set -euo pipefail
if [ $# -ne 2 ]; then echo "usage: $0 BASIN_DIR OUT_DIR" >&2; exit 2; fi
command -v gmt >/dev/null || { echo "$0: gmt not found (apt-get install gmt gmt-dcw)" >&2; exit 1; }
[ -f "$1/basin.json" ] || { echo "$0: $1/basin.json: file missing" >&2; exit 1; }
# R boxes are west/east/south/north; basin.json boxes are [min_lon, min_lat, max_lon, max_lat].
read -r BOX WIDE ISOS < <(python3 - "$1/basin.json" <<'PY'
import json, sys
path = sys.argv[1]
try:
    m = json.load(open(path, encoding="utf-8"))
except ValueError as e:
    sys.exit(f"{path}: not valid JSON: {e}")
def box(key):
    b = m.get("build", {}).get(key)
    if not (isinstance(b, list) and len(b) == 4 and all(isinstance(v, (int, float)) for v in b) and b[0] < b[2] and b[1] < b[3]):
        sys.exit(f"{path}: 'build.{key}': expected [min_lon, min_lat, max_lon, max_lat] with min < max")
    g = lambda v: repr(v) if isinstance(v, float) else str(v)
    return f"{g(b[0])}/{g(b[2])}/{g(b[1])}/{g(b[3])}"
isos = [c.get("iso") for c in m.get("countries", [])]
if not isos or not all(isinstance(i, str) and len(i) == 2 and i.isupper() for i in isos):
    sys.exit(f"{path}: 'countries[].iso': expected ISO 3166-1 alpha-2 codes")
print(box("box"), box("shore_box"), ",".join(isos))
PY
)
mkdir -p "$2"
OUT="$(cd "$2" && pwd)"
# gmt leaves gmt.history (and may read gmt.conf) in its working folder: run it in an empty scratch folder.
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
G="gmt"; H="--GMT_HISTORY=false"
$G coast -R$BOX -Df -Ia -M $H > "$OUT/rivers.txt.tmp"     # WDBII rivers, every level
$G coast -R$BOX -Df -N1 -M $H > "$OUT/borders.txt.tmp"    # WDBII national borders
$G coast -R$WIDE -Df -W -M $H > "$OUT/shore.txt.tmp"      # GSHHG shorelines (levels 2 lake, 3 island-in-lake, ...)
$G coast -E$ISOS+z -M $H > "$OUT/countries.txt.tmp"       # DCW polygons, header -Z<ISO>
for f in rivers borders shore countries; do
  [ -s "$OUT/$f.txt.tmp" ] || { echo "$0: gmt wrote an empty $f.txt (is gmt-dcw installed?)" >&2; exit 1; }
  mv "$OUT/$f.txt.tmp" "$OUT/$f.txt"
done
