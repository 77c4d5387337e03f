#!/usr/bin/env python3
"""Makes the committed spreadsheet fixtures that cannot be built in Rust test code.

- tests/fixtures/xlsx/encrypted-password-1234.xlsx: a roster encrypted the way Excel's
  "protect with password" does (OOXML agile encryption in an OLE container).
- tests/fixtures/xlsx/biff8-roster-gbk-codepage.xls: an old BIFF8 workbook (xlwt) with a
  roster, written with codepage 936 as Chinese Excel/WPS do.

Needs: pip install openpyxl xlwt msoffcrypto-tool
"""
import io
import os

import msoffcrypto
from msoffcrypto.format.ooxml import OOXMLFile
import openpyxl
import xlwt

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "fixtures", "xlsx")
os.makedirs(OUT, exist_ok=True)

ROSTER = [
    ("姓名", "身份证号", "学历", "职称", "是否专职"),
    ("张三", "370102199001011234", "本科", "工程师", "是"),
    ("李四", "370102199001021234", "大专", "助理工程师", "是"),
]

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "人员名册"
for row in ROSTER:
    ws.append(row)
plain = io.BytesIO()
wb.save(plain)
plain.seek(0)
office = OOXMLFile(plain)
with open(os.path.join(OUT, "encrypted-password-1234.xlsx"), "wb") as f:
    office.encrypt("1234", f)

book = xlwt.Workbook(encoding="gbk")
sheet = book.add_sheet("人员名册")
sheet.write(0, 0, "专职人员名册")
for r, row in enumerate(ROSTER, start=2):
    for c, v in enumerate(row):
        sheet.write(r, c, v)
book.save(os.path.join(OUT, "biff8-roster-gbk-codepage.xls"))
print("written to", OUT)
