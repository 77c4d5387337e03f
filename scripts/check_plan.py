#!/usr/bin/env python3
"""Compares `sme-audit evaluate` verdicts on a generated round with the generator's plan
(`ROUND.plan.csv`, written by examples/gen_round.rs): every applicant planned without a
defect should pass, and each defect should show up as the criterion it targets.

    python3 scripts/check_plan.py ROUND.plan.csv OUT/report.csv   (report written with --lang en)
"""
import csv
import sys

# defect → (verdict of the applicant, criterion expected in its failed/review list)
EXPECT = {
    "None": ("pass", None),
    "LowAssets": ("fail", "A14.1.total_assets"),
    "FewServed": ("fail", "A14.2.served"),
    "NoGrowth": ("fail", "A14.2.growth"),
    "LowSatisfaction": ("fail", "A14.2.satisfaction"),
    "LowWelfare": ("fail", "A14.4.public_welfare"),
    "FewStaff": ("fail", "A14.5.staff"),
    "LowQualified": ("fail", "A14.5.qualified"),
    "SmallPremises": ("fail", "A14.3.premises"),
    "FewPartners": ("fail", "A14.3.partners"),
    "Dishonest": ("fail", "A19.3"),
    "Penalty": ("review", "A19.3"),
    "Young": ("fail", "A14.1.operating_years"),
    "MissingMaterial": ("review", None),
    "OverDeclared": ("review", "A14.2.served"),
    "BadCheckChar": ("review", "A14.1.legal_person"),
    "WeakFunctions": ("fail", "A15"),
    "FinanceReview": ("review", "A14.1.finances"),
    "DuplicateStaff": ("review", "X.duplicate_staff"),
}

rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
plan = {r["applicant"]: r["defect"] for r in rows}
# A DuplicateStaff applicant copies staff from the applicant before it, which is flagged too.
sources = {rows[i - 1]["applicant"] for i, r in enumerate(rows) if r["defect"] == "DuplicateStaff" and i > 0}
report = {r["applicant"]: r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig"))}
mismatches = 0
for app, defect in sorted(plan.items()):
    row = report.get(app)
    verdict, criterion = EXPECT[defect]
    if app in sources and defect == "None":
        verdict, criterion = EXPECT["DuplicateStaff"]
    listed = (row["failed"] + ";" + row["review"]).split(";") if row else []
    ok = row is not None and (
        (verdict == "pass" and row["verdict"] == "pass")
        or (verdict != "pass" and (criterion is None or criterion in listed))
    )
    if not ok:
        mismatches += 1
        got = f"{row['verdict']} failed={row['failed']} review={row['review']}" if row else "missing"
        print(f"{app}: planned {defect}, got {got}")
print(f"{len(plan) - mismatches} of {len(plan)} applicants as planned")
sys.exit(1 if mismatches else 0)
