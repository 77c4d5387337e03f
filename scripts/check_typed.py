#!/usr/bin/env python3
"""Loads an evaluate output folder into pandas and DuckDB and reports the type each numeric
column gets (issue 12: "criteria.csv/report.csv load into pandas or DuckDB with numeric
columns typed as numbers"). Exit 1 when a numeric column loads as text.

    python3 -m venv /tmp/pd && /tmp/pd/bin/pip install pandas duckdb
    /tmp/pd/bin/python scripts/check_typed.py OUT_DIR      # an output written with --lang en
"""
import sys

import duckdb
import pandas as pd

REPORT_NUMERIC = [
    "total_assets", "served_y", "served_prev", "satisfaction", "public_welfare_share",
    "fulltime_staff", "qualified_ratio", "premises_area", "partners", "evaluation_year",
    "net_assets", "revenue", "net_profit", "online_registered", "activities_y", "trainees_y",
    "new_guarantees",
]
CRITERIA_NUMERIC = ["value_number", "threshold_number", "threshold_relaxed"]
SUMMARY_NUMERIC = {"summary.csv": ["count"],
                   "summary_criteria.csv": ["pass", "fail", "review", "na", "manual"]}


def main(out):
    bad = []
    tables = {"report.csv": REPORT_NUMERIC, "criteria.csv": CRITERIA_NUMERIC, **SUMMARY_NUMERIC}
    for name, columns in tables.items():
        path = f"{out}/{name}"
        frame = pd.read_csv(path, encoding="utf-8-sig", dtype={"credit_code": str})
        rel = duckdb.sql(f"select * from read_csv_auto('{path}', all_varchar=false)")
        types = dict(zip(rel.columns, map(str, rel.types)))
        for c in columns:
            p, d = str(frame[c].dtype), types.get(c)
            numeric = ("BIGINT", "DOUBLE", "INTEGER", "SMALLINT", "TINYINT", "DECIMAL")
            ok = p in ("int64", "float64") and (d or "").split("(")[0] in numeric
            ok = ok or (frame[c].isna().all() and d in ("VARCHAR", None) and p == "float64")
            print(f"{name:22} {c:22} pandas {p:8} duckdb {d}")
            if not ok:
                bad.append(f"{name}:{c}")
    if bad:
        print("text where numbers were expected:", ", ".join(bad))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
