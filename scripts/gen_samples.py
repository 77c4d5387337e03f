#!/usr/bin/env python3
"""Rebuild the bundled sample round `samples/round-2023/` and `samples/README.md` from scratch.

The round is meant to be evaluated with `--as-of 2023-06-30` (evaluation year Y = 2022,
Y-1 = 2021). Every applicant is designed to pass every criterion of SPEC §4.1 except the ones
listed in its `intended` entry below; `expected()` re-derives the verdicts from the generated
data and the script stops if they differ from the intention, so the README (the oracle of the
end-to-end test) cannot drift from the files.

Requirements: Python 3.10+, openpyxl, xlwt, odfpy, img2pdf (pulls pikepdf and Pillow);
LibreOffice (`soffice`) with a CJK font (fonts-wqy-microhei), qpdf, poppler-utils (pdftoppm).

Usage: python3 scripts/gen_samples.py            (writes samples/ next to scripts/)
Deterministic: fixed random seed, fixed timestamps inside xlsx/ods/zip/pdf containers.
"""

import csv
import hashlib
import datetime as dt
import io
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import img2pdf
import openpyxl
import pikepdf
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import CoveredTableCell, Table, TableCell, TableRow
from odf.text import P
from openpyxl.styles import Alignment, Border, Font, Side
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
ROUND = SAMPLES / "round-2023"
AS_OF = dt.date(2023, 6, 30)
Y = AS_OF.year - 1  # 2022
FIXED_ZIP_DT = (2023, 3, 15, 9, 0, 0)
FIXED_PDF_DATE = "D:20230315090000+08'00'"
RNG = random.Random(20230630)

# ----------------------------------------------------------------------------------------------
# Identifiers
ALPH = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
USED_CODES = set()


def code_check(s17):
    total = sum(ALPH.index(c) * w for c, w in zip(s17, WEIGHTS))
    return ALPH[(31 - total % 31) % 31]


def make_code(kind, division):
    """kind: '91' enterprise, '12' 事业单位, '52' 民办非企业单位."""
    while True:
        if kind == "91":
            body = "MA" + "".join(RNG.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(7))
        else:
            body = "".join(RNG.choice("0123456789") for _ in range(8)) + RNG.choice("0123456789X")
        s17 = kind + division + body
        code = s17 + code_check(s17)
        if code not in USED_CODES:
            USED_CODES.add(code)
            return code


USED_IDS = set()


def make_id(division="370102"):
    """18-character resident ID with a correct ISO 7064 check digit (fake people)."""
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    while True:
        birth = dt.date(1965, 1, 1) + dt.timedelta(days=RNG.randrange(0, 12000))
        s17 = division + birth.strftime("%Y%m%d") + f"{RNG.randrange(1, 999):03d}"
        check = "10X98765432"[sum(int(a) * b for a, b in zip(s17, w)) % 11]
        pid = s17 + check
        if pid not in USED_IDS:
            USED_IDS.add(pid)
            return pid


SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红健俊帆晨鹏飞宇浩然雪梅婷琳颖博文慧")
USED_PEOPLE = set()


def person_name():
    while True:
        n = RNG.choice(SURNAMES) + RNG.choice(GIVEN) + (RNG.choice(GIVEN) if RNG.random() < 0.7 else "")
        if n not in USED_PEOPLE:
            USED_PEOPLE.add(n)
            return n


BRANDS = ("华晟 鲁信 泉盛 齐润 明泰 舜达 鑫源 恒达 宏图 瑞丰 金诺 汇通 博远 泰和 嘉禾 正泰 远航 中润 海岱 岱宗 "
          "云帆 万隆 东岳 丰源 凯瑞 华宇 福瑞 永兴 佳和 创源 盛世 天成 鼎盛 新峰 融智 合力 百川 英利 九州 方圆 "
          "同辉 华建 德润 润泽 安泰 顺通 立信 宏远 金桥 龙腾 华夏 海纳 通达 精工 鲁润 齐恒 泉润 舜和 济丰 历诚 "
          "锦程 恒润 兴业 利民 凯盛 信达 益丰 华腾 长青 康达 欣荣 景泰 宏达 星辰 智联 卓越 启航 泰丰 金鼎 银河").split()
TRADES = ("机械制造 电子科技 信息技术 新材料 食品 化工 环保科技 医疗器械 软件 包装制品 建材 农业科技 物流 "
          "汽车零部件 精密仪器 纺织 家居 生物科技 检测技术 自动化设备 电气 数据科技 文化传媒 印务 装饰工程").split()
SUFFIX = ["有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司"]
USED_ENTS = set()


def make_enterprises(n, with_code_share=0.4):
    out = []
    while len(out) < n:
        name = RNG.choice(["济南", "济南", "山东", "济南市"]) + RNG.choice(BRANDS) + RNG.choice(TRADES) + RNG.choice(SUFFIX)
        if name in USED_ENTS:
            continue
        USED_ENTS.add(name)
        code = make_code("91", RNG.choice(["370102", "370103", "370104", "370105", "370112", "370113", "370100"])) \
            if RNG.random() < with_code_share else None
        out.append({"name": name, "code": code})
    return out


# ----------------------------------------------------------------------------------------------
# Money in Chinese uppercase numerals (大写金额)
DIG = "零壹贰叁肆伍陆柒捌玖"


def _group_cn(g):
    s, zero = "", False
    for pos, unit in ((3, "仟"), (2, "佰"), (1, "拾"), (0, "")):
        d = g // 10 ** pos % 10
        if d == 0:
            zero = bool(s)
        else:
            if zero:
                s += "零"
                zero = False
            s += DIG[d] + unit
    return s


def money_cn(cents):
    yuan, jf = divmod(cents, 100)
    jiao, fen = divmod(jf, 10)
    groups = []
    n = yuan
    while n:
        groups.append(n % 10000)
        n //= 10000
    s, pending_zero = "", False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            pending_zero = bool(s)
            continue
        if s and (pending_zero or g < 1000):
            s += "零"
        s += _group_cn(g) + ["", "万", "亿"][i]
        pending_zero = False
    s = (s or "零") + "元"
    if jiao == 0 and fen == 0:
        return s + "整"
    if jiao:
        s += DIG[jiao] + "角"
    elif fen:
        s += "零"
    if fen:
        s += DIG[fen] + "分"
    return s


assert money_cn(162345678) == "壹佰陆拾贰万叁仟肆佰伍拾陆元柒角捌分"
assert money_cn(148500000) == "壹佰肆拾捌万伍仟元整"
assert money_cn(100050000) == "壹佰万零伍佰元整"


def fmt_money(cents, unit="元"):
    if unit == "万元":
        v = (Decimal(cents) / Decimal(1000000)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        return f"{v:,.2f}"
    return f"{Decimal(cents) / 100:,.2f}"


# ----------------------------------------------------------------------------------------------
# A tiny sheet model rendered to xlsx, xls, ods and csv


class Sheet:
    def __init__(self, name):
        self.name = name
        self.cells = {}
        self.merges = []
        self.widths = {}
        self.date_fmt = "yyyy-mm-dd"

    def set(self, r, c, v):
        if v is not None and v != "":
            self.cells[(r, c)] = v

    def merge(self, r1, c1, r2, c2, v=None):
        if v is not None:
            self.set(r1, c1, v)
        self.merges.append((r1, c1, r2, c2))

    def nrows(self):
        return max([r for r, _ in self.cells] + [r2 for _, _, r2, _ in self.merges] + [-1]) + 1

    def ncols(self):
        return max([c for _, c in self.cells] + [c2 for _, _, _, c2 in self.merges] + [-1]) + 1


class Serial(int):
    """An Excel date serial written as a plain number (no date format)."""


THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def write_xlsx(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sh in sheets:
        ws = wb.create_sheet(sh.name)
        for (r, c), v in sorted(sh.cells.items()):
            cell = ws.cell(row=r + 1, column=c + 1)
            if isinstance(v, Decimal):
                v = float(v)
            cell.value = int(v) if isinstance(v, Serial) else v
            if isinstance(v, dt.date):
                cell.number_format = sh.date_fmt
            if isinstance(v, str) and "\n" in v:
                cell.alignment = Alignment(wrap_text=True, vertical="center")
        for r1, c1, r2, c2 in sh.merges:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
        for c, w in sh.widths.items():
            ws.column_dimensions[openpyxl.utils.get_column_letter(c + 1)].width = w
        if (0, 0) in sh.cells and len(sh.merges) and sh.merges[0][0] == 0:
            ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    fixed = dt.datetime(2023, 3, 15, 9, 0, 0)
    wb.properties.creator = "Administrator"
    wb.properties.created = fixed
    wb.save(path)
    normalize_zip(path)


def write_xls(path, sheets):
    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    wrap = xlwt.easyxf("align: wrap on, vert centre")
    for sh in sheets:
        ws = wb.add_sheet(sh.name)
        covered = set()
        for r1, c1, r2, c2 in sh.merges:
            v = sh.cells.get((r1, c1), "")
            style = date_style if isinstance(v, dt.date) else (wrap if isinstance(v, str) and "\n" in v else xlwt.Style.default_style)
            ws.write_merge(r1, r2, c1, c2, float(v) if isinstance(v, Decimal) else v, style)
            covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for (r, c), v in sorted(sh.cells.items()):
            if (r, c) in covered:
                continue
            if isinstance(v, dt.date):
                ws.write(r, c, v, date_style)
            elif isinstance(v, Decimal):
                ws.write(r, c, float(v))
            elif isinstance(v, str) and "\n" in v:
                ws.write(r, c, v, wrap)
            else:
                ws.write(r, c, v)
        for c, w in sh.widths.items():
            ws.col(c).width = int(w * 256)
    wb.save(str(path))


def write_ods(path, sheets):
    doc = OpenDocumentSpreadsheet()
    for sh in sheets:
        t = Table(name=sh.name)
        spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in sh.merges}
        covered = {(r, c) for r1, c1, r2, c2 in sh.merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - set(spans)
        for r in range(sh.nrows()):
            tr = TableRow()
            for c in range(sh.ncols()):
                if (r, c) in covered:
                    tr.addElement(CoveredTableCell())
                    continue
                v = sh.cells.get((r, c))
                kw = {}
                if (r, c) in spans:
                    kw["numberrowsspanned"], kw["numbercolumnsspanned"] = spans[(r, c)]
                if v is None:
                    tc = TableCell(**kw)
                elif isinstance(v, dt.date):
                    tc = TableCell(valuetype="date", datevalue=v.isoformat(), **kw)
                    tc.addElement(P(text=v.isoformat()))
                elif isinstance(v, (int, float, Decimal)):
                    tc = TableCell(valuetype="float", value=str(v), **kw)
                    tc.addElement(P(text=str(v)))
                else:
                    tc = TableCell(valuetype="string", **kw)
                    for line in str(v).split("\n"):
                        tc.addElement(P(text=line))
                tr.addElement(tc)
            t.addElement(tr)
        doc.spreadsheet.addElement(t)
    doc.save(str(path))
    normalize_zip(path)


def cell_text(v):
    if v is None:
        return ""
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def write_csv(path, sh, encoding):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for r in range(sh.nrows()):
        w.writerow([cell_text(sh.cells.get((r, c))) for c in range(sh.ncols())])
    data = buf.getvalue()
    raw = ("\ufeff" + data).encode("utf-8") if encoding == "utf-8-sig" else data.encode("gbk")
    Path(path).write_bytes(raw)


def normalize_zip(path):
    """Rewrite a zip container (xlsx/ods) with fixed entry timestamps and core-property dates."""
    with zipfile.ZipFile(path) as z:
        entries = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w") as z:
        for info, data in entries:
            if info.filename in ("docProps/core.xml", "meta.xml"):
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2023-03-15T09:00:00Z", data)
                data = re.sub(rb"(<meta:creation-date>|<dc:date>)[^<]*", rb"\g<1>2023-03-15T09:00:00", data)
            zi = zipfile.ZipInfo(info.filename, FIXED_ZIP_DT)
            zi.compress_type = info.compress_type
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)


# ----------------------------------------------------------------------------------------------
# Applicants


def D(s):
    return dt.date.fromisoformat(s)


def rand_date(year, start_month=1):
    start = dt.date(year, start_month, 1)
    end = dt.date(year, 12, 20)
    return start + dt.timedelta(days=RNG.randrange((end - start).days))


CONTENT = {
    "技术服务": ["工业设计方案评审", "产品检测与质量提升", "数字化改造诊断", "知识产权布局指导", "技术成果转化对接", "设备共享使用"],
    "培训服务": ["企业管理培训", "市场营销实务培训", "数字化转型培训", "安全生产培训", "财务税务实务培训"],
    "信息服务": ["惠企政策解读推送", "行业市场信息推送", "人才招聘信息对接", "标准信息查询服务"],
    "融资服务": ["银行贷款对接", "融资方案设计", "上市辅导咨询", "信用评价服务"],
    "咨询服务": ["管理体系诊断", "品牌营销咨询", "人力资源制度设计", "税务筹划咨询"],
    "法律服务": ["合同审查", "劳动用工法律咨询", "企业法律体检", "知识产权维权指导"],
    "创业服务": ["创业辅导", "项目策划", "工商注册代办", "创业场地对接"],
}


def gen_services(year, ents, cats, extra, pw_share, unsat, *, start_month=1, online_share=0.0,
                 trainee_total=0, fee_unit="元", score=False, forced=None):
    """One record per enterprise, then `extra` repeat visits. `forced(i, ent)` may fix the
    category/mode of enterprise i's first record."""
    recs = []
    for i, e in enumerate(ents):
        cat = RNG.choice(cats)
        mode = "线上" if RNG.random() < online_share else "线下"
        if forced:
            cat, mode = forced(i, e, cat, mode)
        recs.append({"ent": e, "cat": cat, "mode": mode})
    for _ in range(extra):
        recs.append({"ent": RNG.choice(ents), "cat": RNG.choice(cats), "mode": "线上" if RNG.random() < online_share else "线下"})
    for r in recs:
        r["date"] = rand_date(year, start_month)
        r["content"] = RNG.choice(CONTENT[r["cat"]])
    recs.sort(key=lambda r: (r["date"], r["ent"]["name"]))
    n = len(recs)
    idx = list(range(n))
    RNG.shuffle(idx)
    n_pw = int(round(n * pw_share))
    for k, i in enumerate(idx):
        r = recs[i]
        if k < n_pw:
            if k % 3 == 2:
                r["fee_type"], r["fee"] = RNG.choice(["低收费", "优惠"]), RNG.choice([200, 300, 500]) * 100
            else:
                r["fee_type"], r["fee"] = RNG.choice(["公益", "免费"]), 0
        else:
            r["fee_type"], r["fee"] = "正常", RNG.choice([800, 1200, 1500, 2000, 3000, 5000, 8000, 12000]) * 100
    RNG.shuffle(idx)
    for k, i in enumerate(idx):
        if k < unsat:
            recs[i]["sat"] = 70 if score else RNG.choice(["不满意", "一般"])
        else:
            recs[i]["sat"] = RNG.choice([88, 90, 95, 98, 100]) if score else RNG.choice(["非常满意", "非常满意", "满意", "满意", "基本满意"])
    tr = [r for r in recs if "培训" in r["cat"]]
    for r in tr:
        r["trainees"] = 0
    for k in range(trainee_total):
        if tr:
            tr[k % len(tr)]["trainees"] += 1
    return recs


def gen_activities(year, plan, start_month=1):
    """plan: {category: [attendees, ...]}"""
    out = []
    names = {
        "技术服务": ["新技术新产品推介会", "产品检测与质量提升专题活动", "知识产权服务进企业", "工业设计成果对接会", "品牌提升沙龙", "技术成果转化路演", "数字化改造现场会"],
        "培训服务": ["中小企业经营管理培训班", "市场营销实务培训", "数字化转型专题培训", "企业财税实务培训", "安全生产管理培训"],
        "信息服务": ["惠企政策宣讲会", "政策信息发布会", "行业市场信息分享会", "人才供需信息对接会", "标准信息服务日"],
        "融资服务": ["银企融资对接会", "企业融资推介会", "上市辅导专题会", "产融对接沙龙", "科技金融路演"],
        "咨询服务": ["管理诊断咨询日", "品牌营销咨询沙龙", "人力资源咨询会", "税务财务咨询日", "体系认证咨询会"],
        "法律服务": ["企业合同风险法律宣讲", "劳动用工法律咨询日", "知识产权保护法律宣讲", "法律体检进园区", "民法典企业应用讲座"],
        "创业服务": ["创业项目洽谈会", "创业项目推介会", "创业大赛路演", "创业导师面对面", "初创企业政策辅导"],
    }
    for cat, att in plan.items():
        for k, a in enumerate(att):
            out.append({"date": rand_date(year, start_month), "name": f"{year}年{names[cat][k % len(names[cat])]}（第{k + 1}期）",
                        "cat": cat, "ents": max(5, a // 3), "att": a})
    out.sort(key=lambda x: (x["date"], x["name"]))
    return out


EDU_OK = ["本科", "大学本科", "硕士研究生", "大专", "大学专科", "研究生", "本科", "本科"]
TITLE_ANY = ["工程师", "高级工程师", "经济师", "会计师", "无", "", "助理工程师", "讲师", "高级经济师"]


def gen_staff(n_ft, n_pt, special=(), qualified_fill=True):
    """Full-time staff: `special` rows first (edu, title), the rest qualified by education."""
    rows = []
    for edu, title in special:
        rows.append({"edu": edu, "title": title, "ft": True})
    while len(rows) < n_ft:
        rows.append({"edu": RNG.choice(EDU_OK), "title": RNG.choice(TITLE_ANY), "ft": True})
    for _ in range(n_pt):
        rows.append({"edu": RNG.choice(["本科", "硕士研究生", "大专"]), "title": RNG.choice(["高级工程师", "律师", "工程师"]), "ft": False})
    order = list(range(len(rows)))
    RNG.shuffle(order)
    rows = [rows[i] for i in order]
    for r in rows:
        r["name"] = person_name()
        r["id"] = make_id(RNG.choice(["370102", "370103", "370112", "370105", "370181"]))
        r["sex"] = RNG.choice(["男", "女"])
        r["si"] = "是" if r["ft"] else "否"
        r["post"] = RNG.choice(["服务专员", "技术顾问", "项目经理", "培训师", "信息专员", "综合管理"])
    return rows


EDU_RANK = {"博士研究生": 6, "博士": 6, "硕士研究生": 5, "硕士": 5, "研究生": 5, "本科": 4, "大学本科": 4,
            "大专": 3, "专科": 3, "大学专科": 3, "高职": 3, "中专": 2, "中技": 2, "技校": 2, "高中": 2, "职高": 2, "初中": 1}
TITLE_MID = {"工程师", "高级工程师", "经济师", "会计师", "讲师", "高级经济师", "助理研究员", "副研究员", "正高级工程师"}


def qualified(s):
    return EDU_RANK.get(s["edu"], 0) >= 3 or s["title"] in TITLE_MID


# ----------------------------------------------------------------------------------------------
# Applicant plans


def base_flags(**kw):
    f = {"info": "否", "expert": "无", "project": "无", "guide": "无", "hotline": "否", "legal_guide": "无", "train_eval": "无"}
    f.update(kw)
    return f


APPS = []


def app(**kw):
    a = {"container": "dir", "kind": "线下", "online": None, "opinion": "standard", "scanned": False,
         "credit_bad": False, "layout": "new", "unit": "元", "proof": "pdf", "missing": [], "optional": [],
         "form": True, "loss": False}
    a.update(kw)
    APPS.append(a)
    return a


def build_plans():
    # 1. clean enterprise, passes everything
    e22 = make_enterprises(62)
    e21 = e22[:30] + make_enterprises(18)
    app(id="泉城科创中小企业技术服务平台", district="历下区", org="济南泉城科创信息技术有限公司",
        code=make_code("91", "370102"), org_type="企业", established=D("2015-03-18"),
        address="济南市历下区经十路13777号中润世纪广场7号楼1802室", premises=320, proof_area="320平方米",
        partners=6, functions="技术、培训", flags=base_flags(info="是", expert="有", project="有", hotline="是", train_eval="有"),
        assets=162345678, liabilities=51230000, revenue=235678000, profit=18642035,
        staff=gen_staff(12, 2, special=[("高中", "高级技师")]),
        svc22=gen_services(2022, e22, ["技术服务", "技术服务", "培训服务", "信息服务", "咨询服务"], 18, 0.35, 3, trainee_total=300),
        svc21=gen_services(2021, e21, ["技术服务", "培训服务", "信息服务"], 10, 0.3, 2, trainee_total=180),
        act=gen_activities(2022, {"技术服务": [60, 45, 80, 52, 38], "培训服务": [320, 280, 350, 260], "信息服务": [120]})
        + gen_activities(2021, {"技术服务": [40, 30], "培训服务": [200, 150]}),
        decl={"assets": "162.35", "served": None, "sat": "96%", "staff": None},
        optional=["A19.8", "A19.11"], intended=("符合", [], []))

    # 2. 民办非企业单位: passes only with the relaxed thresholds of Art. 14(6)
    e22 = make_enterprises(55)
    e21 = e22[:25] + make_enterprises(25)
    app(id="历下区中小企业法律服务中心", district="历下区", org="济南市历下区中小企业法律服务中心",
        code=make_code("52", "370102"), org_type="民办非企业单位", established=D("2016-05-20"),
        address="济南市历下区解放路112号历下大厦10层", premises=180, proof_area="180平方米",
        partners=5, functions="法律", flags=base_flags(legal_guide="有", hotline="有"),
        assets=120683050, liabilities=18250000, revenue=96540000, profit=5236010, layout="npo",
        staff=gen_staff(8, 1, special=[("中专", "")]),
        svc22=gen_services(2022, e22, ["法律服务", "法律服务", "咨询服务"], 15, 0.6, 2, score=True),
        svc21=gen_services(2021, e21, ["法律服务", "咨询服务"], 10, 0.6, 2, score=True),
        act=gen_activities(2022, {"法律服务": [80, 65, 120, 90, 70, 55]}) + gen_activities(2021, {"法律服务": [60, 50, 40]}),
        decl={"assets": "120.68", "served": 55, "sat": "97%", "staff": 8},
        intended=("符合", [], []))
    # legal check-ups: 25 distinct enterprises in 2022
    for r in APPS[-1]["svc22"]:
        r["checkup"] = "是" if r["ent"] in e22[:25] and r["cat"] == "法律服务" else "否"
    for r in APPS[-1]["svc21"]:
        r["checkup"] = "否"

    # 3. zip with GBK names; audit report in 万元, total assets 148.50万元 → A14.1.total_assets fail
    e22 = make_enterprises(58)
    e21 = e22[:28] + make_enterprises(23)
    app(id="齐鲁工业设计服务平台", district="历城区", container="zip_gbk", org="山东齐鲁工业设计研究院有限公司",
        code=make_code("91", "370112"), org_type="企业", established=D("2017-04-12"),
        address="济南市历城区华信路3号鑫苑鑫中心历城金融大厦16层", premises=260, proof_area="260平方米",
        partners=5, functions="技术", flags=base_flags(project="有", expert="无", info="是"),
        assets=148500000, liabilities=42000000, revenue=186000000, profit=9850000, unit="万元",
        staff=gen_staff(11, 1),
        svc22=gen_services(2022, e22, ["技术服务", "技术服务", "信息服务"], 12, 0.3, 2),
        svc21=gen_services(2021, e21, ["技术服务", "信息服务"], 8, 0.3, 2),
        act=gen_activities(2022, {"技术服务": [40, 55, 35, 60]}) + gen_activities(2021, {"技术服务": [30, 30, 25]}),
        decl={"assets": "148.5", "served": 58, "sat": "95%", "staff": 11},
        intended=("不符合", ["A14.1.total_assets"], []))

    # 4. zip with one top folder; .xls form and roster; old balance-sheet layout; 49 enterprises
    e22 = make_enterprises(49)
    e21 = e22[:20] + make_enterprises(24)
    app(id="泉城检验检测公共服务平台", district="历城区", container="zip_top", org="济南泉城检验检测技术有限公司",
        code=make_code("91", "370112"), org_type="企业", established=D("2014-07-01"),
        address="济南市历城区工业北路188号", premises=450, proof_area="450平方米",
        partners=7, functions="技术", flags=base_flags(expert="有", project="无", hotline="是"),
        assets=386520040, liabilities=152310000, revenue=421300000, profit=31268055, layout="old",
        staff=gen_staff(10, 0),
        svc22=gen_services(2022, e22, ["技术服务"], 21, 0.25, 2),
        svc21=gen_services(2021, e21, ["技术服务"], 12, 0.25, 1),
        act=gen_activities(2022, {"技术服务": [35, 42, 50, 28, 33, 40]}) + gen_activities(2021, {"技术服务": [30, 25]}),
        decl={"assets": "386.52", "served": 49, "sat": "96%", "staff": 10},
        intended=("不符合", ["A14.2.served"], []))
    # one enterprise without a credit code is written with stray spaces in one of its 2022 rows
    recs = APPS[-1]["svc22"]
    names = [r["ent"]["name"] for r in recs]
    twice = next(r["ent"] for r in recs if r["ent"]["code"] is None and r["ent"]["name"].startswith("济南")
                 and names.count(r["ent"]["name"]) >= 2)
    second = [r for r in recs if r["ent"] is twice][1]
    second["name_override"] = twice["name"][:2] + " " + twice["name"][2:].replace("有限公司", "有限 公司")

    # 5. four-sheet workbook; scanned audit report → total assets and finances review
    e22 = make_enterprises(72)
    e21 = e22[:35] + make_enterprises(25)
    app(id="齐鲁数字经济信息服务平台", district="高新区", org="山东齐鲁数字信息服务有限公司",
        code=make_code("91", "370100"), org_type="企业", established=D("2016-11-08"),
        address="济南市高新区舜华路2000号舜泰广场8号楼", premises=210, proof_area="210.5平方米",
        partners=5, functions="信息", flags=base_flags(info="是", hotline="是"),
        assets=268600000, liabilities=85400000, revenue=312000000, profit=21500000, scanned=True,
        staff=gen_staff(13, 0),
        svc22=gen_services(2022, e22, ["信息服务", "技术服务"], 20, 0.3, 3,
                           forced=lambda i, e, c, m: ("信息服务", "线下") if i < 56 else ("信息服务", "线上") if i < 64 else (c, m)),
        svc21=gen_services(2021, e21, ["信息服务"], 10, 0.3, 2),
        act=gen_activities(2022, {"信息服务": [80, 120, 95, 60, 75]}) + gen_activities(2021, {"信息服务": [50, 60]}),
        decl={"assets": "268.6", "served": 72, "sat": "95%", "staff": 13},
        intended=("待核实", [], ["A14.1.total_assets", "A14.1.finances"]))

    # 6. credit report with one 失信被执行人 entry → A19.3 fail
    e22 = make_enterprises(64)
    e21 = e22[:30] + make_enterprises(22)
    app(id="明湖企业培训服务平台", district="高新区", org="济南明湖企业管理培训有限公司",
        code=make_code("91", "370100"), org_type="企业", established=D("2013-09-26"),
        address="济南市高新区新泺大街1166号奥盛大厦2号楼12层", premises=380, proof_area="380㎡",
        partners=5, functions="培训", flags=base_flags(train_eval="有", hotline="是"),
        assets=215630000, liabilities=60500000, revenue=198700000, profit=12360000, credit_bad=True,
        staff=gen_staff(10, 2),
        svc22=gen_services(2022, e22, ["培训服务", "培训服务", "咨询服务"], 16, 0.4, 3, trainee_total=240),
        svc21=gen_services(2021, e21, ["培训服务"], 10, 0.4, 2, trainee_total=160),
        act=gen_activities(2022, {"培训服务": [260, 310, 280, 330]}) + gen_activities(2021, {"培训服务": [200, 180]}),
        decl={"assets": "215.63", "served": 64, "sat": "96%", "staff": 10},
        optional=["A19.8"], intended=("不符合", ["A19.3"], []))

    # 7. qualified ratio 7/10 → A14.5.qualified fail; established exactly two years before as-of
    e22 = make_enterprises(57)
    e21 = e22[:20] + make_enterprises(30, 0.3)
    app(id="泉城智能制造服务平台", district="高新区", org="济南泉城智造技术服务有限公司",
        code=make_code("91", "370100"), org_type="企业", established=D("2021-06-30"),
        address="济南市高新区工业南路57号", premises=300, proof_area="300平方米",
        partners=5, functions="☑技术 ☐信息 ☐创业 ☐培训 ☐融资 ☑咨询 ☐法律", flags=base_flags(project="有", hotline="是"),
        assets=286420000, liabilities=92000000, revenue=256000000, profit=15600000, unit="万元",
        staff=gen_staff(10, 2, special=[("本科", "工程师"), ("硕士研究生", ""), ("大专", "助理工程师"), ("中专", "助理研究员"),
                                        ("中专", "助理工程师"), ("高中", "高级技师"), ("本科", ""), ("大学专科", "技术员"),
                                        ("技校", ""), ("研究生", "高级工程师")]),
        svc22=gen_services(2022, e22, ["技术服务", "咨询服务"], 14, 0.3, 2),
        svc21=gen_services(2021, e21, ["技术服务", "咨询服务"], 8, 0.3, 2, start_month=7),
        act=gen_activities(2022, {"技术服务": [30, 40, 35, 45], "咨询服务": [25, 30, 28, 22, 26]})
        + gen_activities(2021, {"技术服务": [20]}, start_month=7),
        decl={"assets": "286.42", "served": 57, "sat": "96%", "staff": 10},
        intended=("不符合", ["A14.5.qualified"], []))

    # 8. a folder with files but no form
    e22 = make_enterprises(66)
    e21 = e22[:30] + make_enterprises(28)
    app(id="华山数字经济服务平台", district="历城区", org="济南华山数字科技有限公司", form=False,
        code=make_code("91", "370112"), org_type="企业", established=D("2015-08-15"),
        address="济南市历城区花园路101号", premises=None, proof_area="200平方米",
        partners=None, n_agreements=5, functions=None, flags=base_flags(),
        assets=305621040, liabilities=98000000, revenue=268000000, profit=16520000,
        staff=gen_staff(11, 1),
        svc22=gen_services(2022, e22, ["技术服务", "信息服务", "培训服务"], 14, 0.3, 3, trainee_total=120),
        svc21=gen_services(2021, e21, ["技术服务", "信息服务"], 10, 0.3, 2),
        act=gen_activities(2022, {"技术服务": [30, 35, 40, 45, 50]}) + gen_activities(2021, {"技术服务": [30]}),
        decl={"assets": None, "served": None, "sat": None, "staff": None},
        intended=("待核实", [], ["A2.registered", "A14.1.legal_person", "A14.1.operating_years", "A15"]))

    # 9. internet platform with 480 registered enterprises; qualified audit opinion
    e22 = make_enterprises(80)
    e21 = e22[:40] + make_enterprises(25)
    app(id="泉城云企服平台", district="市中区", org="济南泉城云企服网络科技有限公司",
        code=make_code("91", "370103"), org_type="企业", established=D("2018-02-06"),
        address="济南市市中区二环南路6636号中海广场18层", premises=160, proof_area="160平方米",
        partners=5, functions="创业", kind="互联网（主要基于互联网服务）", online=480,
        flags=base_flags(info="是", project="有", guide="有", hotline="有"), opinion="qualified",
        assets=178650000, liabilities=60000000, revenue=152000000, profit=4500000,
        staff=gen_staff(10, 0),
        svc22=gen_services(2022, e22, ["创业服务", "信息服务"], 20, 0.5, 4, online_share=0.8, score=True),
        svc21=gen_services(2021, e21, ["创业服务", "信息服务"], 10, 0.5, 3, online_share=0.8, score=True),
        act=gen_activities(2022, {"创业服务": [60, 80, 45, 70, 55]}) + gen_activities(2021, {"创业服务": [40, 50]}),
        decl={"assets": "178.65", "served": 80, "sat": "95%", "staff": 10},
        intended=("不符合", ["A14.2.online_registered"], ["A14.1.finances"]))

    # 10. established 2021-09-15 (< 2 years); roster .xls that is really an xlsx; proof is a photo
    e22 = make_enterprises(58)
    e21 = make_enterprises(20)
    app(id="舜耕企业融资服务平台", district="市中区", org="济南舜耕融资服务有限公司",
        code=make_code("91", "370103"), org_type="企业", established=D("2021-09-15"),
        address="济南市市中区舜耕路28号舜耕山庄商务楼3层", premises=240, proof="jpg", proof_area=None,
        partners=6, functions="融资", flags=base_flags(hotline="是"),
        assets=520000000, liabilities=210000000, revenue=98000000, profit=8600000,
        staff=gen_staff(10, 1),
        svc22=gen_services(2022, e22, ["融资服务", "融资服务", "咨询服务"], 12, 0.3, 2),
        svc21=gen_services(2021, e21, ["融资服务"], 4, 0.3, 1, start_month=10),
        act=gen_activities(2022, {"融资服务": [45, 60, 38, 52, 70]}) + gen_activities(2021, {"融资服务": [30]}, start_month=10),
        decl={"assets": "520", "served": 58, "sat": "96%", "staff": 10, "guarantee": "0"},
        intended=("不符合", ["A14.1.operating_years"], []))
    fin = [r for r in APPS[-1]["svc22"] if r["cat"] == "融资服务"]
    for k, r in enumerate(fin):
        r["financing"] = Decimal(12000) / len(fin) if k < len(fin) - 1 else None
    rest = Decimal(12000) - sum(Decimal(r["financing"]).quantize(Decimal("0.01")) for r in fin[:-1])
    for r in fin[:-1]:
        r["financing"] = Decimal(r["financing"]).quantize(Decimal("0.01"))
    fin[-1]["financing"] = rest
    for r in APPS[-1]["svc21"]:
        r["financing"] = Decimal(RNG.choice([100, 200, 300, 500]))

    # 11. declared 年服务企业数 75 against 56 evidenced → review; no authenticity declaration
    e22 = make_enterprises(56)
    e21 = e22[:26] + make_enterprises(22)
    app(id="历下企业管理咨询服务平台", district="历下区", org="济南历下企业管理咨询有限公司",
        code=make_code("91", "370102"), org_type="企业", established=D("2012-12-03"),
        address="济南市历下区泉城路180号齐鲁国际大厦9层", premises=200, proof_area="200平方米",
        partners=5, functions="咨询", flags=base_flags(hotline="是"),
        assets=196300000, liabilities=70000000, revenue=168000000, profit=9900000,
        staff=gen_staff(12, 0),
        svc22=gen_services(2022, e22, ["咨询服务"], 10, 0.3, 2),
        svc21=gen_services(2021, e21, ["咨询服务"], 8, 0.3, 2),
        act=gen_activities(2022, {"咨询服务": [20, 25]}) + gen_activities(2021, {"咨询服务": [20]}),
        decl={"assets": "196.3", "served": 75, "sat": "96%", "staff": 12},
        missing=["A19.10"], intended=("待核实", [], ["A14.2.served", "A19.10"]))
    for r in APPS[-1]["svc22"]:
        r["landed"] = "是" if r["ent"] in e22[:22] else "否"
    for r in APPS[-1]["svc21"]:
        r["landed"] = "否"


# ----------------------------------------------------------------------------------------------
# Expected verdicts (a direct reading of SPEC §4.1 / §4.4 over the generated data)


def distinct(recs):
    keys = set()
    for r in recs:
        e = r["ent"]
        keys.add(e["code"] or re.sub(r"\s", "", e["name"]).replace("（", "(").replace("）", ")"))
    return keys


def decl_check(evid, declared, threshold):
    """§4.4 for higher-is-better figures."""
    if evid is None:
        return "fail" if declared is not None and declared < threshold else "review"
    if evid >= threshold:
        return "review" if declared is not None and declared > evid * Decimal("1.1") else "pass"
    return "review" if declared is not None and declared >= threshold else "fail"


def is_satisfied(s):
    return s >= 80 if isinstance(s, int) else s in ("非常满意", "很满意", "满意", "基本满意", "比较满意", "较满意")


def expected(a):
    res, fig = {}, {}
    relaxed = a["org_type"] in ("事业单位", "民办非企业单位", "社会团体")
    form = a["form"]
    res["A2.registered"] = "pass" if form else "review"
    res["A14.1.legal_person"] = "pass" if form else "review"
    est = a["established"]
    res["A14.1.operating_years"] = ("pass" if est.replace(year=est.year + 2) <= AS_OF else "fail") if form else "review"
    assets = None if a["scanned"] else Decimal(a["assets"]) / 100
    decl = a["decl"]
    da = Decimal(decl["assets"]) * 10000 if decl.get("assets") else None
    res["A14.1.total_assets"] = decl_check(assets, da, Decimal(1000000 if relaxed else 1500000))
    fig["total_assets"] = assets
    if a["scanned"]:
        res["A14.1.finances"] = "review"
    elif a["assets"] - a["liabilities"] <= 0:
        res["A14.1.finances"] = "fail"
    elif a["profit"] < 0 or a["opinion"] != "standard":
        res["A14.1.finances"] = "review"
    else:
        res["A14.1.finances"] = "pass"
    s22, s21 = a["svc22"], a["svc21"]
    n22, n21 = len(distinct(s22)), len(distinct(s21))
    fig["served"], fig["served_prev"] = n22, n21
    res["A14.2.served"] = decl_check(n22, decl.get("served"), 50)
    sat = Decimal(sum(is_satisfied(r["sat"]) for r in s22)) / len(s22)
    fig["satisfaction"] = sat
    dsat = Decimal(decl["sat"].rstrip("%")) / 100 if decl.get("sat") else None
    res["A14.2.satisfaction"] = decl_check(sat, dsat, Decimal("0.90"))
    res["A14.2.growth"] = "pass" if n22 > n21 else ("review" if n21 == 0 else "fail")
    if not form:
        res["A14.2.online_registered"] = "n/a"
    elif a["kind"].startswith("互联网"):
        res["A14.2.online_registered"] = "pass" if a["online"] >= 500 else "fail"
    else:
        res["A14.2.online_registered"] = "n/a"
    if form:
        proof = None
        if a["proof_area"]:
            proof = Decimal(re.match(r"[\d.]+", a["proof_area"]).group())
        res["A14.3.premises"] = decl_check(proof, Decimal(a["premises"]), 150) if proof is not None else (
            "pass" if a["premises"] >= 150 else "fail")
    else:
        res["A14.3.premises"] = "pass"  # proof 200 m² read, nothing declared (see README note)
    n_agr = a.get("n_agreements") or a["partners"]
    fig["partners"] = n_agr
    res["A14.3.partners"] = decl_check(n_agr, a["partners"], 5)
    pw = Decimal(sum(r["fee"] == 0 or r["fee_type"] in ("公益", "免费", "低收费", "优惠") for r in s22)) / len(s22)
    fig["pw"] = pw
    res["A14.4.public_welfare"] = "pass" if pw >= Decimal("0.2") else "fail"
    ft = [s for s in a["staff"] if s["ft"]]
    fig["staff"] = len(ft)
    res["A14.5.staff"] = decl_check(len(ft), decl.get("staff"), 7 if relaxed else 10)
    q = Decimal(sum(qualified(s) for s in ft)) / len(ft)
    fig["qualified"] = q
    res["A14.5.qualified"] = "pass" if q >= Decimal("0.8") else "fail"
    # Art. 15
    fl = a["flags"]
    yes = lambda k: fl[k] in ("是", "有", "√")  # noqa: E731
    acts = [x for x in a["act"] if x["date"].year == Y]
    nact = lambda kw: sum(kw in x["cat"] for x in acts)  # noqa: E731
    info_off = {r["ent"]["name"] for r in s22 if "信息" in r["cat"] and r["mode"] != "线上"}
    trainees = sum(x["att"] for x in acts if "培训" in x["cat"]) + sum(r.get("trainees", 0) for r in s22 if "培训" in r["cat"])
    financing = sum((r.get("financing") or 0) for r in s22 if "融资" in r["cat"]) * 10000
    landed = {r["ent"]["name"] for r in s22 if r.get("landed") == "是"}
    checkups = {r["ent"]["name"] for r in s22 if r.get("checkup") == "是"}
    fig["checkups"], fig["landed"] = len(checkups), len(landed)
    f = {
        "info": yes("info") and len(info_off) >= 50 and nact("信息") >= 4,
        "tech": (yes("expert") or yes("project")) and nact("技术") >= 4,
        "startup": yes("project") and yes("guide") and yes("hotline") and nact("创业") >= 4,
        "training": trainees >= 1000 and yes("train_eval"),
        "financing": nact("融资") >= 4 and financing >= 100000000,
        "consulting": len(landed) >= 20 or nact("咨询") >= 4,
        "legal": yes("legal_guide") and yes("hotline") and (len(checkups) >= 20 or nact("法律") >= 4),
    }
    cn = {"info": "信息", "tech": "技术", "startup": "创业", "training": "培训", "financing": "融资", "consulting": "咨询", "legal": "法律"}
    fn = a["functions"] or ""
    declared = {k for k, v in cn.items() if (f"☑{v}" in fn) or ("☑" not in fn and v in fn)}
    for k in cn:
        res[f"A15.{k}"] = ("pass" if f[k] else "fail") if k in declared else "n/a"
    fig["functions_passed"] = sorted(cn[k] for k in declared if f[k])
    fig["functions_data"] = sorted(cn[k] for k in cn if f[k])
    res["A15"] = "review" if not form else ("pass" if any(f[k] for k in declared) else "fail")
    res["A16"] = "manual"
    for m in ["A19.1", "A19.2", "A19.3", "A19.4", "A19.5", "A19.6", "A19.7", "A19.9", "A19.10"]:
        res[m] = "review" if m in a["missing"] else "pass"
    if a["credit_bad"]:
        res["A19.3"] = "fail"
    for m in ["A19.8", "A19.11"]:
        res[m] = "pass" if m in a["optional"] else "n/a"
    res["A23.current_title"] = res["A24.ban"] = "n/a"
    res["A27.rules_in_force"] = "pass"
    for x in ["X.duplicate_code", "X.duplicate_staff", "X.duplicate_records"]:
        res[x] = "pass"
    blocking = {k: v for k, v in res.items() if not (k.startswith("A15.") or k == "A16")}
    failed = [k for k, v in blocking.items() if v == "fail"]
    review = [k for k, v in blocking.items() if v == "review"]
    verdict = "不符合" if failed else "待核实" if review else "符合"
    return verdict, failed, review, res, fig


# ----------------------------------------------------------------------------------------------
# Spreadsheet documents


def form_pairs(a, variant):
    fl = a["flags"]
    d = a["decl"]
    lab = {
        "name": "单位名称", "platform": "平台名称", "code": "统一社会信用代码", "type": "单位性质", "est": "成立时间",
        "addr": "注册地址", "district": "所属区县", "kind": "平台类型", "online": "线上注册企业数（家）",
        "area": "服务场所面积（平方米）", "partners": "协作服务机构数（家）", "functions": "申报服务功能",
        "assets": "资产总额（万元）", "served": "年服务企业数（家）", "sat": "用户满意度", "staff": "专职人员数（人）",
    }
    lab.update(variant.get("labels", {}))
    est = a["established"]
    est_v = {"date": est, "cn": f"{est.year}年{est.month}月{est.day}日", "dot": f"{est.year}.{est.month}.{est.day}",
             "compact": est.strftime("%Y%m%d")}[variant.get("est", "date")]
    pairs = [
        (lab["name"], a["org"]), (lab["code"], a["code"]),
        (lab["platform"], a["id"]), (lab["type"], a["org_type"]),
        (lab["est"], est_v), (lab["addr"], a["address"]),
    ]
    if variant.get("district", "所属区县") == "所属区县":
        pairs.append((lab["district"], a["district"]))
    elif variant.get("district") == "推荐单位":
        pairs.append(("推荐单位", f"{a['district']}工业和信息化局"))
    pairs += [(lab["kind"], a["kind"])]
    if a["online"] is not None:
        pairs.append((lab["online"], a["online"]))
    elif variant.get("online_slash"):
        pairs.append((lab["online"], "/"))
    pairs += [
        (lab["area"], a["premises"]), (lab["partners"], a["partners"]),
        ("在线信息发布系统", fl["info"]), ("专家库", fl["expert"]), ("项目库", fl["project"]),
        ("创业指南", fl["guide"]), ("服务热线", fl["hotline"]), ("法律服务指南", fl["legal_guide"]),
        ("培训评价机制", fl["train_eval"]),
    ]
    if "guarantee" in d:
        pairs.append(("新增担保额（万元）", d["guarantee"]))
    if d.get("assets"):
        pairs.append((lab["assets"], Decimal(d["assets"]) if variant.get("numeric", True) else d["assets"]))
    if d.get("served"):
        pairs.append((lab["served"], d["served"]))
    if d.get("sat"):
        pairs.append((lab["sat"], d["sat"]))
    if d.get("staff"):
        pairs.append((lab["staff"], d["staff"]))
    pairs.append(("联系人", person_name()))
    pairs.append(("联系电话", f"0531-{RNG.randrange(80000000, 89999999)}"))
    return pairs


def form_sheet(a, variant, name="推荐表"):
    """Label–value grid: two pairs per row (label | value merged over two columns), a title row
    on top, the functions declared with the value directly below the label."""
    sh = Sheet(name)
    sh.widths = {0: 22, 1: 18, 2: 18, 3: 22, 4: 18, 5: 18}
    sh.merge(0, 0, 0, 5, "济南市中小企业公共服务示范平台推荐表")
    r = 1
    if variant.get("recommender_top"):
        sh.set(r, 0, "推荐单位（盖章）：")
        sh.merge(r, 1, r, 2, f"{a['district']}工业和信息化局")
        sh.set(r, 3, "填报日期：")
        sh.merge(r, 4, r, 5, dt.date(2023, 3, 10))
        r += 1
    pairs = form_pairs(a, variant)
    colon = variant.get("colon", False)
    if variant.get("layout") == "vertical":
        sh.widths = {0: 26, 1: 30, 2: 20, 3: 20}
        for k, (l, v) in enumerate(pairs):
            sh.set(r, 0, l + ("：" if colon else ""))
            if isinstance(v, str) and len(v) > 20:
                sh.merge(r, 1, r, 3, v)
            else:
                sh.set(r, 1, v)
            r += 1
    else:
        for k in range(0, len(pairs), 2):
            for j, (l, v) in enumerate(pairs[k:k + 2]):
                sh.set(r, 3 * j, l + ("：" if colon else ""))
                sh.merge(r, 3 * j + 1, r, 3 * j + 2, v)
            r += 1
    if a["functions"]:
        sh.set(r, 0, "申报服务功能：" if colon else "申报服务功能")
        r += 1
        sh.merge(r, 0, r, 5, a["functions"])
        r += 1
    sh.set(r, 0, "平台服务特色及示范作用")
    r += 1
    sh.merge(r, 0, r + 1, 5, f"{a['id']}立足济南，围绕中小企业需求提供公共服务，线上线下结合，服务质量持续提升。")
    r += 2
    if not variant.get("recommender_top") and variant.get("district") != "推荐单位":
        sh.set(r, 0, "区县中小企业主管部门推荐意见")
        sh.merge(r, 1, r, 5, "同意推荐。")
    return sh


def table_sheet(name, title_rows, header, rows, total=None, header2=None, blank_after=None, date_fmt="yyyy-mm-dd"):
    """A table with title rows, a header (optionally a merged two-row header) and a total row."""
    sh = Sheet(name)
    sh.date_fmt = date_fmt
    ncol = len(header)
    r = 0
    for t in title_rows:
        sh.merge(r, 0, r, ncol - 1, t)
        r += 1
    if header2:
        # header: top row (None = merged down), header2: second row (None = covered)
        c = 0
        while c < ncol:
            top = header[c]
            if header2[c] is None:
                sh.merge(r, c, r + 1, c, top)
                c += 1
            else:
                span = 1
                while c + span < ncol and header[c + span] is None:
                    span += 1
                sh.merge(r, c, r, c + span - 1, top) if span > 1 else sh.set(r, c, top)
                for k in range(span):
                    sh.set(r + 1, c + k, header2[c + k])
                c += span
        r += 2
    else:
        for c, h in enumerate(header):
            sh.set(r, c, h)
        r += 1
    for k, row in enumerate(rows):
        for c, v in enumerate(row):
            sh.set(r, c, v)
        r += 1
        if blank_after is not None and k == blank_after:
            r += 1
    if total:
        for c, v in enumerate(total):
            sh.set(r, c, v)
    sh.widths = {c: 14 for c in range(ncol)}
    return sh


def fmt_date(d, style, k=0):
    if style == "mixed":
        style = ["date", "cn", "dot", "serial", "date", "slash"][k % 6]
    return {
        "date": lambda: d,
        "cn": lambda: f"{d.year}年{d.month}月{d.day}日",
        "dot": lambda: f"{d.year}.{d.month}.{d.day}",
        "slash": lambda: f"{d.year}/{d.month}/{d.day}",
        "iso": lambda: d.isoformat(),
        "compact": lambda: d.strftime("%Y%m%d"),
        "serial": lambda: Serial((d - dt.date(1899, 12, 30)).days),
    }[style]()


SVC_COLS = {
    "seq": "序号", "date": "服务日期", "ent": "企业名称", "code": "统一社会信用代码", "cat": "服务类别",
    "content": "服务内容", "mode": "服务方式", "fee": "收费金额（元）", "fee_type": "收费类型", "sat": "满意度",
    "trainees": "参训人次", "financing": "融资金额（万元）", "landed": "是否落地执行", "checkup": "是否法律体检",
}


def plain(x):
    return Decimal(format(Decimal(x).normalize(), "f"))


def service_sheet(a, recs, cols, title, date_style="date", fee_unit="元", name="服务记录", labels=None):
    labels = dict(SVC_COLS, **(labels or {}))
    if fee_unit == "万元":
        labels["fee"] = "收费金额\n（万元）"
    header = [labels[c] for c in cols]
    rows, fee_total, tr_total = [], Decimal(0), 0
    for k, r in enumerate(recs):
        name_v = r.get("name_override", r["ent"]["name"])
        fee = Decimal(r["fee"]) / 100
        fee_v = plain(fee / 10000) if fee_unit == "万元" else fee
        if fee_v == 0:
            fee_v = 0
        vals = {"seq": k + 1, "date": fmt_date(r["date"], date_style, k), "ent": name_v, "code": r["ent"]["code"] or "",
                "cat": r["cat"], "content": r["content"], "mode": r["mode"], "fee": fee_v, "fee_type": r["fee_type"],
                "sat": r["sat"], "trainees": r.get("trainees", "") if "培训" in r["cat"] else "",
                "financing": r.get("financing") or "", "landed": r.get("landed", ""), "checkup": r.get("checkup", "")}
        rows.append([vals[c] for c in cols])
        fee_total += fee
        tr_total += r.get("trainees", 0)
    total = ["合计"] + [""] * (len(cols) - 1)
    if "fee" in cols:
        total[cols.index("fee")] = plain(fee_total / 10000) if fee_unit == "万元" else fee_total
    if "trainees" in cols:
        total[cols.index("trainees")] = tr_total
    return table_sheet(name, title, header, rows, total, date_fmt="yyyy/m/d")


def activity_sheet(a, acts, name="活动记录", date_style="date", cols=("seq", "date", "name", "cat", "ents", "att")):
    labels = {"seq": "序号", "date": "活动日期", "name": "活动名称", "cat": "活动类别", "ents": "参加企业数", "att": "参加人次", "place": "活动地点"}
    rows = []
    for k, x in enumerate(acts):
        v = {"seq": k + 1, "date": fmt_date(x["date"], date_style, k), "name": x["name"], "cat": x["cat"], "ents": x["ents"],
             "att": x["att"], "place": "济南市" + a["district"]}
        rows.append([v[c] for c in cols])
    return table_sheet(name, [f"{a['id']}服务活动记录表（2021—2022年）"], [labels[c] for c in cols], rows)


def roster_sheet(a, style, name="人员名册"):
    staff = a["staff"]
    if style == "linebreaks":
        header = ["序号", "姓名", "性别", "身份证\n号码", "最高\n学历", "技术职称", "是否\n专职", "是否缴纳\n社保", "岗位"]
        rows = [[k + 1, s["name"], s["sex"], s["id"], s["edu"], s["title"], "是" if s["ft"] else "否", s["si"], s["post"]]
                for k, s in enumerate(staff)]
        return table_sheet(name, [f"{a['org']}专职服务人员名册", "填报日期：2023年3月10日"], header, rows,
                           ["合计", f"{len(staff)}人"] + [""] * 7, blank_after=5)
    if style == "twoheader":
        header = ["序号", "姓名", "身份证号", "学历", "职称", "人员情况", None, "备注"]
        header2 = [None, None, None, None, None, "专职/兼职", "社保缴纳", None]
        rows = [[k + 1, s["name"], s["id"], s["edu"], s["title"], "专职" if s["ft"] else "兼职", s["si"], ""]
                for k, s in enumerate(staff)]
        return table_sheet(name, [f"{a['id']}服务人员花名册"], header, rows, ["合计", "", "", "", "", f"{sum(s['ft'] for s in staff)}", "", ""], header2=header2)
    if style == "xls":
        header = ["姓名", "身份证号码", "文化程度", "职称等级", "用工性质", "社会保险", "从事岗位"]
        rows = [[s["name"], s["id"], s["edu"], s["title"] or "无", "专职" if s["ft"] else "兼职", "已缴纳" if s["ft"] else "未缴纳", s["post"]]
                for s in staff]
        return table_sheet(name, [f"{a['org']}人员名册"], header, rows, ["合计", f"{len(staff)}人", "", "", "", "", ""])
    # plain, columns in another order
    header = ["序号", "姓名", "岗位", "学历", "职称", "是否专职", "身份证号", "社保缴纳"]
    rows = [[k + 1, s["name"], s["post"], s["edu"], s["title"], "是" if s["ft"] else "否", s["id"], s["si"]] for k, s in enumerate(staff)]
    return table_sheet(name, [f"{a['id']}专职人员名册"], header, rows, ["合计", f"{len(staff)}"] + [""] * 6)


# ----------------------------------------------------------------------------------------------
# PDFs

CSS = ("<style>body{font-family:'WenQuanYi Micro Hei';font-size:10pt} table{border-collapse:collapse;width:100%}"
       "td,th{border:1px solid #000;padding:2px 4px;font-family:'WenQuanYi Micro Hei'} td.n{text-align:right} "
       "h1,h2{text-align:center;font-family:'WenQuanYi Micro Hei'} th,b{font-weight:normal}</style>")
PDF_JOBS = []  # (html, dest, post)


def html_doc(body):
    return f"<html><head><meta charset='utf-8'>{CSS}</head><body>{body}</body></html>"


def pdf(dest, body, post=None):
    PDF_JOBS.append((html_doc(body), Path(dest), post))


def tbl(header, rows, widths=None):
    cols = "".join(f"<col width='{w}'>" for w in widths) if widths else ""
    h = "".join(f"<th>{x}</th>" for x in header)
    body = ""
    for row in rows:
        body += "<tr>" + "".join(
            f"<td class='n'>{x}</td>" if re.fullmatch(r"[-\d,.]+", str(x)) else f"<td>{x}</td>" for x in row) + "</tr>"
    return f"<table border='1' cellspacing='0'>{cols}<tr>{h}</tr>{body}</table>"


def split(total, parts, rng):
    """Split an amount (cents) into `parts` positive pieces."""
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    return [b - a for a, b in zip([0] + cuts, cuts + [total])]


def audit_body(a):
    org, A, L = a["org"], a["assets"], a["liabilities"]
    E = A - L
    unit = a["unit"]
    m = lambda c: fmt_money(c, unit)  # noqa: E731
    rng = random.Random(a["code"])
    prevA, prevL = int(A * 0.91), int(L * 0.95)
    ca = split(A - int(A * 0.3), 4, rng)
    nca = split(int(A * 0.3), 2, rng)
    li = split(L, 4, rng)
    pca, pnca, pli = split(prevA - int(prevA * 0.3), 4, rng), split(int(prevA * 0.3), 2, rng), split(prevL, 4, rng)
    E_prev = prevA - prevL
    cap = 100000000 if E > 100000000 else E // 2
    eq = [cap, E - cap]
    eqp = [cap, E_prev - cap]
    firm = "山东泉信会计师事务所有限公司"
    unit_line = "金额单位：万元" if unit == "万元" else "单位：元"
    npo = a["layout"] == "npo"
    short = "贵单位" if npo else "贵公司"
    opinion_qualified = a["opinion"] == "qualified"
    cover = f"<h1>审计报告</h1><p style='text-align:center'>鲁泉信审字〔2023〕第{rng.randrange(100, 999)}号</p>"
    cover += f"<p>{org}全体{'理事' if npo else '股东'}：</p>"
    if opinion_qualified:
        cover += (f"<p><b>一、保留意见</b></p><p>我们审计了{org}财务报表，包括2022年12月31日的资产负债表，2022年度的利润表、现金流量表、"
                  f"所有者权益变动表以及相关财务报表附注。我们认为，除“形成保留意见的基础”部分所述事项可能产生的影响外，后附的财务报表在所有重大方面"
                  f"按照企业会计准则的规定编制，公允反映了{short}2022年12月31日的财务状况以及2022年度的经营成果和现金流量。</p>"
                  f"<p><b>二、形成保留意见的基础</b></p><p>{short}2022年12月31日应收账款中账龄超过三年的款项为人民币386,500.00元，"
                  f"我们无法就其可收回性获取充分、适当的审计证据，因此无法确定是否有必要对这些金额作出调整。</p>")
    else:
        std = "民间非营利组织会计制度" if npo else "企业会计准则"
        stmts = "资产负债表、2022年度的业务活动表、现金流量表" if npo else "资产负债表，2022年度的利润表、现金流量表、所有者权益变动表"
        cover += (f"<p><b>一、审计意见</b></p><p>我们审计了{org}财务报表，包括2022年12月31日的{stmts}以及相关财务报表附注。"
                  f"我们认为，后附的财务报表在所有重大方面按照{std}的规定编制，公允反映了{short}2022年12月31日的财务状况以及2022年度的"
                  f"{'业务活动' if npo else '经营成果'}和现金流量。</p><p><b>二、形成审计意见的基础</b></p><p>我们按照中国注册会计师审计准则的规定执行了审计工作。"
                  f"我们相信，我们获取的审计证据是充分、适当的，为发表审计意见提供了基础。</p>")
    cover += (f"<p><b>三、财务状况说明</b></p><p>截至2022年12月31日，{short}资产总额为人民币{money_cn(A)}，负债总额为人民币{money_cn(L)}，"
              f"{'净资产' if npo else '所有者权益'}为人民币{money_cn(E)}；2022年度{'收入合计' if npo else '营业收入'}为人民币{money_cn(a['revenue'])}。</p>"
              f"<p style='text-align:right'>{firm}　　中国注册会计师：{person_name()}<br>中国·济南　　2023年3月8日</p>")
    if a["layout"] == "old":
        hdr = ["资产", "行次", "年初数", "期末数"]
        rows = [["货币资金", 1, m(pca[0]), m(ca[0])], ["应收账款", 4, m(pca[1]), m(ca[1])], ["其他应收款", 5, m(pca[2]), m(ca[2])],
                ["存货", 10, m(pca[3]), m(ca[3])], ["流动资产合计", 21, m(sum(pca)), m(sum(ca))], ["固定资产净值", 28, m(pnca[0]), m(nca[0])],
                ["无形资产", 36, m(pnca[1]), m(nca[1])], ["资产总计", 40, m(prevA), m(A)],
                ["<b>负债和所有者权益</b>", "行次", "年初数", "期末数"],
                ["应付账款", 43, m(pli[0]), m(li[0])], ["应付工资", 45, m(pli[1]), m(li[1])], ["应交税金", 47, m(pli[2]), m(li[2])],
                ["其他应付款", 50, m(pli[3]), m(li[3])], ["负债合计", 65, m(prevL), m(L)], ["实收资本", 66, m(eqp[0]), m(eq[0])],
                ["未分配利润", 70, m(eqp[1]), m(eq[1])], ["所有者权益合计", 71, m(E_prev), m(E)], ["负债和所有者权益总计", 75, m(prevA), m(A)]]
        bs = f"<h2 style='page-break-before:always'>资产负债表</h2><p>编制单位：{org}　　2022年12月31日　　{unit_line}</p>" + tbl(hdr, rows, [200, 50, 120, 120])
        rev, prof = a["revenue"], a["profit"]
        dec_r, dec_p = rev // 11, prof // 13
        cost = int(rev * 0.62)
        inc_rows = [["一、主营业务收入", 1, m(dec_r), m(rev)], ["减：主营业务成本", 4, m(int(dec_r * 0.62)), m(cost)],
                    ["二、主营业务利润", 10, m(dec_r - int(dec_r * 0.62)), m(rev - cost)], ["三、营业利润", 18, m(dec_p + 1000), m(prof + 1250000)],
                    ["四、利润总额", 27, m(dec_p + 1000), m(prof + 1250000)], ["减：所得税", 28, m(1000), m(1250000)],
                    ["五、净利润", 30, m(dec_p), m(prof)]]
        inc = f"<h2 style='page-break-before:always'>利润表</h2><p>编制单位：{org}　　2022年度　　{unit_line}</p>" + tbl(["项目", "行次", "本月数", "本年累计数"], inc_rows, [200, 50, 120, 120])
    elif npo:
        rows = [["货币资金", 1, m(ca[0]), m(pca[0])], ["应收款项", 4, m(ca[1]), m(pca[1])], ["预付账款", 5, m(ca[2]), m(pca[2])],
                ["其他流动资产", 8, m(ca[3]), m(pca[3])], ["流动资产合计", 15, m(sum(ca)), m(sum(pca))], ["固定资产净值", 24, m(nca[0]), m(pnca[0])],
                ["无形资产", 27, m(nca[1]), m(pnca[1])], ["资产总计", 60, m(A), m(prevA)], ["应付款项", 62, m(li[0]), m(pli[0])],
                ["应付工资", 63, m(li[1]), m(pli[1])], ["应交税金", 65, m(li[2]), m(pli[2])], ["预收账款", 66, m(li[3]), m(pli[3])],
                ["负债合计", 80, m(L), m(prevL)], ["非限定性净资产", 81, m(E), m(E_prev)], ["限定性净资产", 82, m(0), m(0)],
                ["净资产合计", 85, m(E), m(E_prev)], ["负债和净资产总计", 90, m(A), m(prevA)]]
        bs = f"<h2 style='page-break-before:always'>资产负债表</h2><p>编制单位：{org}　　2022年12月31日　　{unit_line}</p>" + tbl(["项目", "行次", "期末余额", "年初余额"], rows, [200, 50, 120, 120])
        rev, chg = a["revenue"], a["profit"]
        inc_rows = [["一、收入", "", "", ""], ["其中：捐赠收入", 1, m(rev // 10), m(rev // 12)], ["提供服务收入", 4, m(rev - rev // 10 - rev // 5), m(int(rev * 0.6))],
                    ["政府补助收入", 5, m(rev // 5), m(rev // 6)], ["收入合计", 11, m(rev), m(int(rev * 0.9))],
                    ["二、费用", "", "", ""], ["业务活动成本", 12, m(int((rev - chg) * 0.8)), m(int(rev * 0.7))],
                    ["管理费用", 21, m(rev - chg - int((rev - chg) * 0.8)), m(int(rev * 0.15))], ["费用合计", 24, m(rev - chg), m(int(rev * 0.85))],
                    ["三、限定性净资产转为非限定性净资产", 25, m(0), m(0)], ["四、净资产变动额", 26, m(chg), m(int(rev * 0.05))]]
        inc = f"<h2 style='page-break-before:always'>业务活动表</h2><p>编制单位：{org}　　2022年度　　{unit_line}</p>" + tbl(["项目", "行次", "本年金额", "上年金额"], inc_rows, [260, 40, 110, 110])
    else:
        rows = [["流动资产：", "", "", ""], ["货币资金", "五、1", m(ca[0]), m(pca[0])], ["应收账款", "五、2", m(ca[1]), m(pca[1])],
                ["预付款项", "五、3", m(ca[2]), m(pca[2])], ["其他应收款", "五、4", m(ca[3]), m(pca[3])], ["流动资产合计", "", m(sum(ca)), m(sum(pca))],
                ["非流动资产：", "", "", ""], ["固定资产", "五、5", m(nca[0]), m(pnca[0])], ["无形资产", "五、6", m(nca[1]), m(pnca[1])],
                ["非流动资产合计", "", m(sum(nca)), m(sum(pnca))], ["资产总计", "", m(A), m(prevA)],
                ["流动负债：", "", "", ""], ["应付账款", "五、7", m(li[0]), m(pli[0])], ["应付职工薪酬", "五、8", m(li[1]), m(pli[1])],
                ["应交税费", "五、9", m(li[2]), m(pli[2])], ["其他应付款", "五、10", m(li[3]), m(pli[3])], ["流动负债合计", "", m(L), m(prevL)],
                ["非流动负债合计", "", m(0), m(0)], ["负债合计", "", m(L), m(prevL)],
                ["所有者权益（或股东权益）：", "", "", ""], ["实收资本（或股本）", "五、11", m(eq[0]), m(eqp[0])], ["未分配利润", "五、12", m(eq[1]), m(eqp[1])],
                ["所有者权益（或股东权益）合计", "", m(E), m(E_prev)], ["负债和所有者权益（或股东权益）总计", "", m(A), m(prevA)]]
        bs = f"<h2 style='page-break-before:always'>资产负债表</h2><p>编制单位：{org}　　2022年12月31日　　{unit_line}</p>" + tbl(["项目", "附注", "期末余额", "上年年末余额"], rows, [230, 50, 120, 120])
        rev, prof = a["revenue"], a["profit"]
        cost = int(rev * 0.6)
        tax = int(rev * 0.01)
        fee = rev - cost - tax - prof - prof // 3
        inc_rows = [["一、营业收入", "五、13", m(rev), m(int(rev * 0.88))], ["减：营业成本", "五、13", m(cost), m(int(rev * 0.55))],
                    ["税金及附加", "", m(tax), m(int(rev * 0.009))], ["销售费用", "", m(fee // 3), m(int(rev * 0.06))],
                    ["管理费用", "", m(fee - fee // 3), m(int(rev * 0.12))], ["二、营业利润（亏损以“－”号填列）", "", m(prof + prof // 3), m(int(rev * 0.07))],
                    ["三、利润总额（亏损总额以“－”号填列）", "", m(prof + prof // 3), m(int(rev * 0.07))], ["减：所得税费用", "", m(prof // 3), m(int(rev * 0.017))],
                    ["四、净利润（净亏损以“－”号填列）", "", m(prof), m(int(rev * 0.053))]]
        inc = f"<h2 style='page-break-before:always'>利润表</h2><p>编制单位：{org}　　2022年度　　{unit_line}</p>" + tbl(["项目", "附注", "本期金额", "上期金额"], inc_rows, [260, 50, 110, 110])
    return cover + bs + inc


def credit_body(a):
    rng = random.Random(a["code"] + "credit")
    b = (f"<h1>信用信息报告</h1><p style='text-align:center'>（来源：信用中国 www.creditchina.gov.cn）</p>"
         f"<p>报告编号：XYBG{rng.randrange(10**11, 10**12)}</p><p>主体名称：{a['org']}</p><p>统一社会信用代码：{a['code']}</p>"
         f"<p>报告生成日期：2023年03月0{rng.randrange(1, 9)}日</p>"
         f"<h2>一、基础信息</h2>" + tbl(["项目", "内容"], [["主体名称", a["org"]], ["统一社会信用代码", a["code"]],
                                                         ["成立日期", a["established"].isoformat()], ["住所", a["address"]]], [150, 400])
         + "<h2>二、行政管理信息</h2><p>行政许可（2条）</p>"
         + "<p>行政处罚（0条）</p><p>暂无数据</p><h2>三、严重失信主体名单（0条）</h2><p>暂无数据</p>")
    if a["credit_bad"]:
        b += ("<h2>四、失信被执行人（1条）</h2>" + tbl(["案号", "执行法院", "失信被执行人行为具体情形", "发布时间"],
                                                  [["（2022）鲁0191执1538号", "济南高新技术产业开发区人民法院",
                                                    "有履行能力而拒不履行生效法律文书确定义务", "2022-11-23"]]))
    else:
        b += "<h2>四、失信被执行人（0条）</h2><p>暂无数据</p>"
    b += "<h2>五、重大税收违法失信主体（0条）</h2><p>暂无数据</p><p style='font-size:8pt'>本报告信息仅供参考。</p>"
    return b


def lease_body(a):
    rng = random.Random(a["code"] + "lease")
    return (f"<h1>房屋租赁合同</h1><p>出租方（甲方）：济南{rng.choice(BRANDS)}置业有限公司</p><p>承租方（乙方）：{a['org']}</p>"
            f"<p>第一条 房屋坐落：{a['address']}，用途：办公，建筑面积：{a['proof_area']}。</p>"
            f"<p>第二条 租赁期限自2021年1月1日起至2025年12月31日止。</p><p>签订日期：2020年12月20日</p>")


def one_line(text):
    return f"<p>{text}</p>"


def png(dest, text_lines, size=(160, 110)):
    """A tiny grayscale 'scan' with no text layer (materials only)."""
    img = Image.new("L", size, 235)
    dr = ImageDraw.Draw(img)
    dr.rectangle([6, 6, size[0] - 7, size[1] - 7], outline=60, width=2)
    for k in range(len(text_lines) + 3):
        y = 24 + k * 18
        dr.line([20, y, size[0] - 20 - (k * 23) % 70, y], fill=120, width=3)
    Path(dest).parent.mkdir(parents=True, exist_ok=True)
    if str(dest).endswith(".jpg"):
        img.save(dest, quality=40)
    else:
        img.save(dest, optimize=True)


# ----------------------------------------------------------------------------------------------
# Writing the applicants


def agreements(a, root, n, folder=True, fmt="pdf"):
    rng = random.Random(a["code"] + "agr")
    names = []
    while len(names) < n:
        x = f"济南{rng.choice(BRANDS)}{rng.choice(['科技服务', '检测技术', '会计师事务所', '律师事务所', '管理咨询', '人力资源', '知识产权代理'])}有限公司"
        x = x.replace("会计师事务所有限公司", "会计师事务所").replace("律师事务所有限公司", "律师事务所")
        if x not in names:
            names.append(x)
    for x in names:
        p = (root / "合作协议" / f"合作协议-{x}.{fmt}") if folder else (root / f"合作协议-{x}.{fmt}")
        if fmt == "pdf":
            pdf(p, f"<p>合作协议</p><p>甲方：{a['org']}</p><p>乙方：{x}</p><p>协议有效期三年。</p>")
        else:
            png(p, ["合作协议"])


ALL_MATERIALS = ("licence", "social", "degree", "function", "truth", "mgmt", "fee")


def materials(a, root, *, mgmt="two", pdfs=("mgmt", "fee", "truth")):
    """Art. 19 materials; the ones not in `pdfs` are small scans (.png/.jpg) to keep the round small."""
    items = {
        "licence": ("营业执照.pdf" if a["org_type"] == "企业" else "民办非企业单位登记证书.pdf", "营业执照（副本）扫描件"),
        "social": ("社保缴费清单.pdf", "单位参保职工社会保险缴费清单（2022年12月）"),
        "degree": ("学历职称证明.pdf", "专职人员学历（学信网截图）及职称证书"),
        "function": ("服务功能证明材料.pdf", "服务功能证明材料：活动通知、照片、服务系统后台截图"),
        "truth": ("申报材料真实性声明.pdf", "申报材料真实性声明：本单位承诺所报材料真实、准确、完整。"),
    }
    if mgmt == "two":
        items["mgmt"] = ("服务流程与管理制度.pdf", "服务流程、服务质量保证措施等管理制度")
        items["fee"] = ("收费标准及优惠办法.pdf", "服务收费标准及对中小企业收费优惠办法")
    else:
        items["mgmt"] = ("管理制度及收费标准.pdf", "服务流程、质量保证措施等管理制度；收费标准及中小企业优惠规定")
    if "A19.10" in a["missing"]:
        del items["truth"]
    for key, (fname, text) in items.items():
        if key not in pdfs:
            png(root / fname.replace(".pdf", ".jpg" if key in ("licence", "degree") else ".png"), [text])
        else:
            pdf(root / fname, one_line(text))
    if "A19.8" in a["optional"]:
        post = "encrypt" if a["credit_bad"] else None
        pdf(root / "8-网站备案及资质证书.pdf", one_line("ICP备案证明及人力资源服务许可证"), post)
    if "A19.11" in a["optional"]:
        pdf(root / "其他补充材料.pdf", one_line("获奖证书及媒体报道"))


def pdf_core(a, root, prefix=True):
    n = lambda k, s: f"{k}-{s}" if prefix else s  # noqa: E731
    pdf(root / n(5, "审计报告.pdf"), audit_body(a), "scan" if a["scanned"] else None)
    pdf(root / n(6, "信用中国信用报告.pdf"), credit_body(a))
    if a["proof"] == "pdf":
        pdf(root / n(7, "房屋租赁合同.pdf"), lease_body(a))
    else:
        png(root / n(7, "房产证.jpg"), ["不动产权证书"], size=(320, 220))


def write_applicant(a, root):
    root.mkdir(parents=True, exist_ok=True)
    yr = lambda recs, y: [r for r in recs if r["date"].year == y]  # noqa: E731
    svc_cols = ["seq", "date", "ent", "code", "cat", "content", "mode", "fee", "fee_type", "sat", "trainees"]
    aid = a["id"]
    if aid == "泉城科创中小企业技术服务平台":
        write_xlsx(root / "1-推荐表.xlsx", [form_sheet(a, {"colon": True, "recommender_top": True, "online_slash": True})])
        write_xlsx(root / "2-专职人员名册.xlsx", [roster_sheet(a, "linebreaks")])
        write_xlsx(root / "3-服务企业名单2022.xlsx", [service_sheet(a, a["svc22"], svc_cols, [f"{a['id']}2022年度服务企业名单"], name="2022年")])
        write_xlsx(root / "服务记录2021.xlsx", [service_sheet(a, a["svc21"], svc_cols, [f"{a['id']}2021年度服务记录", "单位：元"], name="Sheet1")])
        write_xlsx(root / "4-服务活动记录.xlsx", [activity_sheet(a, a["act"])])
        pdf_core(a, root)
        agreements(a, root, 6)
        materials(a, root, pdfs=ALL_MATERIALS)
    elif aid == "历下区中小企业法律服务中心":
        v = {"labels": {"name": "运营单位名称", "type": "法人类型", "est": "成立日期", "partners": "合作服务机构数量"},
             "district": "推荐单位", "est": "dot", "layout": "vertical", "colon": True}
        write_ods(root / "1-申报表.ods", [form_sheet(a, v)])
        write_ods(root / "2-服务人员名单.ods", [roster_sheet(a, "plain", name="工作表1")])
        cols = ["seq", "date", "ent", "code", "cat", "content", "checkup", "mode", "fee", "fee_type", "sat"]
        write_csv(root / "3-服务记录（2021-2022年）.csv",
                  service_sheet(a, sorted(a["svc21"] + a["svc22"], key=lambda r: r["date"]), cols, [], date_style="slash",
                                labels={"sat": "满意度评价（分）"}), "utf-8-sig")
        write_ods(root / "4-服务活动记录.ods", [activity_sheet(a, a["act"], date_style="iso", cols=("seq", "date", "name", "place", "cat", "ents", "att"))])
        pdf_core(a, root)
        agreements(a, root, 5, fmt="jpg")
        materials(a, root)
    elif aid == "齐鲁工业设计服务平台":
        v = {"labels": {"est": "注册时间"}, "est": "compact"}
        write_xlsx(root / "1-推荐表.xlsx", [form_sheet(a, v)])
        write_xlsx(root / "2-人员花名册.xlsx", [roster_sheet(a, "twoheader")])
        cols = ["seq", "ent", "code", "date", "cat", "content", "fee", "fee_type", "sat"]
        write_xlsx(root / "3-服务台账.xlsx", [service_sheet(a, a["svc22"], cols, [f"{a['id']}2022年服务台账"], name="2022年"),
                                            service_sheet(a, a["svc21"], cols, [f"{a['id']}2021年服务台账"], name="2021年")])
        write_xlsx(root / "4-服务活动记录.xlsx", [activity_sheet(a, a["act"])])
        pdf_core(a, root)
        agreements(a, root, 5, fmt="jpg")
        materials(a, root, mgmt="one", pdfs=("mgmt", "social"))
    elif aid == "泉城检验检测公共服务平台":
        v = {"labels": {"name": "申报单位", "type": "单位类型", "district": "所在区县"}, "est": "cn", "layout": "vertical"}
        write_xls(root / "1-推荐表.xls", [form_sheet(a, v, name="Sheet1")])
        write_xls(root / "2-专职人员名册.xls", [roster_sheet(a, "xls", name="Sheet1")])
        cols = ["seq", "date", "ent", "code", "cat", "content", "mode", "fee", "fee_type", "sat"]
        write_csv(root / "3-服务台账.csv",
                  service_sheet(a, sorted(a["svc21"] + a["svc22"], key=lambda r: r["date"]), cols, [f"{a['id']}服务台账（2021-2022年）"],
                                date_style="dot"), "gbk")
        write_xlsx(root / "4-服务活动记录.xlsx", [activity_sheet(a, a["act"], date_style="cn")])
        pdf_core(a, root)
        agreements(a, root, 7, fmt="png")
        materials(a, root)
    elif aid == "齐鲁数字经济信息服务平台":
        cols = ["seq", "date", "ent", "cat", "content", "mode", "fee", "fee_type", "sat", "code"]
        recs = sorted(a["svc21"] + a["svc22"], key=lambda r: r["date"])
        for r in recs[::9]:
            r["mode"] = "" if r["mode"] == "线下" else r["mode"]   # empty mode counts as offline
        write_xlsx(root / "申报数据.xlsx", [
            form_sheet(a, {"colon": False}, name="推荐表"), roster_sheet(a, "plain", name="人员名册"),
            service_sheet(a, recs, cols, [f"{a['id']}服务记录"], name="服务记录"), activity_sheet(a, a["act"], name="活动记录")])
        pdf_core(a, root)
        agreements(a, root, 5, fmt="jpg")
        materials(a, root, pdfs=("mgmt", "fee", "truth", "licence"))
    elif aid == "明湖企业培训服务平台":
        v = {"labels": {"district": "所在区县"}, "est": "cn", "colon": True}
        write_xlsx(root / "1-推荐表.xlsx", [form_sheet(a, v)])
        write_xlsx(root / "2-专职人员名册.xlsx", [roster_sheet(a, "plain")])
        cols = ["seq", "date", "ent", "code", "cat", "content", "mode", "trainees", "fee", "fee_type", "sat"]
        write_xlsx(root / "3-服务记录2021-2022.xlsx", [service_sheet(a, sorted(a["svc21"] + a["svc22"], key=lambda r: r["date"]), cols,
                                                                 [f"{a['id']}服务记录", "（收费金额单位：万元）"], date_style="mixed", fee_unit="万元")])
        write_xlsx(root / "4-服务活动记录.xlsx", [activity_sheet(a, a["act"])])
        pdf_core(a, root)
        agreements(a, root, 5, fmt="jpg")
        materials(a, root)
        write_xlsx(root / "附表（草稿）.xlsx", [Sheet("Sheet1")])
        data = (root / "附表（草稿）.xlsx").read_bytes()[:300]
        (root / "附表（草稿）.xlsx").write_bytes(data)
    elif aid == "泉城智能制造服务平台":
        write_xlsx(root / "1-推荐表.xlsx", [form_sheet(a, {"colon": True})])
        write_xlsx(root / "2-专职人员名册.xlsx", [roster_sheet(a, "plain")])
        write_xlsx(root / "3-服务企业名单2022.xlsx", [service_sheet(a, a["svc22"], svc_cols[:-1], [f"{a['id']}2022年服务企业名单"], date_style="iso")])
        write_xlsx(root / "3-服务企业名单2021.xlsx", [service_sheet(a, a["svc21"], svc_cols[:-1], [f"{a['id']}2021年服务企业名单"], date_style="iso")])
        write_xlsx(root / "4-服务活动记录.xlsx", [activity_sheet(a, a["act"])])
        pdf_core(a, root)
        agreements(a, root, 5, fmt="png")
        materials(a, root, pdfs=("mgmt", "fee", "function"))
        (root / "说明.docx").write_bytes(b"")
    elif aid == "华山数字经济服务平台":
        write_xlsx(root / "专职人员名册.xlsx", [roster_sheet(a, "plain")])
        write_xlsx(root / "服务记录2022.xlsx", [service_sheet(a, a["svc22"], svc_cols, ["2022年服务记录"])])
        write_xlsx(root / "服务记录2021.xlsx", [service_sheet(a, a["svc21"], svc_cols, ["2021年服务记录"])])
        write_xlsx(root / "服务活动记录.xlsx", [activity_sheet(a, a["act"])])
        pdf_core(a, root, prefix=False)
        agreements(a, root, 5, folder=False)
        materials(a, root)
    elif aid == "泉城云企服平台":
        v = {"district": None, "est": "dot"}
        write_xlsx(root / "1-推荐表.xlsx", [form_sheet(a, v)])
        write_xlsx(root / "2-专职人员名册.xlsx", [roster_sheet(a, "linebreaks")])
        cols = ["seq", "date", "ent", "code", "cat", "content", "mode", "fee", "fee_type", "sat"]
        write_xlsx(root / "3-线上服务明细2022.xlsx", [service_sheet(a, a["svc22"], cols, [f"{a['id']}2022年线上线下服务明细"], labels={"sat": "评价（百分制）"})])
        write_xlsx(root / "3-线上服务明细2021.xlsx", [service_sheet(a, a["svc21"], cols, [f"{a['id']}2021年线上线下服务明细"], labels={"sat": "评价（百分制）"})])
        write_xlsx(root / "4-服务活动记录.xlsx", [activity_sheet(a, a["act"])])
        pdf_core(a, root)
        agreements(a, root, 5, fmt="png")
        materials(a, root)
        (root / "新建文本文档.txt").write_text("asdf 123\r\n", encoding="utf-8")
    elif aid == "舜耕企业融资服务平台":
        write_xlsx(root / "1-推荐表.xlsx", [form_sheet(a, {"colon": True, "est": "date"})])
        write_xlsx(root / "2-专职人员名册.xls", [roster_sheet(a, "plain")])  # really an xlsx
        cols = ["seq", "date", "ent", "code", "cat", "content", "financing", "mode", "fee", "fee_type", "sat"]
        write_xlsx(root / "3-服务记录.xlsx", [service_sheet(a, a["svc22"], cols, ["2022年度服务记录"], name="2022"),
                                            service_sheet(a, a["svc21"], cols, ["2021年度服务记录"], name="2021")])
        write_xlsx(root / "4-服务活动记录.xlsx", [activity_sheet(a, a["act"])])
        pdf_core(a, root)
        agreements(a, root, 6, fmt="jpg")
        materials(a, root)
    elif aid == "历下企业管理咨询服务平台":
        write_xlsx(root / "1-推荐表.xlsx", [form_sheet(a, {"labels": {"served": "年服务企业数"}})])
        write_xlsx(root / "2-专职人员名册.xlsx", [roster_sheet(a, "plain")])
        cols = ["seq", "date", "ent", "code", "cat", "content", "landed", "mode", "fee", "fee_type", "sat"]
        write_xlsx(root / "3-服务记录2021-2022.xlsx", [service_sheet(a, sorted(a["svc21"] + a["svc22"], key=lambda r: r["date"]), cols,
                                                                 [f"{a['id']}服务记录（2021—2022年）"], date_style="compact")])
        write_xlsx(root / "4-服务活动记录.xlsx", [activity_sheet(a, a["act"])])
        pdf_core(a, root)
        agreements(a, root, 5, fmt="png")
        materials(a, root)
    else:
        raise SystemExit(f"no writer for {aid}")


def district_summary(path, apps):
    rows = [[k + 1, a["id"], a["org"], "同意推荐", ""] for k, a in enumerate(apps)]
    sh = table_sheet("汇总", ["历城区中小企业公共服务示范平台推荐汇总表", "推荐单位：历城区工业和信息化局（盖章）"],
                     ["序号", "平台名称", "运营单位", "推荐意见", "备注"], rows)
    write_xlsx(path, [sh])


# ----------------------------------------------------------------------------------------------
# PDF rendering


def run_pdf_jobs(tmp):
    src = tmp / "html"
    out = tmp / "pdf"
    src.mkdir()
    out.mkdir()
    names = []
    for k, (html, _, _) in enumerate(PDF_JOBS):
        n = f"d{k:04d}"
        (src / f"{n}.html").write_text(html, encoding="utf-8")
        names.append(n)
    profile = tmp / "lo-profile"
    cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf:writer_pdf_Export",
           "--infilter=HTML (StarWriter)", "--outdir", str(out)] + [str(src / f"{n}.html") for n in names]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for n, (_, dest, post) in zip(names, PDF_JOBS):
        p = out / f"{n}.pdf"
        if not p.exists():
            raise SystemExit(f"LibreOffice did not produce {dest}")
        dest.parent.mkdir(parents=True, exist_ok=True)
        if post == "scan":
            subprocess.run(["pdftoppm", "-r", "60", "-gray", "-png", str(p), str(tmp / n)], check=True)
            pages = []
            for x in sorted(tmp.glob(f"{n}-*.png")):
                jpg = x.with_suffix(".jpg")
                Image.open(x).convert("L").save(jpg, quality=40, dpi=(60, 60))
                pages.append(str(jpg))
            raw = tmp / f"{n}.scan.pdf"
            raw.write_bytes(img2pdf.convert(pages, nodate=True, producer="Scanner", creator="Scanner"))
            with pikepdf.open(raw) as doc:
                seed = hashlib.md5(f"{n}/{dest.name}".encode("utf-8")).digest()
                doc.trailer.ID = pikepdf.Array([pikepdf.String(seed), pikepdf.String(seed)])
                doc.save(dest, deterministic_id=True)
        else:
            fixed = tmp / f"{n}.fixed.pdf"
            with pikepdf.open(p) as doc:
                doc.docinfo["/CreationDate"] = FIXED_PDF_DATE
                if "/ModDate" in doc.docinfo:
                    del doc.docinfo["/ModDate"]
                if "/DocChecksum" in doc.trailer:  # LibreOffice's per-run checksum
                    del doc.trailer["/DocChecksum"]
                seed = hashlib.md5(f"{n}/{dest.name}".encode("utf-8")).digest()
                doc.trailer.ID = pikepdf.Array([pikepdf.String(seed), pikepdf.String(seed)])
                doc.save(fixed, deterministic_id=True)
            if post == "encrypt":
                subprocess.run(["qpdf", "--static-id", "--allow-weak-crypto", "--encrypt", "1234", "owner5678", "128",
                                "--use-aes=n", "--", str(fixed), str(dest)], check=True)
            else:
                shutil.copyfile(fixed, dest)


# ----------------------------------------------------------------------------------------------
# Zips


def _gbk_flags(self):
    return self.filename.encode("gbk"), self.flag_bits & ~0x800


def zip_dir(src, dest, top=None, gbk=False):
    files = sorted(p for p in src.rglob("*"))
    orig = zipfile.ZipInfo._encodeFilenameFlags
    if gbk:
        zipfile.ZipInfo._encodeFilenameFlags = _gbk_flags
    try:
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
            if top:
                zi = zipfile.ZipInfo(top + "/", FIXED_ZIP_DT)
                zi.external_attr = 0o40755 << 16 | 0x10
                z.writestr(zi, b"")
            for p in files:
                rel = p.relative_to(src).as_posix()
                name = f"{top}/{rel}" if top else rel
                if p.is_dir():
                    zi = zipfile.ZipInfo(name + "/", FIXED_ZIP_DT)
                    zi.external_attr = 0o40755 << 16 | 0x10
                    z.writestr(zi, b"")
                else:
                    zi = zipfile.ZipInfo(name, FIXED_ZIP_DT)
                    zi.compress_type = zipfile.ZIP_DEFLATED
                    zi.external_attr = 0o644 << 16 | 0x20
                    if gbk:
                        zi.create_system = 0  # MS-DOS, as Windows' "compressed folder" writes
                    z.writestr(zi, p.read_bytes())
    finally:
        zipfile.ZipInfo._encodeFilenameFlags = orig


# ----------------------------------------------------------------------------------------------
# README


FEATURES = {
    "泉城科创中小企业技术服务平台": "xlsx 推荐表：标题行、合并单元格、标签带冒号与单位、“推荐单位（盖章）”行、申报服务功能值在标签正下方、线上注册企业数为“/”；人员名册：两行标题、表头单元格内换行、中间空行、合计行、兼职人员 2 名、1 名 高中/高级技师（不合格）；服务记录分年两个文件（3-服务企业名单2022.xlsx、服务记录2021.xlsx），Excel 日期单元格、部分行有信用代码、合计行；审计报告新格式（期末余额|上年年末余额，单位：元，大写金额）；合作协议/ 子文件夹 6 份 PDF；含可选 A19.8、A19.11 材料。",
    "历下区中小企业法律服务中心": "民办非企业单位（代码 52…）；.ods 申报表（竖排：标签|值，无所属区县，只有“推荐单位：历下区工业和信息化局”，成立日期“2016.5.20”）；.ods 人员名单（名称“服务人员名单”）和活动记录；服务记录为 UTF-8 BOM CSV，跨两年，日期“2022/3/5”，满意度为分数（70 为不满意），含“是否法律体检”列；审计报告为民非格式：资产负债表（期末余额|年初余额，净资产合计），业务活动表（本年金额|上年金额，净资产变动额）；合作协议为 5 张 .jpg；登记证书。",
    "齐鲁工业设计服务平台": "zip，文件名为 GBK 编码且未设 UTF-8 标志（Windows 资源管理器式），含目录项“合作协议/”；人员花名册为两行合并表头（“人员情况”跨“专职/兼职|社保缴纳”）；服务台账一个工作簿两张表（2022年、2021年），列顺序不同（企业名称在日期前），无服务方式列（按线下计）；审计报告新格式“金额单位：万元”，资产总计 148.50；管理制度与收费标准合为一个文件“管理制度及收费标准.pdf”；合作协议为 5 张 .jpg。",
    "泉城检验检测公共服务平台": "zip，全部文件位于一个顶层文件夹内（UTF-8 标志）；BIFF8 .xls 推荐表（竖排，标签“申报单位”“单位类型”“所在区县”，成立时间“2014年7月1日”）与 .xls 人员名册（用工性质 专职/兼职，文化程度，职称等级）；服务台账为 GBK CSV，跨两年，日期“2022.3.5”；2022 年恰好 49 家不同企业，其中一家企业名称在部分行中带空格（规范化后同一家）；审计报告旧格式（资产|行次|年初数|期末数，利润表 项目|行次|本月数|本年累计数，主营业务收入，五、净利润）；合作协议为 7 张 .png。",
    "齐鲁数字经济信息服务平台": "一个工作簿 申报数据.xlsx 含四张表：推荐表/人员名册/服务记录/活动记录；服务记录跨两年，部分行服务方式为空（按线下计），信用代码列在最后；审计报告为扫描件（仅图像、无文字层，60 dpi 灰度 JPEG）；服务功能证明材料为 .png；申报“信息”功能（线下信息服务企业 ≥50，信息活动 5 次）。",
    "明湖企业培训服务平台": "服务记录 xlsx 跨两年，日期混合：Excel 日期、“2022年3月5日”、“2022.3.5”、Excel 序列号（无日期格式的数字）、“2022/3/5”；收费金额（万元）且表头内换行；标签“所在区县”；信用报告 失信被执行人（1条）并列出案号；网站备案及资质证书.pdf 为 qpdf 加密（用户密码 1234）；附表（草稿）.xlsx 为截断的 xlsx（前 300 字节）；合作协议为 .jpg。",
    "泉城智能制造服务平台": "申报服务功能用 ☑/☐ 勾选（☑技术 ☑咨询）；成立时间 2021-06-30，恰好满两年（周年当日通过）；人员名册 10 名专职中 7 名合格：中专+助理研究员 计入（中级），中专+助理工程师 不计入（初级），高中+高级技师 不计入（技能等级不是职称），技校 不计入；大学专科+技术员 计入（学历）；2 名兼职不计；服务记录分年两个文件，日期为文本“2022-03-05”；审计报告“金额单位：万元”（286.42，通过）；营业执照为 .jpg；说明.docx 为空文件。",
    "华山数字经济服务平台": "没有推荐表的文件夹（其余材料齐全，无子文件夹——合作协议为散放的 5 个 PDF 文件）；文件名无编号前缀。",
    "泉城云企服平台": "互联网平台（平台类型“互联网（主要基于互联网服务）”），线上注册企业数 480；无所属区县/推荐单位（区县取自文件夹）；服务明细文件名“3-线上服务明细2022.xlsx”，多数为线上服务，满意度列“评价（百分制）”为分数；审计意见为保留意见；新建文本文档.txt 无法识别。",
    "舜耕企业融资服务平台": "成立时间 2021-09-15（不满两年）；2-专职人员名册.xls 实为 xlsx（扩展名错误）；场所证明为照片 7-房产证.jpg（无法读取面积，以推荐表面积为准）；服务记录一个工作簿两张表“2022”“2021”，含融资金额（万元）列（2022 年融资服务合计 12000 万元）；新增担保额 0；合作协议为 .jpg。",
    "历下企业管理咨询服务平台": "推荐表申报年服务企业数 75，而服务记录 2022 年只有 56 家（超出 10% 以上）；服务记录跨两年，日期为“20220305”；含“是否落地执行”列（22 家落地）；缺少申报材料真实性声明。",
}

REASONS = {
    "泉城科创中小企业技术服务平台": "全部条件满足；技术（专家库+5 次技术活动）与培训（培训人次≥1000+评价机制）两项申报功能均通过。",
    "历下区中小企业法律服务中心": "资产 1,206,830.50 元、专职 8 人只满足第十四条（六）放宽标准（100 万 / 7 人），民非适用放宽 → 全部通过；法律功能：指南+热线+6 次法律活动（另有“是否法律体检”列，{checkups} 家）。",
    "齐鲁工业设计服务平台": "A14.1.total_assets 不符合：审计报告 148.50 万元 = 1,485,000 元 < 1,500,000 元，推荐表申报 148.5 万元也未达标（§4.4 两者都未达标 → fail）。",
    "泉城检验检测公共服务平台": "A14.2.served 不符合：2022 年不同企业 49 家 < 50（“济南 X…有限 公司”去空格后与原名同一家；若不规范化会数成 50 家而误判通过），申报 49 也未达标；增长 49 > 44 通过。",
    "齐鲁数字经济信息服务平台": "审计报告为扫描件，资产与财务状况无法读取：A14.1.total_assets 待核实（申报 268.6 万元达标 → §4.4 review），A14.1.finances 待核实；A19.2 材料存在 → pass。",
    "明湖企业培训服务平台": "A19.3 不符合：信用报告失信被执行人（1条）。其余均通过；加密的资质 PDF 只影响可选 A19.8（存在 → pass），截断的 xlsx 与 A19/角色无关，仅列入 problems。",
    "泉城智能制造服务平台": "A14.5.qualified 不符合：专职 10 人中合格 7 人，0.7000 < 0.80；A14.1.operating_years 通过（2021-06-30 + 2 年 = 2023-06-30 = as-of）。",
    "华山数字经济服务平台": "无推荐表：需要推荐表的项目待核实——A2.registered（无信用代码、无注册地址）、A14.1.legal_person、A14.1.operating_years（无成立时间）、A15（无申报功能）；数据类指标（服务、人员、审计、协议、材料）均通过。",
    "泉城云企服平台": "A14.2.online_registered 不符合（480 < 500）；审计报告为保留意见 → A14.1.finances 待核实。",
    "舜耕企业融资服务平台": "A14.1.operating_years 不符合（2021-09-15 + 2 年 = 2023-09-15 > 2023-06-30）；融资功能：5 次融资活动 + 融资 1.2 亿元 → 通过。",
    "历下企业管理咨询服务平台": "A14.2.served 待核实：证据 56 家达标，但申报 75 家比证据高 33.9%（>10%，§4.4）；A19.10 待核实：缺少真实性声明。咨询功能：{landed} 家落地执行企业（≥20）→ 通过（咨询活动只有 2 次）。",
}

REASONS_EN = {
    "泉城科创中小企业技术服务平台": "clean enterprise: every criterion passes; both declared functions (tech, training) pass.",
    "历下区中小企业法律服务中心": "民办非企业单位 with assets 1,206,830.50 yuan and 8 full-time staff: passes only under the relaxed Art. 14(6) thresholds.",
    "齐鲁工业设计服务平台": "audit report in 万元: total assets 148.50万元 = 1,485,000 < 1,500,000 yuan; declared 148.5万 misses too → fail.",
    "泉城检验检测公共服务平台": "49 distinct enterprises in 2022 (one name appears with stray spaces in some rows; normalised it is the same enterprise) → A14.2.served fail.",
    "齐鲁数字经济信息服务平台": "image-only audit report → total assets (declared 268.6万 meets) and finances are review; nothing fails → 待核实.",
    "明湖企业培训服务平台": "credit report lists 失信被执行人（1条） → A19.3 fail; the encrypted permit PDF and the truncated xlsx are problems only.",
    "泉城智能制造服务平台": "7 of 10 full-time staff qualified (0.7000 < 0.80) → A14.5.qualified fail; established 2021-06-30, the anniversary passes.",
    "华山数字经济服务平台": "no form: A2.registered, A14.1.legal_person, A14.1.operating_years and A15 are review; data-driven criteria pass.",
    "泉城云企服平台": "internet platform with 480 online registrations → A14.2.online_registered fail; qualified audit opinion → A14.1.finances review.",
    "舜耕企业融资服务平台": "established 2021-09-15, less than two years before 2023-06-30 → A14.1.operating_years fail.",
    "历下企业管理咨询服务平台": "declares 75 enterprises served against 56 evidenced (+33.9 %) → A14.2.served review; no authenticity declaration → A19.10 review.",
}


def fmt_ratio(x):
    return f"{Decimal(x).quantize(Decimal('0.0001'), ROUND_HALF_UP)}"


def write_readme(results):
    L = []
    L.append("# 样例申报批次 round-2023 / Sample round round-2023\n")
    L.append("由 `scripts/gen_samples.py` 生成，请勿手工修改；重新生成：`python3 scripts/gen_samples.py`。\n"
             "Generated by `scripts/gen_samples.py` — do not edit by hand; rebuild with `python3 scripts/gen_samples.py`.\n")
    L.append("评估命令 / evaluate with:\n\n```\nsme-audit evaluate samples/round-2023 --as-of 2023-06-30 --out out/\n```\n")
    L.append("评估年度 Y = 2022，上一年度 Y−1 = 2021。不带 `--history`，因此 A23/A24 为不适用；A16 为人工评审；"
             "A27 通过。以下每个申报主体的“不符合”“待核实”列表只含阻断性指标（不含 `A15.<功能>` 单项和 A16），"
             "与 `report.csv` 的 failed / review 列对应；机器可读版本见 `samples/expected-2023.csv`。\n\n"
             "Evaluation year Y = 2022 (Y−1 = 2021). Without `--history`, A23/A24 are n/a; A16 is manual; A27 passes. "
             "The failed/review lists below hold blocking criteria only (no `A15.<function>` rows, no A16), i.e. the "
             "`failed`/`review` columns of `report.csv`; a machine-readable copy is `samples/expected-2023.csv`. "
             "No two applicants share a credit code, a staff ID number or a service record, so the X.* checks pass.\n")
    L.append("材料文件：除第 1 个申报主体全部为 PDF 外，营业执照、学历职称证明多为小 .jpg，社保缴费清单、服务功能证明材料多为小 .png"
             "（无文字层，按文件名归类）；管理制度、收费标准、真实性声明为 LibreOffice 导出的一行 PDF。\n"
             "Materials: applicant 1 has PDFs throughout; elsewhere licences and degree proofs are tiny .jpg, social-insurance lists "
             "and function evidence tiny .png (no text; classified by name), management/fee documents and declarations one-line "
             "LibreOffice PDFs. PDFs come from LibreOffice headless (HTML → PDF, WenQuanYi Micro Hei embedded as TrueType subsets "
             "with ToUnicode), so tables are real tables and `pdftotext -layout` keeps each row on one line.\n")
    L.append("重新生成需要 / to regenerate you need: Python 3.10+, `pip install openpyxl xlwt odfpy img2pdf` (img2pdf pulls pikepdf "
             "and Pillow), LibreOffice (`soffice`) with fonts-wqy-microhei, qpdf, poppler-utils. The output is byte-identical "
             "from run to run (fixed seed; fixed timestamps in xlsx/ods/zip; fixed /ID and dates in PDFs).\n")
    L.append("## 总览 / Overview\n")
    L.append("| # | 路径 path | 预期结论 verdict | 不符合 failed | 待核实 review |\n|---|---|---|---|---|")
    for k, (a, (verdict, failed, review, res, fig)) in enumerate(results):
        L.append(f"| {k + 1} | `{a['path']}` | {verdict} | {';'.join(failed) or '—'} | {';'.join(review) or '—'} |")
    L.append("")
    L.append("另有 `历城区/历城区推荐汇总表.xlsx`：区县汇总表（表头含“平台名称”“运营单位”），不是申报主体，应列入 problems。\n"
             "Also `历城区/历城区推荐汇总表.xlsx`: the district's own summary table (its header has 平台名称 and 运营单位, a trap for "
             "content-based form detection); it is not an applicant and must appear in problems.csv.\n")
    L.append("## 逐个说明 / Per applicant\n")
    for k, (a, (verdict, failed, review, res, fig)) in enumerate(results):
        L.append(f"### {k + 1}. `{a['path']}`\n")
        L.append(f"- 单位 / entity: {a['org']}（{a['org_type']}），统一社会信用代码 {a['code'] if a['form'] else '（无推荐表 / no form; ' + a['code'] + ' appears only in the credit report）'}")
        L.append(f"- 格式与版式 / formats: {FEATURES[a['id']]}")
        L.append(f"- **预期 / expected: {verdict}**；failed = `{';'.join(failed)}`；review = `{';'.join(review)}`")
        L.append(f"- 理由: {REASONS[a['id']].format(**fig)}")
        L.append(f"- Why: {REASONS_EN[a['id']]}")
        ta = fig["total_assets"]
        L.append(f"- 关键数字 / key figures: total_assets={'' if ta is None else format(ta.normalize(), 'f')}, served_y={fig['served']}, "
                 f"served_prev={fig['served_prev']}, satisfaction={fmt_ratio(fig['satisfaction'])}, "
                 f"public_welfare_share={fmt_ratio(fig['pw'])}, fulltime_staff={fig['staff']}, "
                 f"qualified_ratio={fmt_ratio(fig['qualified'])}, premises_area={a['premises'] if a['premises'] else ''}, "
                 f"partners={fig['partners']}, functions_passed={'、'.join(fig['functions_passed']) or '—'} "
                 f"(data would meet / 数据满足: {'、'.join(fig['functions_data']) or '—'})")
        per = ", ".join(f"{c}={v}" for c, v in res.items() if c.startswith("A15") or c.startswith("A19"))
        L.append(f"- A15/A19: {per}")
        L.append("")
    L.append("## 阅读上的不确定之处 / Readings that may differ\n")
    L.append("- **华山数字经济服务平台（无推荐表）**：SPEC 只说“需要推荐表的项目为待核实”。这里按：A2.registered、A14.1.legal_person、"
             "A14.1.operating_years、A15 → review；A14.2.online_registered → n/a（不知道是互联网平台，按线下处理）；A14.3.premises → pass"
             "（租赁合同读到 200 平方米，无申报值，§4.4 第一行）。若实现认为场所面积必须来自推荐表，则 A14.3.premises 为 review；若认为平台类型未知应为 "
             "review，则 A14.2.online_registered 为 review；总结论都仍是“待核实”，failed 为空。若实现从信用报告中读取信用代码，A2.registered / "
             "A14.1.legal_person 可能为 pass。A14.1.total_assets 用不放宽的 150 万门槛（305.6 万，两种门槛都通过）。\n"
             "  *No form*: the spec only says \"what needs the form is review\". Taken here: A2.registered, A14.1.legal_person, "
             "A14.1.operating_years, A15 review; A14.2.online_registered n/a (platform kind unknown → not an internet platform); "
             "A14.3.premises pass (proof reads 200 m², nothing declared). A stricter reading may add A14.3.premises and/or "
             "A14.2.online_registered to review; the overall verdict stays 待核实 with nothing failed.")
    L.append("- **齐鲁工业设计服务平台**：一个文件“管理制度及收费标准.pdf”同时含两组关键词，按 A19.6 通过；若实现规定一个文件只能有一个角色，"
             "A19.6 会变为 review（总结论仍为不符合）。人员花名册的两行合并表头须合并读取（“专职/兼职”在第二行）。\n"
             "  One file named 管理制度及收费标准.pdf carries both keyword sets of A19.6 → pass here; a one-role-per-file reading "
             "would make A19.6 review. The roster's employment column sits in the second row of a merged two-row header.")
    L.append("- **舜耕企业融资服务平台**：人员名册扩展名为 .xls 实为 xlsx，应按内容识别读取；若读不出，A14.5.staff / A14.5.qualified 变为 "
             "review（总结论仍为不符合）。场所证明是照片，面积以推荐表 240 为准（SPEC §4.4）。\n"
             "  The roster is an xlsx saved as .xls: sniff the content. If it cannot be read, A14.5.* become review (the verdict "
             "stays 不符合). The premises proof is a photo, so the form's 240 m² stands.")
    L.append("- **泉城智能制造服务平台**：按默认 `qualified_mode = either`（学历≥大专 或 职称≥中级）。高级技师是技能等级不是职称；"
             "大学专科+技术员按学历计入。\n  Uses the default `qualified_mode = either`; 高级技师 is a skill grade, not a title.")
    L.append("- **明湖企业培训服务平台**：加密 PDF 按名称归为 A19.8（存在即通过）；截断的 `附表（草稿）.xlsx`、空文件等只进 problems。\n"
             "  The encrypted PDF is classified by name as A19.8 (present → pass); broken files are problems only.")
    L.append("- 所有申报主体的满意度、公益服务比例按“Y 年全部服务记录”计算（非按企业去重）。/ Satisfaction and public-welfare share are per record of year Y.\n")
    L.append("## 问题文件 / Problem files\n")
    L.append("| 文件 file | 预期 problem |\n|---|---|")
    L.append("| `历城区/历城区推荐汇总表.xlsx` | 区县散放文件，不是申报主体 / district-level loose file, not an applicant |")
    L.append("| `高新区/明湖企业培训服务平台/附表（草稿）.xlsx` | 截断的 xlsx（300 字节），无法读取 / truncated, unreadable |")
    L.append("| `高新区/明湖企业培训服务平台/8-网站备案及资质证书.pdf` | 加密 PDF（用户密码）/ encrypted PDF |")
    L.append("| `高新区/齐鲁数字经济信息服务平台/5-审计报告.pdf` | 扫描件，无文字层 / scanned, no text layer |")
    L.append("| `高新区/泉城智能制造服务平台/说明.docx` | 空文件 / empty file |")
    L.append("| `市中区/泉城云企服平台/新建文本文档.txt` | 无法识别 / unrecognised |")
    L.append("| `市中区/舜耕企业融资服务平台/2-专职人员名册.xls` | 扩展名为 .xls，内容是 xlsx（应能读取，可记一条提示）/ xlsx content behind an .xls name (readable; a notice at most) |")
    L.append("| `历城区/华山数字经济服务平台/` | 缺少推荐表 / form missing |")
    L.append("| all `.jpg` materials | 图片材料，按文件名归类，无文字 / images, classified by name |")
    L.append("")
    (SAMPLES / "README.md").write_text("\n".join(L) + "\n", encoding="utf-8")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["applicant", "path", "verdict", "failed", "review", "uncertain"])
    unc = {"华山数字经济服务平台": "A14.3.premises;A14.2.online_registered;A2.registered;A14.1.legal_person",
           "齐鲁工业设计服务平台": "A19.6", "舜耕企业融资服务平台": "A14.5.staff;A14.5.qualified"}
    for a, (verdict, failed, review, res, fig) in results:
        w.writerow([a["id"], a["path"], verdict, ";".join(failed), ";".join(review), unc.get(a["id"], "")])
    (SAMPLES / "expected-2023.csv").write_text(buf.getvalue(), encoding="utf-8")


# ----------------------------------------------------------------------------------------------


def main():
    build_plans()
    results = []
    for a in APPS:
        got = expected(a)
        verdict, failed, review = got[:3]
        want = a["intended"]
        if (verdict, failed, review) != (want[0], want[1], want[2]):
            raise SystemExit(f"{a['id']}: derived {verdict} {failed} {review}, intended {want}")
        results.append((a, got))
    if ROUND.exists():
        shutil.rmtree(ROUND)
    ROUND.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="gen_samples_") as t:
        tmp = Path(t)
        zips = []
        for a in APPS:
            if a["container"] == "dir":
                root = ROUND / a["district"] / a["id"]
                a["path"] = f"round-2023/{a['district']}/{a['id']}/"
            else:
                root = tmp / "zip" / a["id"]
                a["path"] = f"round-2023/{a['district']}/{a['id']}.zip"
                zips.append((a, root))
            write_applicant(a, root)
        district_summary(ROUND / "历城区" / "历城区推荐汇总表.xlsx", [x for x in APPS if x["district"] == "历城区"])
        run_pdf_jobs(tmp)
        for a, root in zips:
            dest = ROUND / a["district"] / f"{a['id']}.zip"
            if a["container"] == "zip_gbk":
                zip_dir(root, dest, gbk=True)
            else:
                zip_dir(root, dest, top=a["id"])
    # all timestamps of the written tree are irrelevant to git, but keep them tidy anyway
    write_readme(results)
    total = sum(p.stat().st_size for p in SAMPLES.rglob("*") if p.is_file())
    print(f"wrote {len(APPS)} applicants, {total / 1024:.0f} KiB under {SAMPLES}")


if __name__ == "__main__":
    main()
