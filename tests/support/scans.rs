//! Scan fixtures like real scans, and their text-layer twins (issue 10, item 8).
//!
//! From one set of figures (`Entity`) this module lays out documents as `Page`s of text lines
//! (tests/support/pdf_pages.rs, the layout examples/gen_round.rs writes) and renders them twice:
//! as the text-layer twin PDF, and as a scan — the same lines drawn into an image with
//! `ab_glyph` and the vendored subset Noto CJK SC fonts (tests/fixtures/fonts, OFL), then
//! degraded the way real submissions are: 150/200/300 dpi, skew up to ±3°, JPEG quality 60–80,
//! sensor noise, a red round 公章 (ring, star, text; semi-transparent, multiplied) over the key
//! figures, pages turned 90/180/270° in the pixels or by a PDF `/Rotate`, phone photos
//! (perspective, uneven light, slight blur) and illegible pages (72 dpi, heavy blur). A scanned
//! PDF holds one DCTDecode JPEG per page (written with lopdf); some cases are bare .jpg/.png.
//! `manifest.csv` records every page's figures with their true values and its degradations.
//!
//! The root of the `scan-fixtures` crate (tests/scan-fixtures/Cargo.toml), a dev-dependency
//! built optimised like the other dependencies, so that rendering is fast in test builds.
//! Users: `examples/gen_scans.rs` (the fixture set), `examples/gen_round.rs --scanned` (rounds
//! with scanned audit/credit/premises PDFs), and tests (tests/scan_fixtures.rs,
//! tests/ocr_e2e.rs). Same seed, same bytes. Every character drawn must be in the subset fonts:
//! a missing glyph is an error naming the character (rerun scripts/make_font_subset.sh).
#![allow(dead_code)]

#[path = "pdf_pages.rs"]
pub mod pdf_pages;

use std::fmt::Write as _;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};
use image::{GrayImage, ImageEncoder, Rgb, RgbImage};
use lopdf::{Document, Object, Stream, dictionary};

use pdf_pages::{A4, A4_LANDSCAPE, LEFT, Page, Pages, amount, pdf_bytes_sized};

// ---------------------------------------------------------------------------------------------
// Fonts

static SERIF: &[u8] = include_bytes!("../fixtures/fonts/NotoSerifCJKsc-Regular-subset.otf");
static SANS: &[u8] = include_bytes!("../fixtures/fonts/NotoSansCJKsc-Regular-subset.otf");

/// The two vendored faces: serif (宋体-like body text) and sans (headings, seals).
pub struct Fonts {
    pub serif: FontRef<'static>,
    pub sans: FontRef<'static>,
}

impl Fonts {
    pub fn load() -> Result<Fonts, String> {
        let serif = FontRef::try_from_slice(SERIF).map_err(|e| format!("serif font: {e}"))?;
        let sans = FontRef::try_from_slice(SANS).map_err(|e| format!("sans font: {e}"))?;
        Ok(Fonts { serif, sans })
    }
}

/// The glyph of `c`, or an error naming the character missing from the subset font.
fn glyph(font: &FontRef, c: char) -> Result<GlyphId, String> {
    let id = font.glyph_id(c);
    if id.0 == 0 && !c.is_whitespace() {
        return Err(format!(
            "字符 '{c}' (U+{:04X}) 不在子集字体中 / character '{c}' (U+{:04X}) is missing from the \
             subset font: add it to the generator's sources and rerun scripts/make_font_subset.sh",
            c as u32, c as u32
        ));
    }
    Ok(id)
}

/// Characters of `text` missing from both subset fonts.
pub fn missing_glyphs(fonts: &Fonts, text: &str) -> Vec<char> {
    let mut out: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .filter(|&c| fonts.serif.glyph_id(c).0 == 0 || fonts.sans.glyph_id(c).0 == 0)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness (splitmix64, as in gen_round)

#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64, stream: u64) -> Rng {
        let mix = |x: u64| Rng(x).next_u64();
        Rng(mix(mix(seed) ^ stream))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + (self.next_u64() % (hi - lo + 1) as u64) as i64
    }
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next_u64() % items.len() as u64) as usize]
    }
}

// ---------------------------------------------------------------------------------------------
// Figures

const TRADE_NAMES: [&str; 16] = [
    "华创", "鲁科", "泉城", "齐鲁", "博远", "汇智", "明湖", "泰和", "金桥", "海右", "舜耕", "鹊华",
    "鼎信", "恒通", "瑞丰", "信达",
];
const INDUSTRIES: [&str; 6] = [
    "科技",
    "信息技术",
    "企业管理咨询",
    "检验检测",
    "软件",
    "工业设计",
];
const ROADS: [&str; 8] = [
    "经十路",
    "工业南路",
    "舜华路",
    "解放路",
    "泉城路",
    "历山路",
    "新泺大街",
    "旅游路",
];
const DISTRICTS: [&str; 6] = ["历下区", "市中区", "槐荫区", "天桥区", "历城区", "高新区"];
const NAMES: [&str; 10] = [
    "王伟", "李娜", "张敏", "刘强", "陈静", "杨磊", "赵军", "黄涛", "周明", "吴霞",
];

/// Credit-code alphabet (GB 32100-2015): no I, O, Z, S, V.
pub const CODE_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const CODE_WEIGHTS: [usize; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// The check character of a credit code's first 17 characters (GB 32100-2015).
pub fn credit_check_char(first17: &str) -> char {
    let sum: usize = first17
        .bytes()
        .zip(CODE_WEIGHTS)
        .map(|(b, w)| CODE_ALPHABET.iter().position(|&a| a == b).unwrap_or(0) * w)
        .sum();
    CODE_ALPHABET[(31 - sum % 31) % 31] as char
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Org {
    Enterprise,
    Institution,
    NonProfit,
}

/// Year-end accounts, in cents.
#[derive(Debug, Clone, Copy)]
pub struct Accounts {
    pub assets: i64,
    pub liabilities: i64,
    pub revenue: i64,
    pub profit: i64,
}

/// The figures of one applicant, which every document of a case is drawn from.
#[derive(Debug, Clone)]
pub struct Entity {
    pub org: Org,
    pub unit_name: String,
    pub credit_code: String,
    pub address: String,
    pub legal_rep: String,
    pub firm: String,
    /// Floor area, m² × 100.
    pub area_centi: i64,
    pub year_end: Accounts,
    pub prior: Accounts,
    pub in_wan: bool,
    pub qualified: bool,
    /// 失信被执行人, 重大税收违法失信主体, 严重失信主体名单, 行政处罚.
    pub counts: [u32; 4],
}

impl Entity {
    pub fn new(rng: &mut Rng, org: Org) -> Entity {
        let trade = rng.pick(&TRADE_NAMES);
        let industry = rng.pick(&INDUSTRIES);
        let unit_name = match org {
            Org::Enterprise => format!("济南{trade}{industry}有限公司"),
            Org::Institution => format!("济南市{trade}{industry}研究院"),
            Org::NonProfit => format!("济南{trade}中小企业服务中心"),
        };
        let prefix = match org {
            Org::Enterprise => "91",
            Org::Institution => "12",
            Org::NonProfit => "52",
        };
        let mut code = format!("{prefix}3701{:02}", rng.pick(&[2, 3, 4, 5, 12, 71]));
        for _ in 0..9 {
            let c = if rng.chance(0.8) {
                CODE_ALPHABET[rng.range(0, 9) as usize]
            } else {
                CODE_ALPHABET[rng.range(10, 30) as usize]
            };
            code.push(c as char);
        }
        let check = credit_check_char(&code);
        code.push(check);
        let district = rng.pick(&DISTRICTS);
        let address = format!(
            "济南市{district}{}{}号{}号楼{}室",
            rng.pick(&ROADS),
            rng.range(1, 3000),
            rng.range(1, 12),
            rng.range(101, 2208)
        );
        let assets = (rng.between(13.9, 17.5).exp() * 100.0).round() as i64;
        let liabilities = (assets as f64 * rng.between(0.15, 0.7)) as i64;
        let revenue = (assets as f64 * rng.between(0.3, 1.5)) as i64;
        let profit = (revenue as f64 * rng.between(-0.05, 0.12)) as i64;
        let year_end = Accounts {
            assets,
            liabilities,
            revenue,
            profit,
        };
        let prior = Accounts {
            assets: (assets as f64 * rng.between(0.78, 1.05)) as i64,
            liabilities: (liabilities as f64 * rng.between(0.8, 1.1)) as i64,
            revenue: (revenue as f64 * rng.between(0.75, 1.05)) as i64,
            profit: (profit.abs() as f64 * rng.between(0.5, 1.2)) as i64,
        };
        let mut counts = [0u32; 4];
        for c in &mut counts {
            if rng.chance(0.3) {
                *c = rng.range(1, 2) as u32;
            }
        }
        Entity {
            org,
            unit_name,
            credit_code: code,
            address,
            legal_rep: rng.pick(&NAMES).to_string(),
            firm: format!("山东{}会计师事务所有限公司", rng.pick(&TRADE_NAMES)),
            area_centi: (rng.between(5.1, 7.8).exp() * 100.0).round() as i64,
            year_end,
            prior,
            in_wan: rng.chance(0.2),
            qualified: rng.chance(0.2),
            counts,
        }
    }
}

/// Cents as a yuan decimal (`1623456.78`); the value the extractors should return.
fn yuan(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{:02}",
        cents.unsigned_abs() / 100,
        cents.unsigned_abs() % 100
    )
}

/// The yuan value of an amount as printed (in 万元 it is rounded to the fen of 万元).
fn printed_value(cents: i64, in_wan: bool) -> String {
    if in_wan {
        yuan((cents as f64 / 10_000.0).round() as i64 * 10_000)
    } else {
        yuan(cents)
    }
}

// ---------------------------------------------------------------------------------------------
// Documents

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Opinion page, balance sheet (two-sided on a landscape page, or the old 年初数 | 期末数
    /// layout), income statement.
    Audit {
        two_sided: bool,
        old_layout: bool,
    },
    Credit,
    Lease,
    /// 不动产权证书 (房产证).
    Deed,
    /// 营业执照.
    BusinessLicence,
    /// 事业单位法人证书 / 民办非企业单位登记证书.
    LegalPersonCert,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Audit {
                two_sided: true, ..
            } => "audit-two-sided",
            Kind::Audit {
                old_layout: true, ..
            } => "audit-old-layout",
            Kind::Audit { .. } => "audit",
            Kind::Credit => "credit",
            Kind::Lease => "lease",
            Kind::Deed => "deed",
            Kind::BusinessLicence => "business-licence",
            Kind::LegalPersonCert => "legal-person-cert",
        }
    }
}

/// A figure written on a page: its name (the extractor's field), the value the extractor must
/// return, and the text as printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub page: u32,
    pub name: &'static str,
    pub value: String,
    pub printed: String,
}

/// A document laid out: pages, their sizes, the figures, and per page the label whose figure a
/// seal covers when the page is stamped.
#[derive(Debug, Clone)]
pub struct Doc {
    pub kind: Kind,
    pub pages: Vec<Page>,
    pub sizes: Vec<(i64, i64)>,
    pub figures: Vec<Figure>,
    pub stamp_labels: Vec<&'static str>,
    /// The text around the seal (issuer).
    pub seal_text: String,
}

impl Doc {
    /// The text-layer twin, written as gen_round writes PDFs.
    pub fn twin_pdf(&self) -> Vec<u8> {
        pdf_bytes_sized(&self.pages, &self.sizes)
    }
    /// All text the document draws (for the font-coverage check).
    pub fn text(&self) -> String {
        let mut s = self.seal_text.clone();
        for line in self.pages.iter().flatten() {
            for (_, _, t) in &line.cells {
                s.push_str(t);
            }
        }
        s
    }
}

fn fig(page: u32, name: &'static str, value: String, printed: String) -> Figure {
    Figure {
        page,
        name,
        value,
        printed,
    }
}

/// `(label, year end, prior)` rows of the assets side and the liabilities-and-equity side.
/// Statement rows: `(label, year end, prior)` in cents.
type Rows = Vec<(&'static str, i64, i64)>;

fn balance_sides(e: &Entity) -> (Rows, Rows) {
    let split = |total: i64, shares: &[i64]| -> Vec<i64> {
        let mut parts: Vec<i64> = shares.iter().map(|s| total * s / 100).collect();
        let rest = total - parts.iter().sum::<i64>();
        if let Some(last) = parts.last_mut() {
            *last += rest;
        }
        parts
    };
    let (a, b) = (e.year_end, e.prior);
    let (ea, eb) = (a.assets - a.liabilities, b.assets - b.liabilities);
    let ca = split(a.assets, &[30, 20, 10, 25, 15]);
    let cb = split(b.assets, &[30, 20, 10, 25, 15]);
    let la = split(a.liabilities, &[30, 50, 20]);
    let lb = split(b.liabilities, &[30, 50, 20]);
    let qa = split(ea, &[80, 20]);
    let qb = split(eb, &[80, 20]);
    let ne = e.org != Org::Enterprise;
    let assets = vec![
        ("货币资金", ca[0], cb[0]),
        ("应收账款", ca[1], cb[1]),
        ("其他应收款", ca[2], cb[2]),
        ("流动资产合计", ca[0] + ca[1] + ca[2], cb[0] + cb[1] + cb[2]),
        ("固定资产", ca[3], cb[3]),
        ("无形资产", ca[4], cb[4]),
        ("非流动资产合计", ca[3] + ca[4], cb[3] + cb[4]),
        ("资产总计", a.assets, b.assets),
    ];
    let equity = vec![
        ("短期借款", la[0], lb[0]),
        ("应付账款", la[1], lb[1]),
        ("应付职工薪酬", la[2], lb[2]),
        ("负债合计", a.liabilities, b.liabilities),
        (
            if ne {
                "非限定性净资产"
            } else {
                "实收资本"
            },
            qa[0],
            qb[0],
        ),
        (
            if ne {
                "限定性净资产"
            } else {
                "未分配利润"
            },
            qa[1],
            qb[1],
        ),
        (
            if ne {
                "净资产合计"
            } else {
                "所有者权益（或股东权益）合计"
            },
            ea,
            eb,
        ),
        (
            if ne {
                "负债和净资产总计"
            } else {
                "负债和所有者权益（或股东权益）总计"
            },
            a.assets,
            b.assets,
        ),
    ];
    (assets, equity)
}

/// The balance-sheet figure names of a label.
fn balance_figure(label: &str) -> Option<&'static str> {
    Some(match label {
        "资产总计" => "total_assets",
        "负债合计" => "total_liabilities",
        "净资产合计" | "所有者权益（或股东权益）合计" => "net_assets",
        "负债和净资产总计" | "负债和所有者权益（或股东权益）总计" => {
            "liabilities_and_equity"
        }
        _ => return None,
    })
}

pub fn audit_doc(e: &Entity, rng: &mut Rng, two_sided: bool, old_layout: bool) -> Doc {
    let wan = e.in_wan;
    let mut figures = Vec::new();
    // Page 1: the opinion.
    let mut p = Pages::new();
    p.centered(18.0, "审 计 报 告");
    p.centered(
        10.5,
        &format!(
            "鲁{}审字〔2023〕第{:04}号",
            e.firm.chars().skip(2).take(2).collect::<String>(),
            rng.range(1, 3000)
        ),
    );
    p.gap();
    p.text(10.5, format!("{}：", e.unit_name));
    p.text(10.5, "一、审计意见");
    p.para(&format!(
        "我们审计了{}财务报表，包括2022年12月31日的资产负债表，2022年度的利润表、现金流量表以及相关财务报表附注。",
        e.unit_name
    ));
    if e.qualified {
        p.para("我们认为，除“形成保留意见的基础”部分所述事项可能产生的影响外，后附的财务报表在所有重大方面按照企业会计准则的规定编制，公允反映了2022年12月31日的财务状况以及2022年度的经营成果。");
        p.text(10.5, "二、形成保留意见的基础");
        p.para("我们未能就应收账款的可收回性获取充分、适当的审计证据，因此无法确定是否有必要对相关金额作出调整。");
    } else {
        p.para("我们认为，后附的财务报表在所有重大方面按照企业会计准则的规定编制，公允反映了2022年12月31日的财务状况以及2022年度的经营成果和现金流量。");
        p.text(10.5, "本报告为标准无保留意见审计报告。");
    }
    p.gap();
    p.cells(
        10.5,
        vec![
            (LEFT, false, e.firm.clone()),
            (
                380.0,
                false,
                format!("中国注册会计师：{}", rng.pick(&NAMES)),
            ),
        ],
    );
    p.cells(
        10.5,
        vec![
            (LEFT, false, "中国·济南".into()),
            (380.0, false, "二〇二三年三月十五日".into()),
        ],
    );
    let opinion = if e.qualified { "qualified" } else { "standard" };
    figures.push(fig(
        1,
        "opinion",
        opinion.into(),
        if e.qualified {
            "保留意见".into()
        } else {
            "标准无保留意见".into()
        },
    ));
    let mut pages = p.pages;
    let mut sizes = vec![A4];
    let unit = if wan {
        "金额单位：万元"
    } else {
        "单位：元"
    };
    let (assets, equity) = balance_sides(e);

    // Page 2: the balance sheet.
    if two_sided {
        let mut b = Pages::landscape();
        b.centered(14.0, "资产负债表");
        b.cells(
            9.0,
            vec![
                (40.0, false, format!("编制单位：{}", e.unit_name)),
                (420.0, false, "2022年12月31日".into()),
                (700.0, false, unit.into()),
            ],
        );
        let cols = [(40.0, 290.0, 400.0), (430.0, 690.0, 800.0)];
        b.cells(
            10.0,
            vec![
                (cols[0].0, false, "资产".into()),
                (cols[0].1, true, "期末余额".into()),
                (cols[0].2, true, "上年年末余额".into()),
                (cols[1].0, false, "负债和所有者权益".into()),
                (cols[1].1, true, "期末余额".into()),
                (cols[1].2, true, "上年年末余额".into()),
            ],
        );
        for (l, r) in assets.iter().zip(equity.iter()) {
            let mut cells = Vec::new();
            for (side, (label, now, before)) in [l, r].into_iter().enumerate() {
                cells.push((cols[side].0, false, label.to_string()));
                cells.push((cols[side].1, true, amount(*now, wan)));
                cells.push((cols[side].2, true, amount(*before, wan)));
                if let Some(name) = balance_figure(label) {
                    figures.push(fig(2, name, printed_value(*now, wan), amount(*now, wan)));
                }
            }
            b.cells(10.0, cells);
        }
        pages.extend(b.pages);
        sizes.push(A4_LANDSCAPE);
    } else {
        let mut b = Pages::new();
        b.centered(14.0, "资产负债表");
        b.cells(
            9.0,
            vec![
                (LEFT, false, format!("编制单位：{}", e.unit_name)),
                (330.0, false, "2022年12月31日".into()),
                (470.0, false, unit.into()),
            ],
        );
        let (c1, c2) = (400.0, 530.0);
        if old_layout {
            b.cells(
                10.0,
                vec![
                    (LEFT, false, "项目".into()),
                    (260.0, false, "行次".into()),
                    (c1, true, "年初数".into()),
                    (c2, true, "期末数".into()),
                ],
            );
        } else {
            b.cells(
                10.0,
                vec![
                    (LEFT, false, "项目".into()),
                    (c1, true, "期末余额".into()),
                    (c2, true, "上年年末余额".into()),
                ],
            );
        }
        for (k, (label, now, before)) in assets.iter().chain(equity.iter()).enumerate() {
            let mut cells = vec![(LEFT, false, label.to_string())];
            if old_layout {
                cells.push((260.0, false, (k + 1).to_string()));
                cells.push((c1, true, amount(*before, wan)));
                cells.push((c2, true, amount(*now, wan)));
            } else {
                cells.push((c1, true, amount(*now, wan)));
                cells.push((c2, true, amount(*before, wan)));
            }
            if let Some(name) = balance_figure(label) {
                figures.push(fig(2, name, printed_value(*now, wan), amount(*now, wan)));
            }
            b.cells(10.0, cells);
        }
        pages.extend(b.pages);
        sizes.push(A4);
    }

    // Page 3: the income statement.
    let ne = e.org != Org::Enterprise;
    let mut s = Pages::new();
    s.centered(14.0, if ne { "业务活动表" } else { "利润表" });
    s.cells(
        9.0,
        vec![
            (LEFT, false, format!("编制单位：{}", e.unit_name)),
            (330.0, false, "2022年度".into()),
            (470.0, false, unit.into()),
        ],
    );
    let (c1, c2) = (400.0, 530.0);
    s.cells(
        10.0,
        vec![
            (LEFT, false, "项目".into()),
            (c1, true, "本期金额".into()),
            (c2, true, "上期金额".into()),
        ],
    );
    let (a, b) = (e.year_end, e.prior);
    let cost = |x: &Accounts| x.revenue - x.profit - x.revenue / 20;
    let lines: Vec<(&str, i64, i64)> = vec![
        (
            if ne {
                "一、业务收入"
            } else {
                "一、营业收入"
            },
            a.revenue,
            b.revenue,
        ),
        ("减：营业成本", cost(&a), cost(&b)),
        ("税金及附加", a.revenue / 50, b.revenue / 50),
        (
            "二、营业利润",
            a.profit + a.revenue / 20 - a.revenue / 50,
            b.profit + b.revenue / 20 - b.revenue / 50,
        ),
        // As gen_round's statement (and real ones) print it: the line net profit is checked
        // against (利润总额 − 所得税费用) when it is read by OCR.
        (
            "三、利润总额",
            a.profit + a.revenue / 20 - a.revenue / 50,
            b.profit + b.revenue / 20 - b.revenue / 50,
        ),
        (
            "减：所得税费用",
            a.revenue / 20 - a.revenue / 50,
            b.revenue / 20 - b.revenue / 50,
        ),
        (
            if ne {
                "四、本年盈余"
            } else {
                "四、净利润"
            },
            a.profit,
            b.profit,
        ),
    ];
    for (label, now, before) in lines {
        if label.ends_with("收入") {
            figures.push(fig(3, "revenue", printed_value(now, wan), amount(now, wan)));
        }
        if label.ends_with("净利润") || label.ends_with("盈余") {
            figures.push(fig(
                3,
                "net_profit",
                printed_value(now, wan),
                amount(now, wan),
            ));
        }
        s.cells(
            10.0,
            vec![
                (LEFT, false, label.into()),
                (c1, true, amount(now, wan)),
                (c2, true, amount(before, wan)),
            ],
        );
    }
    pages.extend(s.pages);
    sizes.push(A4);
    Doc {
        kind: Kind::Audit {
            two_sided,
            old_layout,
        },
        pages,
        sizes,
        figures,
        stamp_labels: vec!["中国注册会计师", "资产总计", "净利润"],
        seal_text: e.firm.clone(),
    }
}

const CREDIT_CATEGORIES: [(&str, &str); 4] = [
    ("失信被执行人", "dishonest_executed"),
    ("重大税收违法失信主体", "major_tax_violations"),
    ("严重失信主体名单", "serious_dishonest"),
    ("行政处罚", "admin_penalties"),
];

pub fn credit_doc(e: &Entity, rng: &mut Rng) -> Doc {
    let mut p = Pages::new();
    let mut figures = Vec::new();
    p.centered(18.0, "信用报告");
    p.centered(10.5, "（无违法违规证明版）");
    p.text(
        10.5,
        format!("报告编号：XYBG2023{:010}", rng.range(0, 9_999_999_999)),
    );
    p.text(10.5, format!("主体名称：{}", e.unit_name));
    p.text(10.5, format!("统一社会信用代码：{}", e.credit_code));
    p.text(10.5, "报告生成时间：2023年03月10日");
    p.text(10.5, "数据来源：信用中国（山东济南）");
    p.gap();
    p.text(12.0, "一、严重失信主体名单信息");
    for (k, (label, name)) in CREDIT_CATEGORIES.iter().enumerate() {
        if k == 3 {
            p.text(12.0, "二、行政管理信息");
        }
        let n = e.counts[k];
        let printed = if n == 0 && rng.chance(0.3) {
            "：暂无".to_string()
        } else {
            format!("（{n}条）")
        };
        p.text(10.5, format!("{label}{printed}"));
        figures.push(fig(1, name, n.to_string(), format!("{label}{printed}")));
        let heads: [&str; 3] = match k {
            0 => ["案号", "执行法院", "立案时间"],
            1 => ["案件性质", "检查机关", "公布日期"],
            2 => ["列入事由", "列入机关", "列入日期"],
            _ => ["决定文书号", "处罚机关", "处罚日期"],
        };
        if n > 0 {
            p.cells(
                9.0,
                vec![
                    (LEFT, false, heads[0].into()),
                    (250.0, false, heads[1].into()),
                    (450.0, false, heads[2].into()),
                ],
            );
        }
        for i in 0..n {
            let (a, b) = match k {
                0 => (
                    format!("（2022）鲁0102执{}号", rng.range(100, 9999)),
                    "济南市历下区人民法院".to_string(),
                ),
                1 => (
                    "虚开增值税专用发票".to_string(),
                    "国家税务总局济南市税务局稽查局".to_string(),
                ),
                2 => (
                    "拒不履行法定义务".to_string(),
                    "济南市市场监督管理局".to_string(),
                ),
                _ => (
                    format!("济市监处罚〔2022〕{}号", rng.range(10, 999)),
                    "济南市市场监督管理局".to_string(),
                ),
            };
            p.cells(
                9.0,
                vec![
                    (LEFT, false, a),
                    (250.0, false, b),
                    (
                        450.0,
                        false,
                        format!("2022-0{}-1{}", 3 + i, rng.range(0, 9)),
                    ),
                ],
            );
        }
    }
    p.gap();
    p.para("本报告仅反映截至报告生成时间信用中国网站归集的公共信用信息。");
    let n = p.pages.len();
    Doc {
        kind: Kind::Credit,
        sizes: vec![A4; n],
        pages: p.pages,
        figures,
        stamp_labels: vec!["失信被执行人"],
        seal_text: "济南市社会信用中心".into(),
    }
}

fn area_text(e: &Entity, unit: &str) -> String {
    format!("{}.{:02}{unit}", e.area_centi / 100, e.area_centi % 100)
}

fn area_value(e: &Entity) -> String {
    format!("{}.{:02}", e.area_centi / 100, e.area_centi % 100)
}

pub fn lease_doc(e: &Entity, rng: &mut Rng) -> Doc {
    let unit = if rng.chance(0.3) { "㎡" } else { "平方米" };
    let mut p = Pages::new();
    p.centered(18.0, "房屋租赁合同");
    p.text(
        10.5,
        format!("出租方（甲方）：济南{}置业有限公司", rng.pick(&TRADE_NAMES)),
    );
    p.text(10.5, format!("承租方（乙方）：{}", e.unit_name));
    p.para("根据《中华人民共和国民法典》及有关规定，甲乙双方在平等、自愿、协商一致的基础上，就乙方租赁甲方房屋事宜，订立本合同。");
    p.text(10.5, "第一条 房屋基本情况");
    p.text(10.5, format!("房屋坐落：{}", e.address));
    p.text(10.5, format!("建筑面积：{}", area_text(e, unit)));
    p.text(10.5, "第二条 租赁期限");
    p.text(10.5, "租赁期限自2021年1月1日起至2025年12月31日止。");
    p.text(10.5, "第三条 租金及支付方式");
    p.para("年租金按建筑面积每平方米每年三百六十元计算，按季度支付。");
    p.break_page();
    for clause in ["第四条 房屋用途", "第五条 违约责任", "第六条 争议解决"] {
        p.text(10.5, clause);
        p.para("甲乙双方应当严格履行本合同约定的各项义务，任何一方违反本合同约定给对方造成损失的，应当依法承担赔偿责任。");
    }
    p.gap();
    p.cells(
        10.5,
        vec![
            (LEFT, false, "甲方（盖章）：".into()),
            (330.0, false, "乙方（盖章）：".into()),
        ],
    );
    p.cells(
        10.5,
        vec![
            (LEFT, false, "2020年12月20日".into()),
            (330.0, false, "2020年12月20日".into()),
        ],
    );
    let n = p.pages.len();
    Doc {
        kind: Kind::Lease,
        sizes: vec![A4; n],
        pages: p.pages,
        figures: vec![
            fig(1, "area", area_value(e), area_text(e, unit)),
            fig(1, "address", e.address.clone(), e.address.clone()),
        ],
        stamp_labels: vec!["建筑面积", "乙方（盖章）："],
        seal_text: e.unit_name.clone(),
    }
}

pub fn deed_doc(e: &Entity, rng: &mut Rng) -> Doc {
    let mut p = Pages::new();
    p.centered(18.0, "不动产权证书");
    p.centered(
        10.5,
        &format!("鲁（2019）济南市不动产权第{:07}号", rng.range(1, 9_999_999)),
    );
    p.gap();
    let rows: Vec<(&str, String)> = vec![
        ("权利人", e.unit_name.clone()),
        ("共有情况", "单独所有".into()),
        ("坐落", e.address.clone()),
        (
            "不动产单元号",
            format!(
                "370102{:06}GB00001F{:08}",
                rng.range(0, 999_999),
                rng.range(1, 99_999_999)
            ),
        ),
        ("权利类型", "国有建设用地使用权/房屋所有权".into()),
        ("权利性质", "出让/市场化商品房".into()),
        ("用途", "城镇住宅用地/办公".into()),
        ("建筑面积", area_text(e, "㎡")),
        ("使用期限", "2008年05月12日起2048年05月11日止".into()),
    ];
    for (label, value) in rows {
        p.cells(
            11.0,
            vec![(LEFT, false, label.into()), (180.0, false, value)],
        );
        p.gap();
    }
    p.gap();
    p.cells(10.5, vec![(330.0, false, "登记机构（章）".into())]);
    p.cells(10.5, vec![(330.0, false, "2019年06月18日".into())]);
    Doc {
        kind: Kind::Deed,
        sizes: vec![A4],
        pages: p.pages,
        figures: vec![
            fig(1, "area", area_value(e), area_text(e, "㎡")),
            fig(1, "address", e.address.clone(), e.address.clone()),
        ],
        stamp_labels: vec!["登记机构（章）"],
        seal_text: "济南市不动产登记中心".into(),
    }
}

pub fn licence_doc(e: &Entity, rng: &mut Rng, business: bool) -> Doc {
    let mut p = Pages::landscape();
    let title = if business {
        "营 业 执 照"
    } else if e.org == Org::NonProfit {
        "民办非企业单位登记证书"
    } else {
        "事业单位法人证书"
    };
    p.centered(24.0, title);
    p.centered(12.0, "（副 本）");
    p.gap();
    p.cells(
        11.0,
        vec![(90.0, false, format!("统一社会信用代码 {}", e.credit_code))],
    );
    p.gap();
    let rows: Vec<(&str, String)> = if business {
        vec![
            ("名 称", e.unit_name.clone()),
            ("类 型", "有限责任公司（自然人投资或控股）".into()),
            ("法定代表人", e.legal_rep.clone()),
            (
                "经营范围",
                "技术服务、技术开发、技术咨询；企业管理咨询；信息咨询服务。".into(),
            ),
            ("注册资本", "伍佰万元整".into()),
            (
                "成立日期",
                format!(
                    "20{:02}年0{}月1{}日",
                    rng.range(8, 19),
                    rng.range(1, 9),
                    rng.range(0, 9)
                ),
            ),
            ("营业期限", "长期".into()),
            ("住 所", e.address.clone()),
        ]
    } else {
        vec![
            ("名 称", e.unit_name.clone()),
            (
                "宗旨和业务范围",
                "为中小企业提供信息、培训、技术和咨询服务。".into(),
            ),
            ("住 所", e.address.clone()),
            ("法定代表人", e.legal_rep.clone()),
            ("开办资金", format!("{}万元", rng.range(3, 500))),
            ("业务主管单位", "济南市工业和信息化局".into()),
            ("有效期", "自2021年05月01日至2026年04月30日".into()),
        ]
    };
    for (label, value) in rows {
        p.cells(
            11.0,
            vec![(90.0, false, label.into()), (200.0, false, value)],
        );
    }
    p.gap();
    p.cells(
        11.0,
        vec![(
            560.0,
            false,
            if business {
                "登记机关"
            } else {
                "发证机关"
            }
            .into(),
        )],
    );
    p.cells(11.0, vec![(560.0, false, "2022年03月01日".into())]);
    Doc {
        kind: if business {
            Kind::BusinessLicence
        } else {
            Kind::LegalPersonCert
        },
        sizes: vec![A4_LANDSCAPE],
        pages: p.pages,
        figures: vec![fig(
            1,
            "credit_code",
            e.credit_code.clone(),
            e.credit_code.clone(),
        )],
        stamp_labels: vec!["统一社会信用代码", "登记机关", "发证机关"],
        seal_text: if business {
            "济南市市场监督管理局".into()
        } else {
            "济南市事业单位登记管理局".into()
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Degradations

/// How a page sits in the scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rotation {
    Upright,
    /// The pixels turned clockwise by 90/180/270°, no `/Rotate`: the page shows sideways.
    Pixels(u16),
    /// The page has `/Rotate n` and its pixels are stored turned the other way, so it shows
    /// upright once the viewer applies `/Rotate`.
    PdfRotate(u16),
    /// `/Rotate n` over upright pixels: the page shows turned by n.
    PdfRotateUprightPixels(u16),
}

impl Rotation {
    pub fn label(self) -> String {
        match self {
            Rotation::Upright => "0".into(),
            Rotation::Pixels(d) => format!("pixels:{d}"),
            Rotation::PdfRotate(d) => format!("rotate:{d}"),
            Rotation::PdfRotateUprightPixels(d) => format!("rotate-upright-pixels:{d}"),
        }
    }
}

/// Whole-file settings of a scan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScanStyle {
    pub dpi: u32,
    /// JPEG quality; `None` writes PNG (bare image files only).
    pub quality: Option<u8>,
    pub colour: bool,
    pub photo: bool,
    pub illegible: bool,
}

/// Per-page settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageStyle {
    pub skew_deg: f64,
    pub stamp: bool,
    pub rotation: Rotation,
}

/// A page rendered and degraded: encoded image bytes, pixel size, what the PDF should say.
pub struct ScanPage {
    pub encoded: Vec<u8>,
    pub png: bool,
    pub width: u32,
    pub height: u32,
    pub grey: bool,
    pub dpi: u32,
    pub rotate: u16,
    /// What the stamp covered (its label), if stamped.
    pub stamped: Option<String>,
}

/// An ink coverage canvas (0 none … 255 full).
struct Canvas {
    w: usize,
    h: usize,
    data: Vec<u8>,
}

impl Canvas {
    fn new(w: usize, h: usize) -> Canvas {
        Canvas {
            w,
            h,
            data: vec![0; w * h],
        }
    }
    fn put(&mut self, x: i64, y: i64, c: f32) {
        if x < 0 || y < 0 || x as usize >= self.w || y as usize >= self.h {
            return;
        }
        let i = y as usize * self.w + x as usize;
        let v = (c.clamp(0.0, 1.0) * 255.0) as u8;
        if v > self.data[i] {
            self.data[i] = v;
        }
    }
}

fn text_scale(font: &FontRef, em_px: f32) -> PxScale {
    let upem = font.units_per_em().unwrap_or(1000.0);
    PxScale::from(em_px * font.height_unscaled() / upem)
}

fn advance(font: &FontRef, scale: PxScale, text: &str) -> Result<f32, String> {
    let sf = font.as_scaled(scale);
    let mut w = 0.0;
    for c in text.chars() {
        w += sf.h_advance(glyph(font, c)?);
    }
    Ok(w)
}

/// Draws `text` with its baseline at `(x, y)` pixels.
fn draw_text(
    ink: &mut Canvas,
    font: &FontRef,
    text: &str,
    x: f32,
    y: f32,
    em_px: f32,
) -> Result<(), String> {
    let scale = text_scale(font, em_px);
    let sf = font.as_scaled(scale);
    let mut pen = x;
    for c in text.chars() {
        let id = glyph(font, c)?;
        let g = id.with_scale_and_position(scale, point(pen, y));
        if let Some(o) = font.outline_glyph(g) {
            let b = o.px_bounds();
            o.draw(|gx, gy, cov| {
                ink.put(b.min.x as i64 + gx as i64, b.min.y as i64 + gy as i64, cov)
            });
        }
        pen += sf.h_advance(id);
    }
    Ok(())
}

/// A stamp label found on a page and the pixel centre of its figure.
type Target = (String, f32, f32);

/// Renders a page's lines at `dpi`: ink coverage, and the pixel box of each stamp label's
/// figure (the cell after the label, or the label itself when it ends its line).
fn render_ink(
    fonts: &Fonts,
    page: &Page,
    size: (i64, i64),
    dpi: u32,
    labels: &[&str],
) -> Result<(Canvas, Vec<Target>), String> {
    let s = dpi as f32 / 72.0;
    let (w_pt, h_pt) = (size.0 as f32, size.1 as f32);
    let mut ink = Canvas::new((w_pt * s).round() as usize, (h_pt * s).round() as usize);
    let mut targets = Vec::new();
    for line in page {
        let font = if line.size >= 14.0 {
            &fonts.sans
        } else {
            &fonts.serif
        };
        let em = line.size * s;
        let y = (h_pt - line.y) * s;
        let mut boxes = Vec::new();
        for (x, right, text) in &line.cells {
            let width = advance(font, text_scale(font, em), text)?;
            let x0 = if *right { x * s - width } else { x * s };
            draw_text(&mut ink, font, text, x0, y, em)?;
            boxes.push((text.clone(), x0, width));
        }
        for (k, (text, _, _)) in boxes.iter().enumerate() {
            if let Some(label) = labels.iter().find(|l| text.contains(*l)) {
                let (_, bx, bw) = boxes.get(k + 1).unwrap_or(&boxes[k]);
                targets.push((label.to_string(), bx + bw / 2.0, y - em * 0.35));
            }
        }
    }
    Ok((ink, targets))
}

/// A red round seal: ring, star, the issuer's name around the top, as coverage on a square of
/// `d` pixels.
fn seal_mask(fonts: &Fonts, text: &str, d: usize, rng: &mut Rng) -> Result<Canvas, String> {
    let mut m = Canvas::new(d, d);
    let c = d as f32 / 2.0;
    let r_out = c * 0.97;
    let ring = d as f32 * 0.035;
    // Ring.
    for y in 0..d {
        for x in 0..d {
            let dist = ((x as f32 + 0.5 - c).powi(2) + (y as f32 + 0.5 - c).powi(2)).sqrt();
            let cov = (0.5 - ((dist - (r_out - ring / 2.0)).abs() - ring / 2.0)).clamp(0.0, 1.0);
            if cov > 0.0 {
                m.put(x as i64, y as i64, cov);
            }
        }
    }
    // Star: five points, radius 0.19 d.
    let (ro, ri) = (d as f32 * 0.19, d as f32 * 0.19 * 0.382);
    let star: Vec<(f32, f32)> = (0..10)
        .map(|k| {
            let a = std::f32::consts::PI * (k as f32 / 5.0) - std::f32::consts::FRAC_PI_2;
            let r = if k % 2 == 0 { ro } else { ri };
            (c + r * a.cos(), c + r * a.sin())
        })
        .collect();
    let lo = (c - ro).floor().max(0.0) as usize;
    let hi = ((c + ro).ceil() as usize).min(d);
    for y in lo..hi {
        for x in lo..hi {
            if inside(&star, x as f32 + 0.5, y as f32 + 0.5) {
                m.put(x as i64, y as i64, 1.0);
            }
        }
    }
    // Text around the arc, glyphs upright towards the centre.
    let chars: Vec<char> = text.chars().collect();
    let em = d as f32 * 0.13;
    let radius = r_out - ring - em * 0.75;
    let span = (std::f32::consts::PI * 1.25).min(chars.len() as f32 * 0.42);
    let scale = text_scale(&fonts.sans, em);
    for (k, ch) in chars.iter().enumerate() {
        let t = if chars.len() > 1 {
            k as f32 / (chars.len() - 1) as f32
        } else {
            0.5
        };
        // Angle from the top, clockwise.
        let a = -span / 2.0 + span * t;
        let (gx, gy) = (c + radius * a.sin(), c - radius * a.cos());
        let id = glyph(&fonts.sans, *ch)?;
        let g = id.with_scale_and_position(scale, point(0.0, 0.0));
        let Some(o) = fonts.sans.outline_glyph(g) else {
            continue;
        };
        let b = o.px_bounds();
        let (bw, bh) = (
            b.width().ceil() as usize + 1,
            b.height().ceil() as usize + 1,
        );
        let mut cov = vec![0f32; bw * bh];
        o.draw(|x, y, v| {
            if let Some(slot) = cov.get_mut(y as usize * bw + x as usize) {
                *slot = v;
            }
        });
        let (hx, hy) = (bw as f32 / 2.0, bh as f32 / 2.0);
        let (sin, cos) = a.sin_cos();
        let reach = (bw.max(bh) as f32 * 0.75).ceil() as i64;
        for dy in -reach..=reach {
            for dx in -reach..=reach {
                // Inverse rotation by `a` into the glyph's box.
                let (fx, fy) = (dx as f32, dy as f32);
                let u = fx * cos + fy * sin + hx;
                let v = -fx * sin + fy * cos + hy;
                if u < 0.0 || v < 0.0 || u >= bw as f32 || v >= bh as f32 {
                    continue;
                }
                let val = cov[v as usize * bw + u as usize];
                if val > 0.0 {
                    m.put(gx as i64 + dx, gy as i64 + dy, val);
                }
            }
        }
    }
    // Uneven ink: some of the seal fades.
    for v in &mut m.data {
        if *v > 0 {
            let fade = 0.55 + 0.45 * rng.unit() as f32;
            *v = (*v as f32 * fade) as u8;
        }
    }
    Ok(m)
}

fn inside(poly: &[(f32, f32)], x: f32, y: f32) -> bool {
    let mut odd = false;
    let n = poly.len();
    for i in 0..n {
        let (xi, yi) = poly[i];
        let (xj, yj) = poly[(i + n - 1) % n];
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            odd = !odd;
        }
    }
    odd
}

/// Solves the homography mapping `from[i]` → `to[i]` (four points), as a 3×3 row-major matrix.
#[allow(clippy::needless_range_loop)] // matrix code reads best with indices
fn homography(from: [(f64, f64); 4], to: [(f64, f64); 4]) -> [f64; 9] {
    let mut a = [[0f64; 9]; 8];
    for i in 0..4 {
        let (x, y) = from[i];
        let (u, v) = to[i];
        a[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u];
        a[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v];
    }
    // Gaussian elimination with partial pivoting.
    for col in 0..8 {
        let pivot = (col..8)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        let p = a[col][col];
        if p.abs() < 1e-12 {
            continue;
        }
        for k in col..9 {
            a[col][k] /= p;
        }
        for row in 0..8 {
            if row != col {
                let f = a[row][col];
                for k in col..9 {
                    a[row][k] -= f * a[col][k];
                }
            }
        }
    }
    let h: Vec<f64> = (0..8).map(|i| a[i][8]).collect();
    [h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1.0]
}

/// Renders, stamps and degrades one page.
pub fn scan_page(
    fonts: &Fonts,
    doc: &Doc,
    page_index: usize,
    style: &ScanStyle,
    page_style: &PageStyle,
    rng: &mut Rng,
) -> Result<ScanPage, String> {
    let page = doc
        .pages
        .get(page_index)
        .ok_or_else(|| format!("no page {}", page_index + 1))?;
    let size = doc
        .sizes
        .get(page_index)
        .or(doc.sizes.last())
        .copied()
        .unwrap_or(A4);
    let (ink, targets) = render_ink(fonts, page, size, style.dpi, &doc.stamp_labels)?;
    let (w, h) = (ink.w, ink.h);
    let paper = [
        rng.range(244, 255) as f32,
        rng.range(242, 253) as f32,
        rng.range(236, 250) as f32,
    ];
    let ink_level = rng.range(18, 55) as f32;
    let mut img = RgbImage::new(w as u32, h as u32);
    for (i, px) in img.pixels_mut().enumerate() {
        let a = ink.data[i] as f32 / 255.0;
        *px = Rgb([
            (paper[0] * (1.0 - a) + ink_level * a) as u8,
            (paper[1] * (1.0 - a) + ink_level * a) as u8,
            (paper[2] * (1.0 - a) + ink_level * a) as u8,
        ]);
    }
    drop(ink);

    // The seal over the first stamp label found on the page.
    let mut stamped = None;
    // The label listed first in `stamp_labels` wins; then the first on the page.
    let target = doc
        .stamp_labels
        .iter()
        .find_map(|l| targets.iter().find(|t| t.0 == *l));
    if page_style.stamp
        && let Some((label, tx, ty)) = target
    {
        let d = (119.0 * style.dpi as f32 / 72.0) as usize;
        let mask = seal_mask(fonts, &doc.seal_text, d.max(8), rng)?;
        let (ox, oy) = (
            tx + rng.between(-0.2, 0.2) as f32 * d as f32,
            ty + rng.between(-0.25, 0.25) as f32 * d as f32,
        );
        let alpha = rng.between(0.7, 0.92) as f32;
        let red = [
            rng.range(190, 225) as f32 / 255.0,
            rng.range(20, 60) as f32 / 255.0,
            rng.range(30, 70) as f32 / 255.0,
        ];
        let x0 = ox as i64 - d as i64 / 2;
        let y0 = oy as i64 - d as i64 / 2;
        for my in 0..d {
            for mx in 0..d {
                let m = mask.data[my * d + mx];
                if m == 0 {
                    continue;
                }
                let (x, y) = (x0 + mx as i64, y0 + my as i64);
                if x < 0 || y < 0 || x >= w as i64 || y >= h as i64 {
                    continue;
                }
                let k = alpha * m as f32 / 255.0;
                let px = img.get_pixel_mut(x as u32, y as u32);
                for (c, r) in px.0.iter_mut().zip(red) {
                    // Multiply: the seal darkens the paper and never lightens the ink.
                    *c = (*c as f32 * (1.0 - k * (1.0 - r))) as u8;
                }
            }
        }
        stamped = Some(label.clone());
    }

    // Geometry: skew about the centre, or a phone photo's perspective; light falls unevenly
    // on photos.
    let skew = page_style.skew_deg.to_radians();
    let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
    let turn = |x: f64, y: f64| {
        let (s, c) = skew.sin_cos();
        (
            cx + (x - cx) * c - (y - cy) * s,
            cy + (x - cx) * s + (y - cy) * c,
        )
    };
    let corners = [
        (0.0, 0.0),
        (w as f64, 0.0),
        (w as f64, h as f64),
        (0.0, h as f64),
    ];
    let mut placed = corners.map(|(x, y)| turn(x, y));
    let mut background = [250.0f32, 250.0, 250.0];
    if style.photo {
        for (k, p) in placed.iter_mut().enumerate() {
            let (sx, sy) = ([1.0, -1.0, -1.0, 1.0][k], [1.0, 1.0, -1.0, -1.0][k]);
            p.0 += sx * rng.between(0.02, 0.09) * w as f64;
            p.1 += sy * rng.between(0.02, 0.07) * h as f64;
        }
        let g = rng.range(70, 140) as f32;
        background = [g + 12.0, g + 6.0, g];
    }
    let light = if style.photo {
        let a = rng.between(0.0, std::f64::consts::TAU);
        Some((
            a.cos(),
            a.sin(),
            rng.between(0.15, 0.35),
            rng.between(0.95, 1.05),
        ))
    } else {
        None
    };
    let identity = page_style.skew_deg == 0.0 && !style.photo;
    if !identity {
        // Output pixel → page pixel.
        let hm = homography(placed, corners);
        let src = img;
        let mut out = RgbImage::new(w as u32, h as u32);
        for (ox, oy, px) in out.enumerate_pixels_mut() {
            let (u, v) = (ox as f64 + 0.5, oy as f64 + 0.5);
            let z = hm[6] * u + hm[7] * v + hm[8];
            let x = (hm[0] * u + hm[1] * v + hm[2]) / z - 0.5;
            let y = (hm[3] * u + hm[4] * v + hm[5]) / z - 0.5;
            let mut rgb = if x < 0.0 || y < 0.0 || x >= (w - 1) as f64 || y >= (h - 1) as f64 {
                background
            } else {
                let (x0, y0) = (x.floor() as u32, y.floor() as u32);
                let (fx, fy) = ((x - x0 as f64) as f32, (y - y0 as f64) as f32);
                let p00 = src.get_pixel(x0, y0).0;
                let p10 = src.get_pixel(x0 + 1, y0).0;
                let p01 = src.get_pixel(x0, y0 + 1).0;
                let p11 = src.get_pixel(x0 + 1, y0 + 1).0;
                let mut c = [0f32; 3];
                for (ch, slot) in c.iter_mut().enumerate() {
                    let top = p00[ch] as f32 * (1.0 - fx) + p10[ch] as f32 * fx;
                    let bottom = p01[ch] as f32 * (1.0 - fx) + p11[ch] as f32 * fx;
                    *slot = top * (1.0 - fy) + bottom * fy;
                }
                c
            };
            if let Some((dx, dy, depth, level)) = light {
                let t = ((u / w as f64 - 0.5) * dx + (v / h as f64 - 0.5) * dy + 0.5) as f32;
                let f = (level as f32) * (1.0 - depth as f32 * t.clamp(0.0, 1.0));
                rgb = [rgb[0] * f, rgb[1] * f * 0.98, rgb[2] * f * 0.93];
            }
            *px = Rgb(rgb.map(|c| c.clamp(0.0, 255.0) as u8));
        }
        img = out;
    }
    if style.illegible {
        img = image::imageops::blur(&img, rng.between(2.2, 3.2) as f32);
    } else if style.photo {
        img = image::imageops::blur(&img, rng.between(0.6, 1.0) as f32);
    }
    // Sensor noise: one draw per pixel, four bytes summed (roughly Gaussian).
    let sigma = if style.photo { 7.0 } else { 4.5 };
    for px in img.pixels_mut() {
        let r = rng.next_u64();
        let sum: i32 = (0..4).map(|k| ((r >> (8 * k)) & 0xFF) as i32).sum::<i32>() - 510;
        let n = sum as f32 / 147.0 * sigma;
        for ch in 0..3 {
            px.0[ch] = (px.0[ch] as f32 + n).clamp(0.0, 255.0) as u8;
        }
    }
    // Rotation of the stored pixels.
    let (quarter, rotate) = match page_style.rotation {
        Rotation::Upright => (0, 0),
        Rotation::Pixels(d) => (d, 0),
        Rotation::PdfRotate(d) => ((360 - d) % 360, d),
        Rotation::PdfRotateUprightPixels(d) => (0, d),
    };
    img = match quarter {
        90 => image::imageops::rotate90(&img),
        180 => image::imageops::rotate180(&img),
        270 => image::imageops::rotate270(&img),
        _ => img,
    };
    let (width, height) = img.dimensions();
    let mut encoded = Vec::new();
    let grey = !style.colour;
    let err = |e: image::ImageError| format!("encoding: {e}");
    if grey {
        let g: GrayImage = image::imageops::grayscale(&img);
        encode(
            &mut encoded,
            style.quality,
            g.as_raw(),
            width,
            height,
            image::ExtendedColorType::L8,
        )
        .map_err(err)?;
    } else {
        encode(
            &mut encoded,
            style.quality,
            img.as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgb8,
        )
        .map_err(err)?;
    }
    Ok(ScanPage {
        encoded,
        png: style.quality.is_none(),
        width,
        height,
        grey,
        dpi: style.dpi,
        rotate,
        stamped,
    })
}

fn encode(
    out: &mut Vec<u8>,
    quality: Option<u8>,
    raw: &[u8],
    w: u32,
    h: u32,
    colour: image::ExtendedColorType,
) -> Result<(), image::ImageError> {
    match quality {
        Some(q) => image::codecs::jpeg::JpegEncoder::new_with_quality(out, q)
            .write_image(raw, w, h, colour),
        None => image::codecs::png::PngEncoder::new(out).write_image(raw, w, h, colour),
    }
}

/// A scanned PDF: one DCTDecode JPEG per page filling the page, `/Rotate` where asked.
pub fn scan_pdf(pages: &[ScanPage]) -> Result<Vec<u8>, String> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut kids: Vec<Object> = Vec::new();
    for page in pages {
        if page.png {
            return Err("a scanned PDF page must be a JPEG".into());
        }
        let image = Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => page.width as i64,
                "Height" => page.height as i64,
                "ColorSpace" => if page.grey { "DeviceGray" } else { "DeviceRGB" },
                "BitsPerComponent" => 8,
                "Filter" => "DCTDecode",
            },
            page.encoded.clone(),
        );
        let image_id = doc.add_object(image);
        let w_pt = (page.width as f32 * 72.0 / page.dpi as f32 * 100.0).round() / 100.0;
        let h_pt = (page.height as f32 * 72.0 / page.dpi as f32 * 100.0).round() / 100.0;
        let content = format!("q\n{w_pt:.2} 0 0 {h_pt:.2} 0 0 cm\n/Im0 Do\nQ\n").into_bytes();
        let contents = doc.add_object(Stream::new(dictionary! {}, content));
        let mut dict = dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(w_pt), Object::Real(h_pt)],
            "Contents" => contents,
            "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image_id } },
        };
        if page.rotate != 0 {
            dict.set("Rotate", page.rotate as i64);
        }
        kids.push(doc.add_object(dict).into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| format!("pdf: {e}"))?;
    Ok(out)
}

/// Scans every page of `doc` with one style (per-page styles from `page_styles`, the last one
/// repeated), returning the pages in order.
pub fn scan_doc(
    fonts: &Fonts,
    doc: &Doc,
    style: &ScanStyle,
    page_styles: &[PageStyle],
    rng: &mut Rng,
) -> Result<Vec<ScanPage>, String> {
    let upright = PageStyle {
        skew_deg: 0.0,
        stamp: false,
        rotation: Rotation::Upright,
    };
    (0..doc.pages.len())
        .map(|i| {
            let ps = page_styles
                .get(i)
                .or(page_styles.last())
                .unwrap_or(&upright);
            scan_page(fonts, doc, i, style, ps, rng)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The fixture set

/// How a case is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Jpg,
    Png,
}

/// One fixture: a document, how it is scanned, and where it goes.
#[derive(Debug, Clone)]
pub struct Case {
    pub stem: String,
    pub doc: Doc,
    pub format: Format,
    pub style: ScanStyle,
    pub pages: Vec<PageStyle>,
    /// Seed of the rendering stream (noise, seal placement).
    pub render_seed: u64,
}

impl Case {
    pub fn file(&self) -> String {
        match self.format {
            Format::Pdf => format!("{}.pdf", self.stem),
            Format::Jpg => format!("{}.jpg", self.stem),
            Format::Png => format!("{}.png", self.stem),
        }
    }
    pub fn twin_file(&self) -> String {
        format!("{}.pdf", self.stem)
    }
}

/// Options of the fixture set: the seed, and for fast tests one dpi for every legible case and
/// a cap on the number of cases.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub seed: u64,
    pub dpi: Option<u32>,
    pub max_cases: Option<usize>,
}

/// The fixture set of a seed: every document kind and every degradation at least once, 30+
/// pages in all.
pub fn plan_cases(opts: &Options) -> Vec<Case> {
    let seed = opts.seed;
    let mut rng = Rng::new(seed, 1);
    let mut out = Vec::new();
    // (kind, format, dpi, colour, photo, illegible, stamped pages, rotation of one page)
    type T = (
        Kind,
        Format,
        u32,
        bool,
        bool,
        bool,
        &'static [usize],
        Rotation,
    );
    let audit = |two_sided, old_layout| Kind::Audit {
        two_sided,
        old_layout,
    };
    #[rustfmt::skip]
    let templates: [T; 20] = [
        (audit(false, false), Format::Pdf, 300, true, false, false, &[2], Rotation::Upright),
        (audit(true, false), Format::Pdf, 200, false, false, false, &[2], Rotation::Upright),
        (audit(false, true), Format::Pdf, 150, true, false, false, &[2], Rotation::Pixels(90)),
        (audit(false, false), Format::Pdf, 200, true, false, false, &[1, 2], Rotation::PdfRotate(270)),
        (audit(true, false), Format::Pdf, 300, true, true, false, &[2], Rotation::Upright),
        (audit(false, false), Format::Pdf, 72, false, false, true, &[2], Rotation::Upright),
        (audit(false, false), Format::Pdf, 200, false, false, false, &[3], Rotation::Pixels(180)),
        (Kind::Credit, Format::Pdf, 200, true, false, false, &[1], Rotation::Upright),
        (Kind::Credit, Format::Pdf, 150, false, false, false, &[], Rotation::Pixels(180)),
        (Kind::Credit, Format::Pdf, 300, true, true, false, &[1], Rotation::Upright),
        (Kind::Credit, Format::Pdf, 72, true, false, true, &[1], Rotation::Upright),
        (Kind::Lease, Format::Pdf, 200, true, false, false, &[1, 2], Rotation::Upright),
        (Kind::Lease, Format::Pdf, 300, false, true, false, &[2], Rotation::PdfRotateUprightPixels(90)),
        (Kind::Deed, Format::Jpg, 300, true, true, false, &[1], Rotation::Upright),
        (Kind::Deed, Format::Pdf, 200, true, false, false, &[1], Rotation::PdfRotate(90)),
        (Kind::BusinessLicence, Format::Jpg, 200, true, true, false, &[1], Rotation::Upright),
        (Kind::BusinessLicence, Format::Pdf, 200, true, false, false, &[1], Rotation::Pixels(270)),
        (Kind::LegalPersonCert, Format::Png, 150, true, false, false, &[1], Rotation::Upright),
        (Kind::LegalPersonCert, Format::Pdf, 300, false, false, false, &[1], Rotation::Upright),
        (Kind::BusinessLicence, Format::Jpg, 72, true, true, true, &[1], Rotation::Upright),
    ];
    for (i, (kind, format, dpi, colour, photo, illegible, stamped, rotation)) in
        templates.into_iter().enumerate()
    {
        if opts.max_cases.is_some_and(|m| out.len() >= m) {
            break;
        }
        let org = match kind {
            Kind::LegalPersonCert => {
                if rng.chance(0.5) {
                    Org::Institution
                } else {
                    Org::NonProfit
                }
            }
            _ => Org::Enterprise,
        };
        let entity = Entity::new(&mut rng, org);
        let doc = match kind {
            Kind::Audit {
                two_sided,
                old_layout,
            } => audit_doc(&entity, &mut rng, two_sided, old_layout),
            Kind::Credit => credit_doc(&entity, &mut rng),
            Kind::Lease => lease_doc(&entity, &mut rng),
            Kind::Deed => deed_doc(&entity, &mut rng),
            Kind::BusinessLicence => licence_doc(&entity, &mut rng, true),
            Kind::LegalPersonCert => licence_doc(&entity, &mut rng, false),
        };
        let dpi = if illegible {
            72
        } else {
            opts.dpi.unwrap_or(dpi)
        };
        let quality = match format {
            Format::Png => None,
            _ => Some(rng.range(60, 80) as u8),
        };
        let n = doc.pages.len();
        let rotated_page = if n > 1 { 1 } else { 0 };
        let pages = (0..n)
            .map(|p| PageStyle {
                skew_deg: if rng.chance(0.75) {
                    (rng.between(-3.0, 3.0) * 100.0).round() / 100.0
                } else {
                    0.0
                },
                stamp: stamped.contains(&(p + 1)),
                rotation: if p == rotated_page {
                    rotation
                } else {
                    Rotation::Upright
                },
            })
            .collect();
        out.push(Case {
            stem: format!("{:02}-{}", i + 1, kind.name()),
            doc,
            format,
            style: ScanStyle {
                dpi,
                quality,
                colour,
                photo,
                illegible,
            },
            pages,
            render_seed: rng.next_u64(),
        });
    }
    out
}

/// The header of `manifest.csv`.
pub const MANIFEST_HEADER: &str = "file,twin,page,kind,figure,value,printed,dpi,skew,quality,stamp,rotation,photo,illegible,colour";

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Manifest rows of a case (one per figure, one for a page without figures). `stamped[p]` is
/// the label the seal of page `p` covered, when known.
pub fn manifest_rows(
    case: &Case,
    scan_dir: &str,
    twin_dir: &str,
    stamped: &[Option<String>],
) -> String {
    let mut out = String::new();
    for p in 0..case.doc.pages.len() {
        let number = p as u32 + 1;
        let ps = case.pages.get(p).copied().unwrap_or(PageStyle {
            skew_deg: 0.0,
            stamp: false,
            rotation: Rotation::Upright,
        });
        let figures: Vec<&Figure> = case
            .doc
            .figures
            .iter()
            .filter(|f| f.page == number)
            .collect();
        let none = Figure {
            page: number,
            name: "",
            value: String::new(),
            printed: String::new(),
        };
        let rows: Vec<&Figure> = if figures.is_empty() {
            vec![&none]
        } else {
            figures
        };
        let stamp = stamped.get(p).cloned().flatten().unwrap_or_default();
        for f in rows {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{:.2},{},{},{},{},{},{}",
                csv_field(&format!("{scan_dir}{}", case.file())),
                csv_field(&format!("{twin_dir}{}", case.twin_file())),
                number,
                case.doc.kind.name(),
                f.name,
                csv_field(&f.value),
                csv_field(&f.printed),
                case.style.dpi,
                ps.skew_deg,
                case.style
                    .quality
                    .map(|q| q.to_string())
                    .unwrap_or_else(|| "png".into()),
                csv_field(&stamp),
                ps.rotation.label(),
                case.style.photo,
                case.style.illegible,
                case.style.colour,
            );
        }
    }
    out
}

/// Renders one case: the scan file's bytes and, per page, the label its seal covered.
pub fn render_case(fonts: &Fonts, case: &Case) -> Result<(Vec<u8>, Vec<Option<String>>), String> {
    let mut rng = Rng::new(case.render_seed, 2);
    let pages = scan_doc(fonts, &case.doc, &case.style, &case.pages, &mut rng)
        .map_err(|e| format!("{}: {e}", case.stem))?;
    let stamped = pages.iter().map(|p| p.stamped.clone()).collect();
    let bytes = match case.format {
        Format::Pdf => scan_pdf(&pages)?,
        Format::Jpg | Format::Png => pages
            .into_iter()
            .next()
            .map(|p| p.encoded)
            .ok_or_else(|| format!("{}: no page", case.stem))?,
    };
    Ok((bytes, stamped))
}

/// Writes the fixture set: `OUT/scans/<case>` (scan), `OUT/text/<case>.pdf` (twin) and
/// `OUT/manifest.csv`. Returns the number of pages.
pub fn write_fixtures(out: &std::path::Path, opts: &Options) -> Result<usize, String> {
    let fonts = Fonts::load()?;
    let cases = plan_cases(opts);
    let io = |e: std::io::Error| format!("{}: {e}", out.display());
    std::fs::create_dir_all(out.join("scans")).map_err(io)?;
    std::fs::create_dir_all(out.join("text")).map_err(io)?;
    let mut manifest = String::from(MANIFEST_HEADER);
    manifest.push('\n');
    let mut pages = 0;
    for case in &cases {
        let missing = missing_glyphs(&fonts, &case.doc.text());
        if !missing.is_empty() {
            return Err(format!(
                "{}: characters missing from the subset fonts: {} (rerun scripts/make_font_subset.sh)",
                case.stem,
                missing.iter().collect::<String>()
            ));
        }
        let (bytes, stamped) = render_case(&fonts, case)?;
        std::fs::write(out.join("scans").join(case.file()), bytes).map_err(io)?;
        std::fs::write(out.join("text").join(case.twin_file()), case.doc.twin_pdf()).map_err(io)?;
        manifest.push_str(&manifest_rows(case, "scans/", "text/", &stamped));
        pages += case.doc.pages.len();
    }
    std::fs::write(out.join("manifest.csv"), manifest).map_err(io)?;
    Ok(pages)
}
