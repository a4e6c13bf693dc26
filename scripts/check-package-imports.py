#!/usr/bin/env python3
"""Fails when Package.swift's target dependencies differ from what each target's sources import.

Why: a declared-but-unused dependency hides the real layering, and an imported-but-undeclared module
builds only by accident (through another target's transitive dependency) and breaks on reordering.
Reads the manifest through `swift package dump-package`, so it sees what SwiftPM sees.
An executable target listed as a dependency is a build-order dependency (tests run the binary), not
an import, so it is exempt from the "declared but never imported" rule.
"""
import json, os, re, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
manifest = json.loads(subprocess.run(["swift", "package", "dump-package"], cwd=root, check=True,
                                     capture_output=True, text=True).stdout)
targets = {t["name"]: t for t in manifest["targets"]}
products = {}  # product name -> package, for dependencies declared as .product
import_re = re.compile(r"^\s*(?:@testable\s+|@_exported\s+|@preconcurrency\s+)*import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)", re.M)

def dep_name(d):
    kind, value = next(iter(d.items()))
    return value[0]

def target_dir(t):
    if t.get("path"):
        return os.path.join(root, t["path"])
    return os.path.join(root, "Tests" if t["type"] == "test" else "Sources", t["name"])

problems = []
for name, t in targets.items():
    if t["type"] in ("system", "binary", "plugin", "macro"):
        continue
    declared = {dep_name(d) for d in t["dependencies"]}
    imported = set()
    for dirpath, _, files in os.walk(target_dir(t)):
        for f in files:
            if f.endswith(".swift"):
                with open(os.path.join(dirpath, f), encoding="utf-8") as fh:
                    imported |= set(import_re.findall(fh.read()))
    # Only modules this package can declare count: its own targets and its dependencies' products.
    known = set(targets) | {"ArgumentParser"}
    imported_here = {m for m in imported if m in known and m != name}
    for m in sorted(imported_here - declared):
        problems.append(f"{name}: imports {m} but does not declare it")
    for m in sorted(declared - imported_here):
        if m in targets and targets[m]["type"] == "executable":
            continue
        problems.append(f"{name}: declares {m} but never imports it")

if problems:
    print("Package.swift does not match the imports:")
    for p in problems:
        print("  " + p)
    sys.exit(1)
print(f"package imports: {len(targets)} targets, declarations match imports")
