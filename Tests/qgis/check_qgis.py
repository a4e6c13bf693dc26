#!/usr/bin/python3
"""Opens a run's basinmap.gpkg and hazard-map.qgs in real QGIS (headless PyQGIS), as a planner would.

Usage: check_qgis.py OUTPUT_DIR FIELDS_MD [PNG]
Checks every layer is valid with its declared geometry type and CRS, that its default style (from the
GeoPackage's layer_styles) and the project's style apply (rule renderer, rules, labels on sites), that
the sites layer's field types are those of the field table (`basinmap fields`), renders the project to
PNG and checks pixel colours at the top-ranked site and inside the largest lake. Any QGIS warning or
error message fails the check. Prints one line per check; exits 1 on the first failure.
"""
import os, re, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (QgsApplication, QgsVectorLayer, QgsProject, QgsMapSettings, QgsMapRendererSequentialJob,
                       QgsCoordinateTransform, QgsCoordinateReferenceSystem, QgsRenderContext, QgsPointXY, Qgis,
                       QgsFeatureRequest, QgsRectangle)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

out, fields_md = sys.argv[1], sys.argv[2]
png = sys.argv[3] if len(sys.argv) > 3 else os.path.join(out, "qgis-render.png")
gpkg, qgs = os.path.join(out, "basinmap.gpkg"), os.path.join(out, "hazard-map.qgs")

app = QgsApplication([], False)
app.initQgis()
messages = []
QgsApplication.messageLog().messageReceived.connect(
    lambda m, tag, level: messages.append((tag, int(level), m)) if level >= Qgis.Warning else None)

def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)

def ok(msg):
    print("ok: " + msg)

# The field table: `layer` fields with their types.
want = {}
for line in open(fields_md, encoding="utf-8"):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) >= 4 and cells[0].startswith("`") and "layer" in cells[3]:
        want[cells[0].strip("`")] = re.match(r"[a-z]+", cells[1]).group(0)
if len(want) < 20:
    fail(f"could not read the field table from {fields_md}")
qgis_type = {"text": ["String"], "integer": ["Integer64", "Integer"], "real": ["Real"], "boolean": ["Boolean"]}

layers = {"sites": (Qgis.GeometryType.Point if hasattr(Qgis, "GeometryType") else 0, "Point"),
          "traces": (None, "LineString"), "zones": (None, "LineString"), "rivers": (None, "LineString"),
          "borders": (None, "LineString"), "countries": (None, "MultiPolygon"), "lakes": (None, "Polygon"),
          "footprints": (None, "Polygon")}
from qgis.core import QgsWkbTypes
for name, (_, wkb) in layers.items():
    l = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
    if not l.isValid():
        fail(f"{name}: not a valid layer")
    if QgsWkbTypes.displayString(l.wkbType()) != wkb:
        fail(f"{name}: geometry {QgsWkbTypes.displayString(l.wkbType())}, expected {wkb}")
    if l.crs().authid() != "EPSG:4326":
        fail(f"{name}: CRS {l.crs().authid()}, expected EPSG:4326")
    r = l.renderer()
    if r is None or r.type() != "RuleRenderer" or len(r.rootRule().children()) == 0:
        fail(f"{name}: the default style did not apply (renderer {r.type() if r else None})")
    ok(f"{name}: valid, {wkb}, EPSG:4326, {l.featureCount()} features, default style with {len(r.rootRule().children())} rules")
    if name == "sites":
        if not l.labelsEnabled():
            fail("sites: labels are not enabled by the default style")
        got = {f.name(): f.typeName() for f in l.fields()}
        for fname, t in want.items():
            if fname not in got:
                fail(f"sites: field {fname} missing")
            if got[fname] not in qgis_type[t]:
                fail(f"sites: field {fname} is {got[fname]}, the field table says {t}")
        alias = l.attributeAlias(l.fields().indexOf("river_distance_m"))
        if alias != "River distance (m)":
            fail(f"sites: alias of river_distance_m is {alias!r}")
        ok(f"sites: labels on; {len(want)} field types as the field table; aliases")

project = QgsProject.instance()
if not project.read(qgs):
    fail(f"the project does not open: {project.error()}")
tree = project.layerTreeRoot()
ordered = [l for l in tree.layerOrder()]
if not ordered:
    fail("the project has no layers")
for l in ordered:
    if not l.isValid():
        fail(f"project layer {l.name()} is not valid (relative path to the GeoPackage?)")
    if l.renderer() is None or l.renderer().type() != "RuleRenderer":
        fail(f"project layer {l.name()}: style missing")
names = [l.name() for l in ordered]
if names[0] != "sites: transboundary impact possible" or names[1] != "sites" or names[-1] != "countries":
    fail(f"project layer order {names}")
filtered = ordered[0]
if "transboundary" not in filtered.subsetString() or tree.findLayer(filtered.id()).isVisible():
    fail("the transboundary filter layer is missing, unfiltered or switched on")
crs = project.crs()
if not crs.isValid() or "lcc" not in crs.toProj():
    fail(f"project CRS {crs.toProj()!r}, expected the basin's LCC")
if project.title() == "":
    fail("project has no title")
ok(f"project: {len(ordered)} layers valid, styled, in map order; CRS {crs.toProj()}; title {project.title()!r}")

# Render the visible layers in the project CRS over the countries' extent.
visible = [l for l in ordered if tree.findLayer(l.id()).isVisible()]
countries = project.mapLayersByName("countries")[0]
to_map = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), crs, project)
ext = to_map.transformBoundingBox(countries.extent())
ext.scale(1.03)
ms = QgsMapSettings()
ms.setLayers(visible)
ms.setDestinationCrs(crs)
ms.setOutputSize(QSize(1400, 1000))
ms.setOutputDpi(110)
ms.setBackgroundColor(QColor(255, 255, 255))
ms.setExtent(ext)
job = QgsMapRendererSequentialJob(ms)
job.start()
job.waitForFinished()
img = job.renderedImage()
if not img.save(png, "png"):
    fail(f"could not write {png}")
m2p = ms.mapToPixel()

def pixel(lonlat):
    p = m2p.transform(to_map.transform(QgsPointXY(*lonlat)))
    return img.pixelColor(int(round(p.x())), int(round(p.y())))

def close(c, rgb, tol=10):
    return all(abs(a - b) <= tol for a, b in zip((c.red(), c.green(), c.blue()), rgb))

# The top-ranked site: its marker shows its class colour from the style (drawn last: ordered by rank).
sites = project.mapLayersByName("sites")[0]
top = next(sites.getFeatures(QgsFeatureRequest().setFilterExpression('"risk_rank" = 1')))
ctx = QgsRenderContext.fromMapSettings(ms)
r = sites.renderer().clone()
r.startRender(ctx, sites.fields())
symbols = r.symbolsForFeature(top, ctx)
r.stopRender(ctx)
fill = symbols[0].color()
pt = top.geometry().asPoint()
got = pixel((pt.x(), pt.y()))
if not close(got, (fill.red(), fill.green(), fill.blue())):
    fail(f"top site {top['id']} at {pt.x():.3f},{pt.y():.3f}: pixel {got.name()}, its class colour is {fill.name()}")
ok(f"render: top site {top['id']} drawn in its class colour {fill.name()}")

# Inside the largest lake (not the historical extent): the water fill.
lakes = project.mapLayersByName("lakes")[0]
best = max((f for f in lakes.getFeatures() if f["kind"] != "historical"), key=lambda f: f["area_km2"], default=None)
if best is None:
    fail("no lake to check")
inside = best.geometry().poleOfInaccessibility(0.001)[0].asPoint()
got = pixel((inside.x(), inside.y()))
if not close(got, (0xc6, 0xdb, 0xef), tol=12):
    fail(f"lake {best['name']} at {inside.x():.3f},{inside.y():.3f}: pixel {got.name()}, expected the water fill #c6dbef")
ok(f"render: lake {best['name']} drawn in the water fill; PNG {png}")

if messages:
    fail("QGIS reported: " + "; ".join(f"[{t}] {m}" for t, l, m in messages))
ok("no QGIS warnings or errors")
