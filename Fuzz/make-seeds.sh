#!/usr/bin/env bash
# Regenerates the fuzz seed corpora (Fuzz/Corpus/*) and the small background basin (Fuzz/basin/) from
# the test fixtures and Basins/syr-darya. Real data throughout; the basin layers are thinned so one
# load costs milliseconds, not the full basin's tens of milliseconds:
#   - countries, borders, lakes, rivers: GDAL's ogr2ogr -simplify (GEOS topology-preserving
#     simplification) at 0.08, 0.05, 0.02 and 0.02 degrees, coordinates to 5 decimals;
#   - lakes: the two reservoirs the network uses (Kairakkum, Chardara);
#   - rivers: the 12 network edges (outlet to the Naryn and Kara Darya) and two edges outside the network;
#   - borders: three of the ten lines.
# Needs gdal-bin and jq. Output is committed; run this only when the sources change.
set -euo pipefail
cd "$(dirname "$0")/.."
src=Basins/syr-darya
b=Fuzz/basin
c=Fuzz/Corpus
rm -rf "$b" "$c"; mkdir -p "$b" "$c"/{csv,geojson,rules,basin}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

thin() {  # thin LAYER TOLERANCE-DEGREES JQ-FILTER
  jq -c "$3" "$src/$1.geojson" > "$tmp/$1.geojson"
  ogr2ogr -f GeoJSON -simplify "$2" -lco RFC7946=YES -lco COORDINATE_PRECISION=5 "$tmp/$1.thin.geojson" "$tmp/$1.geojson"
  # One feature a line, as the basin build writes them (and so the fuzzer's line-level mutations make sense).
  jq -c '.features[]' "$tmp/$1.thin.geojson" | awk 'BEGIN{print "{\"type\":\"FeatureCollection\",\"features\":["} {printf "%s%s\n", (NR>1?",":""), $0} END{print "]}"}' > "$b/$1.geojson"
}
cp "$src/basin.json" "$b/basin.json"
thin countries 0.08 '.'
thin borders 0.05 '.features |= map(select(.properties.id <= 3))'
thin lakes 0.02 '.features |= map(select(.properties.id == 5 or .properties.id == 6))'
thin rivers 0.02 '.features |= map(select(.properties.in_network or .properties.id == 12 or .properties.id == 103))'

# Basin seeds: the first byte picks the layer the rest replaces (FuzzBasin.swift); one seed per layer.
i=0
for layer in basin.json countries.geojson borders.geojson lakes.geojson rivers.geojson; do
  { printf "\\x$(printf %02x $i)"; cat "$b/$layer"; } > "$c/basin/$i-$layer"
  i=$((i + 1))
done

for f in Tests/SiteKitTests/Fixtures/*.csv Tests/SiteKitTests/Fixtures/*.tsv Tests/SiteKitTests/Fixtures/garbage.bin Tests/Fixtures/*.csv "$src/sites.csv"; do
  cp "$f" "$c/csv/$(basename "$(dirname "$f")")-$(basename "$f")"
done
for f in Tests/SiteKitTests/Fixtures/*.geojson; do cp "$f" "$c/geojson/"; done
# A site inventory as GeoJSON from the basin's own sites (first 12 rows), through GDAL's CSV driver.
head -13 "$src/sites.csv" > "$tmp/sites.csv"
ogr2ogr -f GeoJSON -oo X_POSSIBLE_NAMES=lon* -oo Y_POSSIBLE_NAMES=lat* -oo KEEP_GEOM_COLUMNS=NO "$c/geojson/syr-darya-sites.geojson" "$tmp/sites.csv" 2>/dev/null || true
cp "$src/scoring.json" "$c/rules/syr-darya-scoring.json"
# Smaller variants, so mutations land on structure rather than on the long source texts.
jq -c 'del(.notes, .description) | walk(if type == "object" then del(.source, .note, .reason) else . end)' "$src/scoring.json" > "$c/rules/compact.json"
jq -c '{version, title, indices: [.indices[] | select(.id == "WRI")], substances, ranking: {other: "WRI"}}' "$src/scoring.json" > "$c/rules/wri-only.json"
du -sh "$b" "$c"/*
