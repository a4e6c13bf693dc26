#!/usr/bin/env python3
"""Builds the workbook and GIS inventory fixtures of Tests/SiteKitTests/Fixtures from the CSV ones, with
real writers: openpyxl (XLSX), odfpy (ODS) and GDAL's ogr2ogr (GeoPackage, Shapefile, KML). The outputs
are committed, so the tests need none of these; rerun after changing the CSV sources:

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install openpyxl odfpy
    /tmp/venv/bin/python scripts/make-inventory-fixtures.py
"""
import csv, os, subprocess, tempfile
import openpyxl
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableRow, TableCell
from odf.text import P

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(root, "Tests/SiteKitTests/Fixtures")
ministry = os.path.join(root, "Tests/Fixtures/ministry-inventory.csv")
basin = os.path.join(root, "Basins/syr-darya/sites.csv")

with open(ministry, encoding="utf-8") as f:
    rows = list(csv.reader(f, delimiter=";"))
title, header, data = rows[0][0], rows[1], rows[2:]

def typed(col, text):
    """Numbers typed as numbers where a ministry clerk would (row number, plain decimal coordinates);
    everything else stays a text cell, decimal commas and DMS included."""
    if col == 0 and text.isdigit():
        return int(text)
    if header[col].startswith(("Широта", "Долгота")) and text.replace(",", "", 1).isdigit():
        return float(text.replace(",", "."))
    return text if text != "" else None

# XLSX: a merged title row, a blank row, the header, the records; an empty sheet; a notes sheet.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Реестр"
ws.append([title])
ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
ws.append([])
ws.append(header)
for r in data:
    ws.append([typed(c, v) for c, v in enumerate(r)])
wb.create_sheet("Пустой лист")
notes = wb.create_sheet("Примечания")
notes.append(["Составлено для тестов BasinMap; не официальный реестр."])
notes.append(["Координаты приблизительные."])
wb.move_sheet("Пустой лист", offset=-1)  # first: GDAL does not list an empty sheet that comes last
wb.save(os.path.join(out, "ministry.xlsx"))

# ODS: the same sheets through odfpy (numbers as float cells with their value, text as string cells).
doc = OpenDocumentSpreadsheet()
def ods_sheet(name, table_rows):
    t = Table(name=name)
    for cells in table_rows:
        tr = TableRow()
        for v in cells:
            if v is None:
                tc = TableCell()
            elif isinstance(v, tuple):  # (formula, cached value), as LibreOffice saves a formula cell
                tc = TableCell(valuetype="float", value=v[1], formula=v[0])
                tc.addElement(P(text=str(v[1])))
            elif isinstance(v, (int, float)):
                tc = TableCell(valuetype="float", value=v)
                tc.addElement(P(text=str(v)))
            else:
                tc = TableCell(valuetype="string")
                tc.addElement(P(text=v))
            tr.addElement(tc)
        t.addElement(tr)
    doc.spreadsheet.addElement(t)
def with_formula(r):
    """TJ-DEG's dam height (40 m in the CSV) as a formula with its cached value."""
    cells = [typed(c, v) for c, v in enumerate(r)]
    if r[1] == "TJ-DEG":
        cells[header.index("Высота дамбы, м")] = ("of:=20+20", 40)
    return cells
ods_sheet("Реестр", [[title], []] + [header] + [with_formula(r) for r in data])
ods_sheet("Пустой лист", [])
ods_sheet("Примечания", [["Составлено для тестов BasinMap; не официальный реестр."]])
doc.save(os.path.join(out, "ministry.ods"))

# GIS formats from the basin's example inventory (canonical column names).
def ogr(*args):
    subprocess.run(["ogr2ogr", *args], check=True)
src = ["-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", "-oo", "KEEP_GEOM_COLUMNS=NO"]
for f in ["sites.gpkg", "sites.kml", "sites.kmz"]:
    p = os.path.join(out, f)
    if os.path.exists(p): os.remove(p)
ogr("-f", "GPKG", "-nln", "sites", os.path.join(out, "sites.gpkg"), basin, *src, "-a_srs", "EPSG:4326")
ogr("-f", "KML", "-nln", "sites", os.path.join(out, "sites.kml"), basin, *src, "-a_srs", "EPSG:4326")
ogr("-f", "LIBKML", "-nln", "sites", os.path.join(out, "sites.kmz"), basin, *src, "-a_srs", "EPSG:4326")
shp = os.path.join(out, "sites_utm42n.shp")
for ext in ["shp", "shx", "dbf", "prj", "cpg"]:
    p = shp[:-3] + ext
    if os.path.exists(p): os.remove(p)
# Projected (UTM 42N, from its .prj), with UTF-8 declared in the .cpg, field names cut to 10 characters.
ogr("-f", "ESRI Shapefile", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:32642", "-lco", "ENCODING=UTF-8", "-nln", "sites_utm42n", shp, basin, *src)

# Hostile: 2,001 columns, past GDAL's XLSX limit of 2,000 fields, in every row: refused with one message.
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("Wide")
ws.append(header + [f"extra {k}" for k in range(2001 - len(header))])
for r in data[:20]:
    ws.append(r + ["x"] * (2001 - len(header)))
wb.save(os.path.join(out, "wide_2001_columns.xlsx"))
