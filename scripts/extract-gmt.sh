#!/usr/bin/env bash
# Dumps the raw GMT layers BasinMap's Syr Darya geometry is built from (see Basins/README.md).
# Usage: scripts/extract-gmt.sh DIR
# Needs Debian's gmt + gmt-dcw (GSHHG 2.3.7, WDBII and DCW-GMT 2.1.1 come with them).
# Deterministic: the same packages give the same bytes (gmt writes no dates into -M text output).
set -euo pipefail
if [ $# -ne 1 ]; then echo "usage: $0 DIR" >&2; exit 2; fi
command -v gmt >/dev/null || { echo "$0: gmt not found (apt-get install gmt gmt-dcw)" >&2; exit 1; }
mkdir -p "$1"
OUT="$(cd "$1" && pwd)"
# gmt leaves gmt.history (and may read gmt.conf) in its working folder: run it in an empty scratch folder.
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
G="gmt"; H="--GMT_HISTORY=false"
BOX=58/80/36.5/47        # the basin box: reaches the Syr Darya mouth at the Aral (~61.1 E, 46.1 N)
WIDE=56/82/35/48         # lakes: wider, so lakes crossing the basin box (Aral, Balkhash) close
$G coast -R$BOX -Df -Ia -M $H > "$OUT/rivers.txt.tmp"     # WDBII rivers, every level
$G coast -R$BOX -Df -N1 -M $H > "$OUT/borders.txt.tmp"    # WDBII national borders
$G coast -R$WIDE -Df -W -M $H > "$OUT/shore.txt.tmp"      # GSHHG shorelines (levels 2 lake, 3 island-in-lake, ...)
$G coast -EKG,TJ,UZ,KZ+z -M $H > "$OUT/countries.txt.tmp" # DCW polygons, header -Z<ISO>
for f in rivers borders shore countries; do
  [ -s "$OUT/$f.txt.tmp" ] || { echo "$0: gmt wrote an empty $f.txt (is gmt-dcw installed?)" >&2; exit 1; }
  mv "$OUT/$f.txt.tmp" "$OUT/$f.txt"
done
