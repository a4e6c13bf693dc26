# BasinMap. `make run` and `make test` are the two commands a newcomer needs; both install what is missing.
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libgeos-dev libproj-dev proj-data libgdal-dev
BASIN ?= Basins/syr-darya
OUT ?= Output/syr-darya

.PHONY: setup build run test asan fuzz fuzz-build bench bench-geo bench-pipeline bench-alarms bench-compare map-png ogrinfo basin clean help

help:
	@echo "make run     build and run the main job: basinmap run $(BASIN) --out $(OUT)"
	@echo "make test    build and run every test"
	@echo "make setup   install the system libraries (GEOS, PROJ, GDAL) with apt-get when missing"
	@echo "make asan    run the test suite under AddressSanitizer/LeakSanitizer"
	@echo "make fuzz    libFuzzer: the inventory, rules and basin readers, $(FUZZ_SECONDS) s each (FUZZ_SECONDS=N)"
	@echo "make bench   release-build benchmarks (geometry micro-benchmarks and the pipeline)"
	@echo "make basin   regenerate every basin's geometry under Basins/ from Debian's GMT data packages"
	@echo "make map-png render $(OUT)/hazard-map.svg to PNG (needs librsvg2-bin)"

# Installs only what is missing; says what to do when it cannot.
setup:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	echo "setup: installing$$missing"; \
	if ! command -v apt-get >/dev/null; then \
	  echo "setup: apt-get not found. Install GEOS (>= 3.10) and PROJ (>= 9) development files with your"; \
	  echo "       system's package manager (Debian names:$$missing), then run make again."; exit 1; fi; \
	if [ "$$(id -u)" != 0 ]; then SUDO=sudo; command -v sudo >/dev/null || { \
	  echo "setup: not root and no sudo. As root run: apt-get update && apt-get install -y$$missing"; exit 1; }; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq$$missing >/dev/null \
	  || { echo "setup: apt-get failed. As root run: apt-get update && apt-get install -y$$missing"; exit 1; }

build: setup
	$(SWIFT) build -c release --product basinmap

run: build
	$$($(SWIFT) build -c release --show-bin-path)/basinmap run $(BASIN) --out $(OUT)

# XCTest only (no Swift Testing suites here); ends with one plain "N passed, N failed" line from the report.
test: setup
	python3 scripts/check-package-imports.py
	$(SWIFT) build --build-tests
	@set -o pipefail; $(SWIFT) test --skip-build --parallel --num-workers 2 --disable-swift-testing --xunit-output .build/xunit.xml; s=$$?; \
	  t=$$(grep -o 'tests="[0-9]*"' .build/xunit.xml | head -1 | tr -dc 0-9); f=$$(grep -o 'failures="[0-9]*"' .build/xunit.xml | head -1 | tr -dc 0-9); \
	  echo "tests: $$((t - f)) passed, $$f failed"; exit $$s

asan: setup  # LeakSanitizer over an executable that exercises every wrapper (XCTest itself leaks under LSan)
	$(SWIFT) build --sanitize=address --scratch-path .build-asan --product GeoBench
	ASAN_OPTIONS=detect_leaks=1 .build-asan/debug/GeoBench --leakcheck
	@if ASAN_OPTIONS=detect_leaks=1 .build-asan/debug/GeoBench --leak-on-purpose >/dev/null 2>&1; then \
	  echo "asan: LeakSanitizer missed a deliberate leak: the check above proves nothing"; exit 1; \
	else echo "asan: self-check passed (a deliberate leak is reported)"; fi

# libFuzzer targets in Fuzz/ (declared in Package.swift only when BASINMAP_FUZZ is set), built with
# AddressSanitizer in their own scratch path. The self-check first proves a crash, a leak and a hang each
# fail a run; then every target runs FUZZ_SECONDS from its seeds in Fuzz/Corpus. Findings and logs:
# .build-fuzz/findings/.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := FuzzCSV FuzzGeoJSON FuzzRules FuzzBasin
fuzz-build: setup
	@for t in $(FUZZ_TARGETS); do \
	  BASINMAP_FUZZ=1 $(SWIFT) build -c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address --product $$t || exit 1; \
	done

fuzz: fuzz-build
	bash Fuzz/run.sh selfcheck
	@s=0; for t in $(FUZZ_TARGETS); do bash Fuzz/run.sh $$t $(FUZZ_SECONDS) || s=1; done; exit $$s

bench: bench-geo bench-pipeline

bench-geo: setup
	$(SWIFT) build -c release --product GeoBench
	$$($(SWIFT) build -c release --show-bin-path)/GeoBench

bench-pipeline: setup
	$(SWIFT) build -c release --product PipelineBench --product basinmap
	$$($(SWIFT) build -c release --show-bin-path)/PipelineBench $(BASIN)

# What the alarm model adds to the whole default run at 100,000 sites (side by side, alternating).
bench-alarms: setup
	bench/alarms-overhead.sh

# Regenerates every committed geometry file of every basin under Basins/ whose basin.json has a "build"
# section, from Debian's gmt and gmt-dcw packages (same command for each basin).
basin: build
	@command -v gmt >/dev/null || { echo "make basin: needs gmt and gmt-dcw (apt-get install gmt gmt-dcw)"; exit 1; }
	@bin=$$($(SWIFT) build -c release --show-bin-path); s=0; \
	for b in Basins/*/; do b=$${b%/}; grep -q '"build"' $$b/basin.json 2>/dev/null || continue; \
	  echo "== $$b"; d=$$(mktemp -d); \
	  { bash scripts/extract-gmt.sh $$b $$d && $$bin/basinmap basin build $$b --gmt $$d; } || s=1; rm -rf $$d; \
	done; exit $$s

map-png:
	@command -v rsvg-convert >/dev/null || { echo "make map-png: needs rsvg-convert (apt-get install librsvg2-bin)"; exit 1; }
	rsvg-convert --dpi-x 110 --dpi-y 110 -b white $(OUT)/hazard-map.svg -o docs/hazard-map.png

ogrinfo:
	@command -v ogrinfo >/dev/null || { echo "make ogrinfo: needs gdal-bin"; exit 1; }
	@for f in $(OUT)/*.geojson; do echo "== $$f"; ogrinfo -ro -al -so $$f | grep -E "Feature Count|Geometry:|^[a-z_A-Z]+: (String|Integer|Real|Integer64|Date)" ; done
	@echo "== $(OUT)/basinmap.gpkg"; ogrinfo -ro -al -so $(OUT)/basinmap.gpkg | grep -E "Layer name|Feature Count|Geometry:"

clean:
	rm -rf .build .build-asan .build-fuzz
