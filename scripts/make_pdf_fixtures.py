#!/usr/bin/env python3
"""Builds the PDF fixtures in tests/fixtures/pdf/, the way applicants' software makes them.

- LibreOffice headless exports of HTML documents (CJK text in the WenQuanYi Micro Hei font of
  Debian's fonts-wqy-microhei, embedded as TrueType subsets with ToUnicode maps): audit reports
  in the current and the old balance-sheet layout, in 元 and 万元, one per opinion type; credit
  reports; a lease.
- Hand-written PDFs for what office software rarely makes but Chinese producers do: Type0 fonts
  with the predefined CMaps UniGB-UCS2-H and GBK-EUC-H and no embedded font or ToUnicode, an
  Identity-H font with ToUnicode, one without (garbage), text inside a Form XObject, table cells
  drawn out of order.
- a hand-written scanned (image-only) page, qpdf for encrypted copies, `head` for a
  truncated one.
- Hand-written multi-page documents in UniGB-UCS2-H (issue 8 families 7, 13, 15; issue 9 §8): a
  listed company's annual report whose early 期初余额 | 期末余额 table must not decide the
  balance sheet's columns (dates as column names, a wrapped label, 人民币千元); audit reports with
  an emphasis-of-matter paragraph, an other-matter paragraph, and boilerplate only; a 民非
  业务活动表 with 非限定性 | 限定性 | 合计 sub-columns; two premises proofs in one PDF; a filled
  AcroForm; a `/Filter []` content stream; a 1 KB flate bomb.

The hand-written files need nothing but Python; the office-made ones need soffice,
fonts-wqy-microhei and qpdf and are left as they are when those are missing. Run from the
repository root:
    python3 scripts/make_pdf_fixtures.py
"""

import os
import shutil
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "pdf")

STYLE = """<style>
* { font-family: "WenQuanYi Micro Hei"; font-size: 10pt; }
h1 { font-size: 16pt; text-align: center; }
td { border: 1px solid #000; padding: 2px; }
td.n { text-align: right; }
</style>"""


def html(body):
    return f'<html><head><meta charset="utf-8">{STYLE}</head><body>{body}</body></html>'


def table(rows, numeric_from=1):
    out = ['<table width="100%" cellspacing="0">']
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            cls = ' class="n"' if i >= numeric_from else ""
            cells.append(f"<td{cls}>{cell}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "".join(out)


PAGE_BREAK = '<p style="page-break-before: always"></p>'


def opinion_section(kind, company, year):
    """The opinion paragraphs of CAS 1501/1502 reports."""
    statements = (f"我们审计了{company}（以下简称贵公司）财务报表，包括{year}年12月31日的资产负债表，"
                  f"{year}年度的利润表、现金流量表、所有者权益变动表以及相关财务报表附注。")
    if kind == "standard":
        return (f"<p>一、审计意见</p><p>{statements}</p><p>我们认为，后附的财务报表在所有重大方面按照企业会计准则的规定编制，"
                f"公允反映了贵公司{year}年12月31日的财务状况以及{year}年度的经营成果和现金流量。</p>"
                "<p>二、形成审计意见的基础</p><p>我们按照中国注册会计师审计准则的规定执行了审计工作。如果我们得出结论认为存在重大不确定性，"
                "审计准则要求我们在审计报告中提请报表使用者注意；如果披露不充分，我们应当发表非无保留意见。</p>")
    if kind == "qualified":
        return (f"<p>一、保留意见</p><p>{statements}</p><p>我们认为，除“形成保留意见的基础”部分所述事项产生的影响外，"
                "后附的财务报表在所有重大方面按照企业会计准则的规定编制。</p>"
                "<p>二、形成保留意见的基础</p><p>贵公司未对应收账款计提坏账准备。</p>")
    if kind == "adverse":
        return (f"<p>一、否定意见</p><p>{statements}</p><p>我们认为，由于“形成否定意见的基础”部分所述事项的重要性，"
                "后附的财务报表没有在所有重大方面按照企业会计准则的规定编制。</p>")
    if kind == "disclaimer":
        return (f"<p>一、无法表示意见</p><p>我们接受委托，审计{company}财务报表。我们不对后附的财务报表发表审计意见。"
                "由于“形成无法表示意见的基础”部分所述事项的重要性，我们无法获取充分、适当的审计证据。</p>")
    raise ValueError(kind)


def audit_new_layout(kind, company, year, narrative, assets, liabilities, equity, revenue, profit,
                     unit="元", prev_assets="1,502,000.00"):
    """Current format: 项目 | 附注 | 期末余额 | 上年年末余额; 本期金额 | 上期金额."""
    body = f"<h1>审计报告</h1><p>鲁某会审字[{year + 1}]第0123号</p><p>{company}全体股东：</p>"
    body += opinion_section(kind, company, year)
    if narrative:
        body += f"<p>{narrative}</p>"
    body += "<p>某某会计师事务所（特殊普通合伙）　中国注册会计师：张三</p>"
    body += f"<p>中国·济南　{year + 1}年3月15日</p>"
    body += PAGE_BREAK
    body += f"<h1>资产负债表</h1><p>编制单位：{company}　　{year}年12月31日　　单位：{unit}</p>"
    body += table([
        ["项目", "附注", "期末余额", "上年年末余额"],
        ["流动资产：", "", "", ""],
        ["货币资金", "五、1", "523,456.78", "402,000.00"],
        ["流动资产合计", "", "823,456.78", "702,000.00"],
        ["非流动资产合计", "", "800,000.00", "800,000.00"],
        ["资产总计", "", assets, prev_assets],
        ["流动负债合计", "", liabilities, "480,000.00"],
        ["负债合计", "", liabilities, "480,000.00"],
        ["所有者权益（或股东权益）合计", "", equity, "1,022,000.00"],
        ["负债和所有者权益（或股东权益）总计", "", assets, prev_assets],
    ], numeric_from=1)
    body += PAGE_BREAK
    body += f"<h1>利润表</h1><p>编制单位：{company}　　{year}年度　　单位：{unit}</p>"
    body += table([
        ["项目", "本期金额", "上期金额"],
        ["一、营业收入", revenue, "2,001,000.00"],
        ["减：营业成本", "1,800,000.00", "1,500,000.00"],
        ["二、营业利润（亏损以“－”号填列）", profit, "60,000.00"],
        ["加：营业外收入", "0.00", "5,000.00"],
        ["四、净利润（净亏损以“－”号填列）", profit, "65,000.00"],
    ])
    return html(body)


def audit_old_layout(kind, company, year, unit_line):
    """Old format, 万元, with a 行次 column: 资产 | 行次 | 年初数 | 期末数 | 负债及所有者权益 | 行次 | 年初数 | 期末数."""
    body = f"<h1>审 计 报 告</h1><p>{company}：</p>"
    body += opinion_section(kind, company, year)
    body += PAGE_BREAK
    body += f"<h1>资产负债表</h1><p>{year}年12月31日　　{unit_line}</p>"
    body += table([
        ["资产", "行次", "年初数", "期末数", "负债及所有者权益", "行次", "年初数", "期末数"],
        ["货币资金", "1", "40.20", "52.35", "短期借款", "31", "10.00", "12.00"],
        ["流动资产合计", "10", "80.00", "95.60", "流动负债合计", "40", "20.00", "25.60"],
        ["固定资产", "20", "50.00", "50.00", "负债合计", "50", "20.00", "25.60"],
        ["资产总计", "30", "130.00", "145.60", "所有者权益合计", "60", "110.00", "120.00"],
    ], numeric_from=1)
    body += PAGE_BREAK
    body += f"<h1>利润表</h1><p>{year}年度　　{unit_line}</p>"
    body += table([
        ["项目", "行次", "本月数", "本年累计数"],
        ["一、主营业务收入", "1", "20.00", "230.50"],
        ["三、营业利润", "18", "1.00", "10.00"],
        ["五、净利润", "30", "-0.50", "-3.20"],
    ])
    return html(body)


def audit_nonprofit(kind, org, year):
    """A 民办非企业单位's accounts: 净资产合计, 收入合计, 净资产变动额; opinion given as a disclaimer."""
    body = f"<h1>审计报告</h1><p>{org}理事会：</p>"
    body += opinion_section(kind, org, year)
    body += PAGE_BREAK
    body += f"<h1>资产负债表</h1><p>{year} 年 12 月 31 日　　金额单位：元</p>"
    body += table([
        ["项目", "行次", "年初数", "期末数"],
        ["资 产 总 计", "60", "980,000.00", "1,050,000.00"],
        ["负 债 合 计", "80", "100,000.00", "120,000.00"],
        ["净 资 产 合 计", "100", "880,000.00", "930,000.00"],
    ])
    body += f"<h1>业务活动表</h1><p>{year} 年度　　金额单位：元</p>"
    body += table([
        ["项目", "行次", "本年数", "上年数"],
        ["收入合计", "11", "600,000.00", "550,000.00"],
        ["费用合计", "21", "550,000.00", "520,000.00"],
        ["净资产变动额", "45", "50,000.00", "30,000.00"],
    ])
    return html(body)


def credit_report(company, sections):
    body = "<h1>信用信息报告</h1><p>（信用中国）</p>"
    body += f"<p>主体名称：{company}</p><p>统一社会信用代码：91370102MA3C4XYZ0K</p>"
    body += "<p>本报告包含失信被执行人、重大税收违法失信主体、严重失信主体名单、行政处罚等信息。</p>"
    for heading, content in sections:
        body += f"<p>{heading}</p>{content}"
    return html(body)


def lease():
    body = "<h1>房屋租赁合同</h1>"
    body += "<p>出租方（甲方）：济南某某置业有限公司</p><p>承租方（乙方）：济南某某科技服务有限公司</p>"
    body += "<p>第一条 甲方将位于济南市历下区经十路 1234 号某某大厦 5 层的房屋出租给乙方使用，"
    body += "房屋建筑面积：320.5㎡，套内建筑面积 280 平方米。</p>"
    body += "<p>第二条 租赁期限自2022年1月1日至2024年12月31日。</p>"
    body += "<p>第三条 年租金为人民币 192,300 元。</p>"
    return html(body)


def form_pdf():
    """A 推荐表 exported to PDF (label | value cells), for the form reader's PDF fallback."""
    rows = [
        ["单位名称", "济南某某科技服务有限公司", "统一社会信用代码", "91370102MA3C5E1234"],
        ["单位性质", "企业", "成立时间", "2019 年 4 月 8 日"],
        ["注册地址", "济南市历下区经十路 1234 号", "所属区县", "历下区"],
        ["服务场所面积（平方米）", "320", "协作服务机构数", "6"],
        ["申报服务功能", "技术、培训", "专家库", "有"],
    ]
    body = "<h1>济南市中小企业公共服务示范平台推荐表</h1>" + table(rows, numeric_from=99)
    return html(body)


COMPANY = "济南某某科技服务有限公司"

DOCUMENTS = {
    # Current layout in 元, standard opinion, narrative uppercase figure matching the table.
    "audit_new_layout_yuan_standard": audit_new_layout(
        "standard", COMPANY, 2022,
        "截至2022年12月31日，贵公司资产总额为人民币壹佰陆拾贰万叁仟肆佰伍拾陆元柒角捌分。",
        "1,623,456.78", "523,456.78", "1,100,000.00", "2,345,678.90", "78,000.00"),
    # Narrative says 壹佰陆拾万元整 (1,600,000) but the table says 1,623,456.78: a problem.
    "audit_uppercase_mismatch": audit_new_layout(
        "standard", COMPANY, 2022,
        "截至2022年12月31日，贵公司资产总额为人民币壹佰陆拾万元整。",
        "1,623,456.78", "523,456.78", "1,100,000.00", "2,345,678.90", "78,000.00"),
    # Old layout, 行次 columns, 万元 (145.60万 = 1,456,000 yuan, below 1.5M), qualified opinion,
    # a net loss in 本年累计数 next to 本月数.
    "audit_old_layout_wanyuan_qualified": audit_old_layout("qualified", "济南某某信息咨询有限公司", 2021, "金额单位：万元"),
    # Current layout in 万元 via 单位：人民币万元, adverse opinion.
    "audit_adverse_wanyuan": audit_new_layout(
        "adverse", "济南某某创业服务有限公司", 2022, "",
        "210.50", "80.00", "130.50", "300.00", "-12.30", unit="人民币万元", prev_assets="190.00"),
    # 民非 accounts (净资产合计, 收入合计, 净资产变动额), spaced labels, `2022 年` spacing, disclaimer.
    "audit_nonprofit_disclaimer": audit_nonprofit("disclaimer", "济南市某某中小企业服务中心", 2022),
    "credit_report_clean": credit_report(COMPANY, [
        ("一、失信被执行人（0条）", "<p>未查询到相关信息</p>"),
        ("二、重大税收违法失信主体（0 条）", ""),
        ("三、严重失信主体名单：暂无", ""),
        ("四、行政处罚信息：无", ""),
    ]),
    "credit_report_dishonest": credit_report("济南某某咨询服务有限公司", [
        ("一、失信被执行人（1条）", table([
            ["序号", "案号", "执行法院", "立案时间"],
            ["1", "(2022)鲁0102执1234号", "济南市历下区人民法院", "2022-03-01"],
        ], numeric_from=99)),
        ("二、重大税收违法案件当事人：无", ""),
        ("三、严重违法失信企业名单（0条）", ""),
        ("四、行政处罚", table([
            ["序号", "决定书文号", "处罚机关"],
            ["1", "济历市监罚〔2022〕11号", "济南市历下区市场监督管理局"],
            ["2", "济历市监罚〔2022〕27号", "济南市历下区市场监督管理局"],
        ], numeric_from=99)),
    ]),
    "premises_lease": lease(),
    "form_exported_to_pdf": form_pdf(),
}


def soffice_convert(workdir, name, content):
    src = os.path.join(workdir, name + ".html")
    with open(src, "w", encoding="utf-8") as f:
        f.write(content)
    subprocess.run(
        ["soffice", "--headless", "--infilter=HTML (StarWriter)", "--convert-to", "pdf", "--outdir", workdir, src],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    shutil.copy(os.path.join(workdir, name + ".pdf"), os.path.join(OUT, name + ".pdf"))


# ------------------------------------------------------------------------------------------
# A tiny raw PDF writer.

def write_pdf(path, objects, compress=True):
    """objects: list of bytes (object bodies, 1-based ids in order); a body may be
    ('stream', dict_bytes, data) for a stream. Object 1 must be the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode()
        if isinstance(obj, tuple):
            _, d, data = obj
            if compress:
                data = zlib.compress(data)
                d = d + b" /Filter /FlateDecode"
            out += b"<< " + d + f" /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"
        else:
            out += obj
        out += b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    with open(path, "wb") as f:
        f.write(out)


def hexstr(b):
    return b"<" + b.hex().upper().encode() + b">"


def ucs2(s):
    return hexstr(s.encode("utf-16-be"))


def gbk(s):
    return hexstr(s.encode("gbk"))


def page_objects(content, fonts, xobjects=b""):
    """Catalog, pages, page, content; fonts is the /Font dictionary body."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << "
        + fonts + b" >> " + xobjects + b" >> >>",
        ("stream", b"", content),
    ]


def cid_font(ordering_encoding, first_id):
    """Type0 font + CIDFontType0 descendant (no embedded font: the viewer substitutes one)."""
    return [
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /" + ordering_encoding
        + f" /DescendantFonts [{first_id + 1} 0 R] >>".encode(),
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        b"/FontDescriptor " + f"{first_id + 2} 0 R".encode() + b" /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def predefined_ucs2():
    """A premises certificate in UniGB-UCS2-H, digits in Helvetica (WinAnsi)."""
    lines = [
        (72, 760, 18, "F1", ucs2("不动产权证书")),
        (72, 720, 12, "F1", ucs2("权利人：济南某某科技服务有限公司")),
        (72, 700, 12, "F1", ucs2("坐落：济南市历下区经十路１２３４号")),
        (72, 680, 12, "F1", ucs2("建筑面积：")),
        (132, 680, 12, "F2", b"(200.00)"),
        (168, 680, 12, "F1", ucs2("平方米")),
    ]
    content = b"".join(
        b"BT /" + f.encode() + f" {size} Tf 1 0 0 1 {x} {y} Tm ".encode() + s + b" Tj ET\n"
        for x, y, size, f, s in lines)
    objs = page_objects(content, b"/F1 5 0 R /F2 8 0 R")
    objs += cid_font(b"UniGB-UCS2-H", 5)
    objs.append(HELVETICA)
    write_pdf(os.path.join(OUT, "cmap_unigb_ucs2_premises.pdf"), objs)


def predefined_gbk():
    """A credit report in GBK-EUC-H: one-byte ASCII and two-byte GBK in the same strings, a TJ
    array with kerning, T* line moves."""
    content = b"BT /F1 16 Tf 20 TL 72 770 Td " + gbk("信用报告（信用中国）") + b" Tj T* /F1 12 Tf "
    content += gbk("失信被执行人（0条）") + b" Tj T* "
    content += b"[" + gbk("重大税收违法失信主体") + b" -500 " + gbk("(0条)") + b"] TJ T* "
    content += gbk("严重失信主体名单：无") + b" Tj T* "
    content += gbk("行政处罚 2 条") + b" Tj ET\n"
    objs = page_objects(content, b"/F1 5 0 R")
    objs += cid_font(b"GBK-EUC-H", 5)
    write_pdf(os.path.join(OUT, "cmap_gbk_euc_credit.pdf"), objs)


def tounicode(pairs):
    body = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            f"{len(pairs)} beginbfchar\n")
    for code, ch in pairs:
        body += f"<{code:04X}> <{ch.encode('utf-16-be').hex().upper()}>\n"
    body += "endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n"
    return body.encode()


def identity_font(text_chars, with_tounicode, first_id):
    """Type0 Identity-H / CIDFontType2 whose CIDs are 1, 2, 3 … in order of first use."""
    cids = {}
    for ch in text_chars:
        if ch not in cids:
            cids[ch] = len(cids) + 1
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun /Encoding /Identity-H "
            + f"/DescendantFonts [{first_id + 1} 0 R]".encode())
    if with_tounicode:
        font += f" /ToUnicode {first_id + 2} 0 R".encode()
    font += b" >>"
    objs = [
        font,
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+SimSun "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 "
        b"/W [1 [1000 1000]] /CIDToGIDMap /Identity >>",
    ]
    if with_tounicode:
        objs.append(("stream", b"", tounicode([(cid, ch) for ch, cid in cids.items()])))
    return objs, cids


def encode_cids(s, cids):
    return hexstr(b"".join(cids[ch].to_bytes(2, "big") for ch in s))


def identity_table_out_of_order(with_tounicode, name):
    """A balance sheet row drawn cell by cell in reverse x order, in separate BT blocks, each
    cell a Form XObject or a Tm-positioned string; Identity-H with (or without) ToUnicode."""
    rows = [
        ("资产负债表", None, None, 780),
        ("单位：元", None, None, 760),
        ("项目", "期末余额", "上年年末余额", 740),
        ("资产总计", "1,623,456.78", "1,502,000.00", 720),
        ("负债合计", "523,456.78", "480,000.00", 700),
    ]
    chars = "".join(r[0] for r in rows)
    chars += "".join(r[1] + r[2] for r in rows if r[1] and not r[1][0].isdigit())
    font_objs, cids = identity_font(chars, with_tounicode, 6)
    content = b""
    form = b""
    for label, end, begin, y in rows:
        if end and end[0].isdigit():
            # Numbers in Helvetica, right cell first, then the left one, then the label.
            content += f"BT /F2 10 Tf 1 0 0 1 400 {y} Tm ({begin}) Tj ET\n".encode()
            content += f"BT /F2 10 Tf 1 0 0 1 250 {y + 0.3:.1f} Tm ({end}) Tj ET\n".encode()
        elif end:
            content += b"BT /F1 10 Tf 1 0 0 1 400 " + str(y).encode() + b" Tm " + encode_cids(begin, cids) + b" Tj ET\n"
            content += b"BT /F1 10 Tf 1 0 0 1 250 " + str(y).encode() + b" Tm " + encode_cids(end, cids) + b" Tj ET\n"
        if label == "资产总计":
            # The label lives in a Form XObject placed with a matrix.
            form = b"BT /F1 10 Tf 0 0 Td " + encode_cids(label, cids) + b" Tj ET"
            content += f"q 1 0 0 1 72 {y} cm /Fm1 Do Q\n".encode()
        else:
            content += b"BT /F1 10 Tf 72 " + str(y).encode() + b" Td " + encode_cids(label, cids) + b" Tj ET\n"
    objs = page_objects(content, b"/F1 6 0 R /F2 5 0 R", b"/XObject << /Fm1 9 0 R >>")
    objs.append(HELVETICA)  # 5
    objs += font_objs  # 6, 7, (8)
    if not with_tounicode:
        objs.append(b"null")  # keep ids stable: 8
    objs.append(("stream", b"/Type /XObject /Subtype /Form /BBox [0 0 200 20] "
                 b"/Resources << /Font << /F1 6 0 R >> >>", form))  # 9
    write_pdf(os.path.join(OUT, name), objs)


def scanned():
    """A scanned page: one grey-scale image XObject drawn over the page, no text at all."""
    w, h = 300, 200
    rows = []
    for y in range(h):
        row = bytearray(b"\xff" * w)
        if 20 <= y < 40 or 60 <= y < 75 or 100 <= y < 112:
            for x in range(20, 280 if y < 40 else 200):
                row[x] = 0x20
        rows.append(bytes(row))
    image = b"".join(rows)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
        ("stream", b"", b"q 555 0 0 370 20 450 cm /Im1 Do Q\n"),
        ("stream", f"/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray "
                   "/BitsPerComponent 8".encode(), image),
    ]
    write_pdf(os.path.join(OUT, "scanned_image_only.pdf"), objs)



# ------------------------------------------------------------------------------------------
# Multi-page text documents written by hand (no office suite needed): every character in one
# Type0 font with the predefined CMap UniGB-UCS2-H (as many Chinese producers write), each row
# a list of cells placed at x positions, so tables keep their columns.

def text_pdf(path, pages, extra_objects=None, catalog_extra=b"", annots=None, compress=True):
    """pages: list of pages, a page a list of rows; a row is (y, [(x, text), ...]) or
    (y, [(x, text, size), ...]). extra_objects(first_free_id) -> (objects, page_extras) lets a
    caller add objects (AcroForm fields …); page_extras[i] is appended to page i's dict."""
    font_id = 3
    n_pages = len(pages)
    first_page = font_id + 3
    page_ids = [first_page + 2 * i for i in range(n_pages)]
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [" + b" ".join(f"{i} 0 R".encode() for i in page_ids)
        + f"] /Count {n_pages} >>".encode(),
    ]
    objs += cid_font(b"UniGB-UCS2-H", font_id)
    extras_objs, page_extras = ([], [b""] * n_pages)
    if extra_objects:
        extras_objs, page_extras = extra_objects(first_page + 2 * n_pages, page_ids)
    for i, rows in enumerate(pages):
        content = b""
        for y, cells in rows:
            for cell in cells:
                x, text = cell[0], cell[1]
                size = cell[2] if len(cell) > 2 else 10
                content += f"BT /F1 {size} Tf 1 0 0 1 {x} {y} Tm ".encode() + ucs2(text) + b" Tj ET\n"
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents "
                    + f"{page_ids[i] + 1} 0 R".encode()
                    + b" /Resources << /Font << /F1 3 0 R >> >> " + page_extras[i] + b" >>")
        objs.append(("stream", b"", content))
    objs += extras_objs
    write_pdf(path, objs, compress=compress)


def rows_from(lines, top=800, step=16):
    """Rows placed top-down: a line is a string (one cell at x=60), a list of cells, or
    ("dy", d) to move by d instead of one step."""
    out, y = [], top
    for line in lines:
        if isinstance(line, tuple) and line[0] == "dy":
            y += line[1]
            continue
        cells = [(60, line)] if isinstance(line, str) else line
        out.append((y, cells))
        y -= step
    return out


def row(label, *amounts, xs=(330, 460)):
    return [(60, label)] + [(x, a) for x, a in zip(xs, amounts)]


NARRATIVE = [
    "报告期内，公司围绕年度经营计划，持续推进中小企业公共服务体系建设，服务能力进一步提升。",
    "公司坚持以客户为中心，优化服务流程，加强人才队伍建设，提高服务质量和效率，取得良好成效。",
    "未来公司将继续加大研发投入，拓展服务领域，提升核心竞争力，为股东创造更大价值。",
    "报告期末，公司资产总额为 0.0162 亿元，经营状况良好。",
]


def annual_report_carried_header():
    """A listed company's annual report (issue 8 family 7): an early 主要会计数据 table headed
    期初余额 | 期末余额 (its rows are not the statements' labels), narrative, the auditor's report,
    then 合并资产负债表 headed by dates (`2022年12月31日 | 2022年1月1日`, as the SZSE template
    writes it) with 所有者权益（或股东权益）合计 wrapped over two lines around its amounts,
    母公司资产负债表 headed 期末余额 | 上年年末余额, and 合并利润表 in 人民币千元. Year-end figures:
    assets 1,623,456.78, liabilities 523,456.78, equity 1,100,000.00; prior year 1,402,000.00 /
    380,000.00 / 1,022,000.00; revenue 2,345.68 千元, net profit 78.00 千元."""
    p1 = rows_from([
        [(150, "济南某某股份有限公司 2022 年年度报告", 14)],
        "第二节 公司简介和主要财务指标",
        "一、主要会计数据和财务指标",
        [(60, "单位：元")],
        row("项目", "期初余额", "期末余额"),
        row("总资产", "1,402,000.00", "1,623,456.78"),
        row("归属于上市公司股东的净资产", "1,022,000.00", "1,100,000.00"),
        row("营业总收入（千元）", "2,001.00", "2,345.68"),
        "第三节 管理层讨论与分析",
    ] + NARRATIVE)
    p2 = rows_from([
        [(260, "审计报告", 14)],
        "济南某某股份有限公司全体股东：",
        "一、审计意见",
        "我们审计了济南某某股份有限公司（以下简称贵公司）财务报表，包括2022年12月31日的合并",
        "及母公司资产负债表，2022年度的合并及母公司利润表以及相关财务报表附注。",
        "我们认为，后附的财务报表在所有重大方面按照企业会计准则的规定编制，公允反映了贵公司",
        "2022年12月31日的合并及母公司财务状况以及2022年度的合并及母公司经营成果。",
        "二、形成审计意见的基础",
        "我们按照中国注册会计师审计准则的规定执行了审计工作。",
        "某某会计师事务所（特殊普通合伙） 中国注册会计师：张三",
    ])
    p3 = rows_from([
        [(230, "合并资产负债表", 14)],
        [(60, "编制单位：济南某某股份有限公司"), (250, "2022年12月31日"), (460, "单位：元")],
        [(60, "项目"), (200, "附注"), (330, "2022年12月31日"), (460, "2022年1月1日")],
        row("货币资金", "523,456.78", "402,000.00"),
        row("流动资产合计", "823,456.78", "602,000.00"),
        row("非流动资产合计", "800,000.00", "800,000.00"),
        row("资产总计", "1,623,456.78", "1,402,000.00"),
        row("流动负债合计", "523,456.78", "380,000.00"),
        row("负债合计", "523,456.78", "380,000.00"),
        [(60, "所有者权益（或股东")],
        ("dy", 8),
        row("", "1,100,000.00", "1,022,000.00"),
        ("dy", 8),
        [(60, "权益）合计")],
        row("负债和所有者权益（或股东权益）总计", "1,623,456.78", "1,402,000.00"),
    ])
    p4 = rows_from([
        [(230, "母公司资产负债表", 14)],
        [(60, "编制单位：济南某某股份有限公司"), (250, "2022年12月31日"), (460, "单位：元")],
        [(60, "项目"), (200, "附注"), (330, "期末余额"), (460, "上年年末余额")],
        row("资产总计", "1,500,000.00", "1,300,000.00"),
        row("负债合计", "450,000.00", "350,000.00"),
        row("所有者权益（或股东权益）合计", "1,050,000.00", "950,000.00"),
        [(230, "合并利润表", 14)],
        [(60, "2022年度"), (400, "金额单位：人民币千元")],
        row("项目", "本期发生额", "上期发生额"),
        row("一、营业总收入", "2,345.68", "2,001.00"),
        row("其中：营业收入", "2,345.68", "2,001.00"),
        row("五、净利润（净亏损以“－”号填列）", "78.00", "65.00"),
    ])
    text_pdf(os.path.join(OUT, "annual_report_carried_header.pdf"), [p1, p2, p3, p4])


AUDIT_BASIS = [
    "二、形成审计意见的基础",
    "我们按照中国注册会计师审计准则的规定执行了审计工作。",
]
AUDIT_BOILERPLATE = [
    "四、其他信息",
    "管理层对其他信息负责。其他信息包括年度报告中涵盖的信息，但不包括财务报表和我们的审计报告。",
    "五、注册会计师对财务报表审计的责任",
    "如果我们得出结论认为存在重大不确定性，审计准则要求我们在审计报告中提请报表使用者注意",
    "财务报表中的相关披露；如果披露不充分，我们应当发表非无保留意见。我们与治理层就计划的审计",
    "范围、时间安排和重大审计发现等事项进行沟通，包括沟通我们在审计中识别出的值得关注的内部控制",
    "缺陷。如果合理预期在审计报告中沟通某事项造成的负面后果超过在公众利益方面产生的益处，我们",
    "确定不应在审计报告中沟通该事项。",
]


def audit_with_matter(path, matter):
    """A small-company audit report in 元; `matter` is the list of lines of an emphasis-of-
    matter (or other) section put after the opinion, or [] for boilerplate only."""
    p1 = rows_from([
        [(260, "审计报告", 14)],
        "鲁某会审字[2023]第0456号",
        "济南某某科技服务有限公司全体股东：",
        "一、审计意见",
        "我们审计了济南某某科技服务有限公司（以下简称贵公司）财务报表，包括2022年12月31日的资产",
        "负债表，2022年度的利润表以及相关财务报表附注。",
        "我们认为，后附的财务报表在所有重大方面按照企业会计准则的规定编制，公允反映了贵公司2022年",
        "12月31日的财务状况以及2022年度的经营成果和现金流量。",
    ] + AUDIT_BASIS + matter + AUDIT_BOILERPLATE)
    p2 = rows_from([
        [(250, "资产负债表", 14)],
        [(60, "编制单位：济南某某科技服务有限公司"), (300, "2022年12月31日"), (460, "单位：元")],
        row("项目", "期末余额", "上年年末余额"),
        row("资产总计", "1,623,456.78", "1,502,000.00"),
        row("负债合计", "523,456.78", "480,000.00"),
        row("所有者权益（或股东权益）合计", "1,100,000.00", "1,022,000.00"),
        [(260, "利润表", 14)],
        [(60, "2022年度"), (460, "单位：元")],
        row("项目", "本期金额", "上期金额"),
        row("一、营业收入", "2,345,678.90", "2,001,000.00"),
        row("四、净利润", "78,000.00", "65,000.00"),
        "十二、其他事项",
        "无。",
    ])
    text_pdf(os.path.join(OUT, path), [p1, p2])


def nonprofit_subcolumns():
    """A 民办非企业单位's accounts: 业务活动表 with 非限定性 | 限定性 | 合计 under 本年数 | 上年数
    (a 限定性 cell left blank in one row), balance sheet with a wrapped 净资产合计 label whose
    amounts sit on its first line."""
    p1 = rows_from([
        [(260, "审计报告", 14)],
        "济南市某某中小企业服务中心理事会：",
        "一、审计意见",
        "我们审计了济南市某某中小企业服务中心财务报表，包括2022年12月31日的资产负债表、2022年度的",
        "业务活动表以及相关财务报表附注。我们认为，后附的财务报表在所有重大方面按照民间非营利组织",
        "会计制度的规定编制，公允反映了贵中心2022年12月31日的财务状况以及2022年度的业务活动成果。",
    ])
    xs6 = (230, 290, 350, 410, 470, 530)
    p2 = rows_from([
        [(250, "资产负债表", 14)],
        [(60, "2022 年 12 月 31 日"), (460, "金额单位：元")],
        [(60, "项目"), (200, "行次"), (330, "年初数"), (460, "期末数")],
        [(60, "资产总计"), (200, "60"), (330, "980,000.00"), (460, "1,050,000.00")],
        [(60, "负债合计"), (200, "80"), (330, "100,000.00"), (460, "120,000.00")],
        [(60, "净资产合计（非限定"), (200, "100"), (330, "880,000.00"), (460, "930,000.00")],
        [(60, "性与限定性）")],
        [(250, "业务活动表", 14)],
        [(60, "2022 年度"), (460, "金额单位：元")],
        [(60, "项目"), (200, "行次"), (290, "本年数"), (470, "上年数")],
        [(230, "非限定性"), (290, "限定性"), (350, "合计"), (410, "非限定性"), (470, "限定性"), (530, "合计")],
        [(60, "收入合计"), (200, "11")] + [(x, a) for x, a in zip(xs6, ["500,000.00", "100,000.00", "600,000.00", "450,000.00", "100,000.00", "550,000.00"])],
        [(60, "费用合计"), (200, "21")] + [(x, a) for x, a in zip(xs6, ["550,000.00", "0.00", "550,000.00", "520,000.00", "0.00", "520,000.00"])],
        # 限定性 cells left blank: the 合计 is the one equal to the sum before it.
        [(60, "净资产变动额"), (200, "45"), (230, "-50,000.00"), (350, "-50,000.00"), (410, "-70,000.00"), (530, "-70,000.00")],
    ])
    text_pdf(os.path.join(OUT, "audit_nonprofit_subcolumns.pdf"), [p1, p2])


def premises_two_proofs():
    """One PDF holding two proofs: a 不动产权证书 (坐落 A, 建筑面积 90) and a lease of another
    address (租赁房屋位于 B, 租赁面积 80), plus the lessor's own 地址 (not the premises)."""
    p1 = rows_from([
        [(230, "不动产权证书", 16)],
        "权利人：济南某某科技服务有限公司",
        "坐落：山东省济南市历下区经十路 1234 号 5 层",
        "用途：办公",
        "建筑面积：90.00 平方米",
    ])
    p2 = rows_from([
        [(230, "房屋租赁合同", 16)],
        "出租方（甲方）：济南某某置业有限公司 地址：济南市市中区英雄山路 88 号",
        "承租方（乙方）：济南某某科技服务有限公司",
        "第一条 租赁房屋位于济南市历下区山大路 201 号 3 层的房屋，",
        "租赁面积 80 平方米，用途为办公。",
    ])
    text_pdf(os.path.join(OUT, "premises_two_proofs.pdf"), [p1, p2])


def utf16_text(s):
    return b"<FEFF" + s.encode("utf-16-be").hex().upper().encode() + b">"


def acroform_filled():
    """A 推荐表 exported as a fillable PDF: the labels are page text, the values live only in
    AcroForm text fields (/V); one field has an appearance stream, the others rely on
    NeedAppearances; a check box (/V /Yes) stands before 有 and an unticked one before 无; a
    read-only field shows its value only through its appearance stream; one field has no
    widget on any page."""
    labels = [
        (760, "单位名称", "name", "济南某某科技服务有限公司"),
        (740, "统一社会信用代码", "code", "91370102MA3C5E1234"),
        (720, "成立时间", "established", "2019年4月8日"),
        (700, "服务场所面积（平方米）", "area", "320"),
        (680, "协作服务机构数", "partners", "6"),
    ]
    page = [(800, [(150, "济南市中小企业公共服务示范平台推荐表", 14)])]
    for y, label, _, _ in labels:
        page.append((y, [(60, label)]))
    page.append((660, [(60, "专家库"), (262, "有"), (312, "无")]))
    page.append((640, [(60, "所属区县")]))

    def extra(first, page_ids):
        objs, kids = [], []
        ap_id = None
        for k, (y, _, name, value) in enumerate(labels):
            fid = first + len(objs)
            kids.append(fid)
            rect = f"[250 {y - 4} 520 {y + 12}]".encode()
            entry = (b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (" + name.encode() + b") /V "
                     + utf16_text(value) + b" /Rect " + rect + f" /P {page_ids[0]} 0 R".encode()
                     + b" /DA (/F1 10 Tf 0 g) /F 4")
            if k == 0:
                ap_id = fid + 1
                entry += f" /AP << /N {ap_id} 0 R >>".encode()
            entry += b" >>"
            objs.append(entry)
            if k == 0:
                ap = b"/Tx BMC BT /F1 10 Tf 2 4 Td " + ucs2(value) + b" Tj ET EMC"
                objs.append(("stream", b"/Type /XObject /Subtype /Form /BBox [0 0 270 16] "
                             b"/Resources << /Font << /F1 3 0 R >> >>", ap))
        for name, state, x in (("expert_yes", b"/Yes", 250), ("expert_no", b"/Off", 300)):
            fid = first + len(objs)
            kids.append(fid)
            objs.append(b"<< /Type /Annot /Subtype /Widget /FT /Btn /T (" + name.encode() + b") /V "
                        + state + b" /AS " + state + f" /Rect [{x} 656 {x + 10} 668] /P {page_ids[0]} 0 R /F 4 >>".encode())
        # A read-only field shown only by its appearance stream (no /V).
        fid = first + len(objs)
        kids.append(fid)
        objs.append(b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (district) /Ff 1 /Rect [250 636 520 652] "
                    + f"/P {page_ids[0]} 0 R /F 4 /AP << /N {fid + 1} 0 R >> >>".encode())
        objs.append(("stream", b"/Type /XObject /Subtype /Form /BBox [0 0 270 16] "
                     b"/Resources << /Font << /F1 3 0 R >> >>",
                     b"/Tx BMC BT /F1 10 Tf 2 4 Td " + ucs2("历下区") + b" Tj ET EMC"))
        # A field no page shows (no widget in any /Annots): read as `name: value`.
        fid = first + len(objs)
        orphan = fid
        objs.append(b"<< /FT /Tx /T (hotline) /TU " + utf16_text("服务热线") + b" /V (0531-88888888) >>")
        acro = first + len(objs)
        objs.append(b"<< /Fields [" + b" ".join(f"{k} 0 R".encode() for k in kids + [orphan])
                    + b"] /NeedAppearances true /DA (/F1 10 Tf 0 g) /DR << /Font << /F1 3 0 R >> >> >>")
        annots = b"/Annots [" + b" ".join(f"{k} 0 R".encode() for k in kids) + b"]"
        return objs, [annots]

    # The catalog points at the AcroForm object: after the page (6, 7), five text widgets and
    # one appearance (8–13), two check boxes (14, 15), the appearance-only field and its
    # stream (16, 17) and the orphan field (18).
    text_pdf(os.path.join(OUT, "acroform_filled.pdf"), [page], extra_objects=extra,
             catalog_extra=b"/AcroForm 19 0 R")


def filter_empty_array():
    """A content stream with `/Filter []` (an empty filter list: the data is not encoded)."""
    content = b"BT /F1 12 Tf 1 0 0 1 72 760 Tm " + ucs2("房屋租赁合同") + b" Tj ET\n"
    content += b"BT /F1 12 Tf 1 0 0 1 72 740 Tm " + ucs2("房屋建筑面积：320.5平方米") + b" Tj ET\n"
    objs = page_objects(b"", b"/F1 5 0 R")
    objs[3] = ("stream", b"/Filter []", content)
    objs += cid_font(b"UniGB-UCS2-H", 5)
    write_pdf(os.path.join(OUT, "filter_empty_array.pdf"), objs, compress=False)


def flate_bomb():
    """A page whose content inflates past the reader's 64 MiB limit: 80 MiB of spaces deflated
    twice (`/Filter [/FlateDecode /FlateDecode]`), about 1 KB on disk."""
    inner = zlib.compress(b" " * (80 * 1024 * 1024), 9)
    outer = zlib.compress(inner, 9)
    objs = page_objects(b"", b"/F1 5 0 R")
    objs[3] = ("stream", b"/Filter [/FlateDecode /FlateDecode]", outer)
    objs += cid_font(b"UniGB-UCS2-H", 5)
    write_pdf(os.path.join(OUT, "flate_bomb.pdf"), objs, compress=False)


def hand_written():
    """The fixtures that need no office suite."""
    scanned()
    predefined_ucs2()
    predefined_gbk()
    identity_table_out_of_order(True, "identity_h_table_out_of_order.pdf")
    identity_table_out_of_order(False, "identity_h_no_tounicode.pdf")
    annual_report_carried_header()
    audit_with_matter("audit_emphasis_of_matter.pdf", [
        "三、强调事项",
        "我们提醒财务报表使用者关注，如财务报表附注二所述，贵公司2022年度发生净亏损，且流动负债",
        "高于流动资产。本段内容不影响已发表的审计意见。",
    ])
    audit_with_matter("audit_other_matter.pdf", [
        "三、其他事项",
        "贵公司2021年度财务报表由其他会计师事务所审计，并于2022年3月1日发表了无保留意见。",
    ])
    audit_with_matter("audit_boilerplate_only.pdf", [])
    nonprofit_subcolumns()
    premises_two_proofs()
    acroform_filled()
    filter_empty_array()
    flate_bomb()

def main():
    os.makedirs(OUT, exist_ok=True)
    hand_written()
    if all(shutil.which(tool) for tool in ("soffice", "qpdf")):
        office()
    else:
        print("soffice or qpdf not found: office-made fixtures left as they are", file=sys.stderr)
    for name in sorted(os.listdir(OUT)):
        print(f"{os.path.getsize(os.path.join(OUT, name)):8d}  {name}")


def office():
    """The fixtures made with LibreOffice and qpdf."""
    with tempfile.TemporaryDirectory() as workdir:
        for name, content in DOCUMENTS.items():
            soffice_convert(workdir, name, content)
    src = os.path.join(OUT, "credit_report_clean.pdf")
    subprocess.run(["qpdf", "--encrypt", "user", "owner", "256", "--", src,
                    os.path.join(OUT, "encrypted_user_password.pdf")], check=True)
    subprocess.run(["qpdf", "--encrypt", "", "owner", "256", "--extract=n", "--", os.path.join(OUT, "premises_lease.pdf"),
                    os.path.join(OUT, "encrypted_owner_only_premises.pdf")], check=True)
    with open(os.path.join(OUT, "audit_new_layout_yuan_standard.pdf"), "rb") as f:
        data = f.read()
    # Cut in the middle of the embedded fonts: nothing to recover.
    with open(os.path.join(OUT, "truncated_unrecoverable.pdf"), "wb") as f:
        f.write(data[: len(data) * 2 // 3])
    # Cut just before the page tree and catalog (LibreOffice writes them last): the pages survive.
    with open(os.path.join(OUT, "truncated_before_page_tree.pdf"), "wb") as f:
        f.write(data[: data.rindex(b"/Type/Pages") - 12])


if __name__ == "__main__":
    main()
