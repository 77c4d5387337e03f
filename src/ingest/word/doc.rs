//! Legacy Word 97–2003 `.doc` and WPS Writer `.wps`: the same binary format ([MS-DOC]) in an
//! OLE compound file, opened with the `cfb` crate.
//!
//! The text comes from the piece table (FIB → CLX → PlcPcd): a piece flagged 0x40000000 is
//! one byte per character (cp1252), the others UTF-16LE. Tables are found as Apache POI's HWPF
//! finds them: each paragraph's properties (the PAPX in the formatted disk pages named by
//! PlcBtePapx) say whether it is in a table (sprmPFInTable), ends a row (sprmPFTtp), and how
//! deep (sprmPItap, sprmPFInnerTableCell, sprmPFInnerTtp); a paragraph ending with the cell
//! mark U+0007 ends a cell. The row-end paragraph also carries the row's geometry
//! (sprmTDefTable: the cells' left and right edges and their merge flags, sprmTVertMerge):
//! cells are placed on the grid of all edges of the table, so a cell spanning two columns
//! spans them here too, and vertical merges become merged ranges as in a .docx.
//! A file whose cell marks have no table properties is refused as damaged: rows cannot be
//! told from empty cells by the marks alone, and a guessed layout could put values under
//! the wrong header.

use std::io::Cursor;

use super::{Builder, CellB, TableB, UNKNOWN_BOX, VMerge, WordDoc};
use crate::ingest::spreadsheet::{IngestError, read_bounded};
use crate::limits::{Limits, named};

/// Cells a row definition (sprmTDefTable) may declare: its count is one byte.
const MAX_DEF_COLS: usize = 255;
/// Field nesting kept track of (deeper fields are read as text).
const MAX_FIELD_DEPTH: usize = 64;

fn damaged(e: impl std::fmt::Display) -> IngestError {
    IngestError::Damaged(e.to_string())
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        b.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// Reads one stream of the compound file, bounded like a workbook part
/// (`[limits] workbook_part_bytes`).
fn stream(
    cf: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    name: &str,
    limits: &Limits,
) -> Result<Vec<u8>, IngestError> {
    let max = limits.workbook_part_bytes;
    let key = named("workbook_part_bytes", max);
    let s = cf
        .open_stream(name)
        .map_err(|e| damaged(format!("无法打开 {name} 流：{e}")))?;
    let declared = s.len();
    if declared > max {
        return Err(IngestError::TooLarge(
            format!("{name} 流有 {declared} 字节，超过上限（{key}）"),
            format!("the {name} stream has {declared} bytes, over the limit ({key})"),
        ));
    }
    read_bounded(s, max, declared as usize)
        .map_err(|e| damaged(format!("{name} 流读取失败：{e}")))?
        .ok_or_else(|| {
            IngestError::TooLarge(
                format!("{name} 流超过上限（{key}）"),
                format!("the {name} stream is over the limit ({key})"),
            )
        })
}

/// The parts of the FIB this reader needs.
#[derive(Debug)]
struct Fib {
    which_table: bool,
    ccp_text: u32,
    fc_clx: u32,
    lcb_clx: u32,
    fc_bte_papx: u32,
    lcb_bte_papx: u32,
}

fn parse_fib(w: &[u8]) -> Result<Fib, IngestError> {
    let bad = || IngestError::Damaged("Word 文件头（FIB）不完整".into());
    let ident = u16_at(w, 0).ok_or_else(bad)?;
    if ident == 0xA5DC {
        return Err(IngestError::Unsupported(
            "Word 6.0/95 格式，请用 Word/WPS 另存为 docx".into(),
        ));
    }
    if ident != 0xA5EC {
        return Err(IngestError::Damaged("WordDocument 流的标识不对".into()));
    }
    let flags = u16_at(w, 0x0A).ok_or_else(bad)?;
    // fEncrypted (0x0100) or fObfuscated (0x8000).
    if flags & 0x0100 != 0 || flags & 0x8000 != 0 {
        return Err(IngestError::Encrypted);
    }
    let csw = u16_at(w, 32).ok_or_else(bad)? as usize;
    let at_cslw = 34 + csw * 2;
    let cslw = u16_at(w, at_cslw).ok_or_else(bad)? as usize;
    let rg_lw = at_cslw + 2;
    let ccp_text = u32_at(w, rg_lw + 3 * 4).ok_or_else(bad)?;
    let at_cb = rg_lw + cslw * 4;
    let cb_fc_lcb = u16_at(w, at_cb).ok_or_else(bad)? as usize;
    let blob = at_cb + 2;
    if cb_fc_lcb < 34 {
        return Err(bad());
    }
    let pair = |i: usize| -> Result<(u32, u32), IngestError> {
        Ok((
            u32_at(w, blob + i * 8).ok_or_else(bad)?,
            u32_at(w, blob + i * 8 + 4).ok_or_else(bad)?,
        ))
    };
    let (fc_bte_papx, lcb_bte_papx) = pair(13)?;
    let (fc_clx, lcb_clx) = pair(33)?;
    Ok(Fib {
        which_table: flags & 0x0200 != 0,
        ccp_text,
        fc_clx,
        lcb_clx,
        fc_bte_papx,
        lcb_bte_papx,
    })
}

/// One piece of the piece table: characters `cp_start..cp_end` stored from `fc`.
#[derive(Debug, Clone, Copy)]
struct Piece {
    cp_start: u32,
    cp_end: u32,
    fc: u32,
    compressed: bool,
}

fn piece_table(table: &[u8], fib: &Fib) -> Result<Vec<Piece>, IngestError> {
    let bad =
        |m: &str| IngestError::Damaged(format!("Word 文件的文字索引（piece table）损坏：{m}"));
    let start = fib.fc_clx as usize;
    let end = start
        .checked_add(fib.lcb_clx as usize)
        .filter(|&e| e <= table.len() && fib.lcb_clx > 0)
        .ok_or_else(|| bad("越界"))?;
    let clx = &table[start..end];
    let mut at = 0usize;
    let plc = loop {
        match clx.get(at) {
            Some(1) => {
                let cb = u16_at(clx, at + 1).ok_or_else(|| bad("Prc 不完整"))? as usize;
                at += 3 + cb;
            }
            Some(2) => {
                let lcb = u32_at(clx, at + 1).ok_or_else(|| bad("Pcdt 不完整"))? as usize;
                let from = at + 5;
                break clx
                    .get(from..from.saturating_add(lcb))
                    .ok_or_else(|| bad("PlcPcd 越界"))?;
            }
            _ => return Err(bad("未找到 Pcdt")),
        }
    };
    if plc.len() < 16 {
        return Err(bad("PlcPcd 过短"));
    }
    let n = (plc.len() - 4) / 12;
    let mut pieces = Vec::with_capacity(n);
    for i in 0..n {
        let cp_start = u32_at(plc, i * 4).ok_or_else(|| bad("CP"))?;
        let cp_end = u32_at(plc, (i + 1) * 4).ok_or_else(|| bad("CP"))?;
        let pcd = 4 * (n + 1) + i * 8;
        let fc_raw = u32_at(plc, pcd + 2).ok_or_else(|| bad("PCD"))?;
        let compressed = fc_raw & 0x4000_0000 != 0;
        let fc = if compressed {
            (fc_raw & 0x3FFF_FFFF) / 2
        } else {
            fc_raw & 0x3FFF_FFFF
        };
        if cp_end < cp_start {
            return Err(bad("CP 顺序错乱"));
        }
        pieces.push(Piece {
            cp_start,
            cp_end,
            fc,
            compressed,
        });
    }
    Ok(pieces)
}

/// Paragraph properties that say where a paragraph sits in a table.
#[derive(Debug, Clone, Default, PartialEq)]
struct ParaProps {
    in_table: bool,
    ttp: bool,
    itap: u32,
    inner_cell: bool,
    inner_ttp: bool,
    /// On a row-end paragraph: the row's cells.
    row: Option<RowDef>,
    /// sprmPHugePapx: offset of the real properties in the Data stream.
    huge: Option<u32>,
}

/// A table row's cells as sprmTDefTable gives them: edges in twips, merge flags per cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct RowDef {
    /// `n + 1` edges for `n` cells.
    edges: Vec<i16>,
    /// TCGRF horzMerge: 0 none, 1 first of a merged set, 2/3 merged into the cell before.
    horz: Vec<u8>,
    /// TCGRF vertMerge: 0 none, 1 continues the cell above, 3 starts a vertical merge.
    vert: Vec<u8>,
}

/// Reads sprmTDefTable's operand (after its 2-byte length).
fn def_table(op: &[u8]) -> Option<RowDef> {
    let n = *op.first()? as usize;
    if n == 0 || n > MAX_DEF_COLS {
        return None;
    }
    let mut edges = Vec::with_capacity(n + 1);
    for i in 0..=n {
        edges.push(u16_at(op, 1 + 2 * i)? as i16);
    }
    let tcs = 1 + 2 * (n + 1);
    let mut horz = vec![0; n];
    let mut vert = vec![0; n];
    for i in 0..n {
        // TC80s may be fewer than the cells; the rest are default (unmerged).
        let Some(grf) = u16_at(op, tcs + 20 * i) else {
            break;
        };
        horz[i] = (grf & 0x3) as u8;
        vert[i] = ((grf >> 5) & 0x3) as u8;
    }
    Some(RowDef { edges, horz, vert })
}

/// Places a .doc table's cells on the grid of all cell edges of the table, with the merges
/// the row definitions give. Rows whose definition does not match their cells stay as read
/// (cells left to right).
pub(super) fn regrid(mut table: TableB, max_cols: u32) -> TableB {
    if table.row_defs.is_empty() {
        return table;
    }
    let mut grid: Vec<i16> = table
        .row_defs
        .iter()
        .flat_map(|(_, d)| d.edges.iter().copied())
        .collect();
    grid.sort_unstable();
    grid.dedup();
    if grid.len() > max_cols as usize + 1 {
        return table;
    }
    let col_of = |x: i16| grid.partition_point(|g| *g < x) as u32;
    let defs = std::mem::take(&mut table.row_defs);
    for (r, def) in defs {
        let Some(row) = table.rows.get_mut(r) else {
            continue;
        };
        let n = def.edges.len() - 1;
        if row.len() != n || def.edges.windows(2).any(|w| w[1] < w[0]) {
            continue;
        }
        let cells = std::mem::take(row);
        let mut out: Vec<CellB> = Vec::with_capacity(n);
        for (i, mut cell) in cells.into_iter().enumerate() {
            let (left, right) = (col_of(def.edges[i]), col_of(def.edges[i + 1]));
            if def.horz[i] >= 2
                && let Some(prev) = out.last_mut()
            {
                // Merged into the cell before it (Word 6-style merge): widen that cell.
                prev.span = right.saturating_sub(prev.col).max(1);
                if !cell.text.trim().is_empty() {
                    prev.text.push('\n');
                    prev.text.push_str(&cell.text);
                }
                continue;
            }
            cell.col = left;
            cell.span = right.saturating_sub(left).max(1);
            cell.vmerge = match def.vert[i] {
                1 => VMerge::Continue,
                3 => VMerge::Restart,
                _ => cell.vmerge,
            };
            out.push(cell);
        }
        *row = out;
    }
    table
}

/// A run of paragraph properties over file offsets `fc_start..fc_end`.
struct PapxRun {
    fc_start: u32,
    fc_end: u32,
    props: ParaProps,
}

fn parse_grpprl(grpprl: &[u8]) -> ParaProps {
    let mut p = ParaProps::default();
    let mut at = 0usize;
    // Each sprm takes at least 3 bytes: bounded by the grpprl's length.
    while at + 2 <= grpprl.len() {
        let Some(sprm) = u16_at(grpprl, at) else {
            break;
        };
        let operand = at + 2;
        let size = match (sprm >> 13) & 7 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => {
                if sprm == 0xD608 || sprm == 0xC615 {
                    match u16_at(grpprl, operand) {
                        Some(cb) => cb as usize + 1,
                        None => break,
                    }
                } else {
                    match grpprl.get(operand) {
                        Some(&n) => n as usize + 1,
                        None => break,
                    }
                }
            }
        };
        let byte = grpprl.get(operand).copied().unwrap_or(0);
        let body = grpprl
            .get(operand..(operand + size).min(grpprl.len()))
            .unwrap_or(&[]);
        match sprm {
            // sprmTDefTable: the row's cells (its 2-byte length first).
            0xD608 => p.row = def_table(body.get(2..).unwrap_or(&[])),
            // sprmTVertMerge: itc, vertMerge (after a 1-byte length).
            0xD62B => {
                if let (Some(row), Some(&itc), Some(&v)) =
                    (p.row.as_mut(), body.get(1), body.get(2))
                    && let Some(slot) = row.vert.get_mut(itc as usize)
                {
                    *slot = v & 0x3;
                }
            }
            // sprmPHugePapx: the properties are in the Data stream.
            0x6646 => p.huge = u32_at(grpprl, operand),
            0x2416 => p.in_table = byte != 0,
            0x2417 => p.ttp = byte != 0,
            0x6649 => p.itap = u32_at(grpprl, operand).unwrap_or(0),
            0x244B => p.inner_cell = byte != 0,
            0x244C => p.inner_ttp = byte != 0,
            _ => {}
        }
        at = operand + size;
    }
    p
}

/// All PAPX runs of the document, sorted by offset; `None` when the bin table is unreadable.
fn papx_runs(word: &[u8], table: &[u8], data: &[u8], fib: &Fib) -> Option<Vec<PapxRun>> {
    let start = fib.fc_bte_papx as usize;
    let plc = table.get(start..start.checked_add(fib.lcb_bte_papx as usize)?)?;
    if plc.len() < 8 {
        return None;
    }
    let n = (plc.len() - 4) / 8;
    let mut runs = Vec::new();
    for i in 0..n {
        let pn = u32_at(plc, 4 * (n + 1) + i * 4)? & 0x003F_FFFF;
        let fkp_at = (pn as usize).checked_mul(512)?;
        let fkp = word.get(fkp_at..fkp_at + 512)?;
        let crun = fkp[511] as usize;
        if 4 * (crun + 1) + 13 * crun > 511 {
            return None;
        }
        for j in 0..crun {
            let fc_start = u32_at(fkp, j * 4)?;
            let fc_end = u32_at(fkp, (j + 1) * 4)?;
            let b_offset = fkp[4 * (crun + 1) + 13 * j] as usize * 2;
            let props = if b_offset == 0 {
                ParaProps::default()
            } else {
                let mut at = b_offset;
                let mut size = 2 * *fkp.get(at)? as usize;
                if size == 0 {
                    at += 1;
                    size = 2 * *fkp.get(at)? as usize;
                } else {
                    size -= 1;
                }
                let bytes = fkp.get(at + 1..(at + 1 + size).min(512))?;
                // istd (2 bytes), then the sprms.
                let mut props = parse_grpprl(bytes.get(2..).unwrap_or(&[]));
                if let Some(at) = props.huge.map(|a| a as usize)
                    && let Some(cb) = u16_at(data, at)
                    && let Some(grpprl) = data.get(at + 2..at + 2 + cb as usize)
                {
                    let huge = parse_grpprl(grpprl);
                    props = ParaProps {
                        in_table: props.in_table || huge.in_table,
                        ttp: props.ttp || huge.ttp,
                        itap: props.itap.max(huge.itap),
                        inner_cell: props.inner_cell || huge.inner_cell,
                        inner_ttp: props.inner_ttp || huge.inner_ttp,
                        row: huge.row.or(props.row),
                        huge: None,
                    };
                }
                props
            };
            runs.push(PapxRun {
                fc_start,
                fc_end,
                props,
            });
        }
    }
    runs.sort_by_key(|r| r.fc_start);
    Some(runs)
}

fn props_at(runs: &[PapxRun], fc: u32) -> ParaProps {
    let i = runs.partition_point(|r| r.fc_start <= fc);
    match i.checked_sub(1).and_then(|i| runs.get(i)) {
        Some(r) if fc < r.fc_end => r.props.clone(),
        _ => ParaProps::default(),
    }
}

/// One paragraph of the main text: its text, whether it ended with a cell mark, and the file
/// offset of its end mark.
struct Para {
    text: String,
    cell_mark: bool,
    fc: u32,
}

/// The main document's text, split into paragraphs at `\r` and cell marks.
fn paragraphs(
    word: &[u8],
    pieces: &[Piece],
    ccp_text: u32,
    limits: &Limits,
) -> Result<Vec<Para>, IngestError> {
    let mut paras = Vec::new();
    let mut cur = String::new();
    // Fields: for each open field, whether its result part (after 0x14) has begun, and the
    // start of its code (a check-box form field's code is `FORMCHECKBOX`; its state lives in
    // the Data stream, not in the text, so it is read as a box of unknown state).
    let mut fields: Vec<(bool, String)> = Vec::new();
    if ccp_text as usize > limits.word_text_chars {
        return Err(super::budget_error(limits));
    }
    let outside = || IngestError::Damaged("文字位置超出文件范围".into());
    let limit = ccp_text;
    let mut covered = 0u32;
    for piece in pieces {
        if piece.cp_start >= limit {
            break;
        }
        // Pieces follow one another; overlapping ones would read the same text many times.
        if piece.cp_start < covered {
            return Err(IngestError::Damaged("文字索引（piece table）重叠".into()));
        }
        covered = piece.cp_end;
        let end = piece.cp_end.min(limit);
        for cp in piece.cp_start..end {
            let k = (cp - piece.cp_start) as usize;
            let (c, fc) = if piece.compressed {
                let at = piece.fc as usize + k;
                let Some(&byte) = word.get(at) else {
                    return Err(outside());
                };
                let c = if byte < 0x80 {
                    byte as char
                } else {
                    encoding_rs::WINDOWS_1252
                        .decode_without_bom_handling(&[byte])
                        .0
                        .chars()
                        .next()
                        .unwrap_or('\u{FFFD}')
                };
                (c, at as u32)
            } else {
                let at = piece.fc as usize + 2 * k;
                let Some(unit) = u16_at(word, at) else {
                    return Err(outside());
                };
                (char::from_u32(unit as u32).unwrap_or('\u{FFFD}'), at as u32)
            };
            match c {
                '\r' | '\u{7}' => {
                    if paras.len() >= limits.word_units {
                        return Err(super::budget_error(limits));
                    }
                    paras.push(Para {
                        text: std::mem::take(&mut cur),
                        cell_mark: c == '\u{7}',
                        fc,
                    });
                    continue;
                }
                '\u{13}' => {
                    if fields.len() < MAX_FIELD_DEPTH {
                        fields.push((false, String::new()));
                    }
                    continue;
                }
                '\u{14}' => {
                    if let Some(f) = fields.last_mut() {
                        f.0 = true;
                    }
                    continue;
                }
                '\u{15}' => {
                    if let Some((_, code)) = fields.pop()
                        && code.contains("FORMCHECKBOX")
                        && fields.iter().all(|(in_result, _)| *in_result)
                    {
                        cur.push(UNKNOWN_BOX);
                    }
                    continue;
                }
                _ => {}
            }
            if let Some((false, code)) = fields.last_mut() {
                if code.len() < 64 {
                    code.push(c);
                }
                continue; // a field's code (`FORMCHECKBOX`, `HYPERLINK …`), not its text
            }
            if fields.iter().any(|(in_result, _)| !in_result) {
                continue;
            }
            match c {
                '\u{b}' | '\u{c}' => cur.push('\n'),
                '\t' => cur.push('\t'),
                '\u{1e}' => cur.push('-'),
                '\u{a0}' => cur.push(' '),
                c if (c as u32) < 0x20 => {}
                '\u{1f}' => {}
                // A symbol-font character (Wingdings tick boxes): its font is not read here.
                '\u{f000}'..='\u{f0ff}' => cur.push(UNKNOWN_BOX),
                c => cur.push(c),
            }
        }
    }
    if !cur.is_empty() {
        paras.push(Para {
            text: cur,
            cell_mark: false,
            fc: u32::MAX,
        });
    }
    Ok(paras)
}

pub(super) fn read_doc(bytes: &[u8], limits: &Limits) -> Result<WordDoc, IngestError> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| damaged(format!("复合文档结构损坏：{e}")))?;
    if cf.is_stream("EncryptedPackage") {
        return Err(IngestError::Encrypted);
    }
    if !cf.is_stream("WordDocument") {
        return Err(IngestError::Damaged(
            "复合文档中没有 WordDocument 流，不是 Word/WPS 文字文件".into(),
        ));
    }
    let word = stream(&mut cf, "WordDocument", limits)?;
    let fib = parse_fib(&word)?;
    let table_name = if fib.which_table { "1Table" } else { "0Table" };
    let table = stream(&mut cf, table_name, limits)?;
    let pieces = piece_table(&table, &fib)?;
    let paras = paragraphs(&word, &pieces, fib.ccp_text, limits)?;
    // The Data stream holds properties too large for their page (sprmPHugePapx); optional.
    let data = if cf.is_stream("Data") {
        stream(&mut cf, "Data", limits).unwrap_or_default()
    } else {
        Vec::new()
    };
    let runs = papx_runs(&word, &table, &data, &fib);
    let mut b = Builder::new(limits);
    let runs = runs.unwrap_or_default();
    // Without paragraph properties a table's rows cannot be told from its empty cells; a
    // table laid out by guess could put values under the wrong header.
    let unplaced = |p: &Para| {
        p.cell_mark
            && !{
                let props = props_at(&runs, p.fc);
                props.in_table || props.itap > 0
            }
    };
    if paras.iter().any(unplaced) {
        return Err(IngestError::Damaged(
            "表格的段落属性缺失或不一致，无法可靠划分表格".into(),
        ));
    }
    for para in &paras {
        let props = props_at(&runs, para.fc);
        let depth = if props.in_table || props.itap > 0 {
            props.itap.max(1) as usize
        } else {
            0
        };
        add_paragraph(&mut b, para, props, depth);
    }
    b.into_doc()
}

fn add_paragraph(b: &mut Builder, para: &Para, props: ParaProps, depth: usize) {
    while b.stack.len() + b.ignored_depth > depth {
        b.end_cell();
        b.end_row();
        b.end_table();
    }
    while b.stack.len() + b.ignored_depth < depth {
        if let Some(t) = b.stack.last()
            && t.cell.is_none()
        {
            b.start_cell();
        }
        b.start_table();
    }
    if depth == 0 {
        b.start_paragraph();
        b.push_text(&para.text);
        b.end_paragraph();
        return;
    }
    let row_end = if depth == 1 {
        props.ttp
    } else {
        props.inner_ttp
    };
    if row_end {
        b.end_cell();
        if b.ignored_depth == 0
            && let Some(def) = props.row
            && let Some(t) = b.stack.last_mut()
            && t.rows
                .last()
                .is_some_and(|r| r.len() + 1 == def.edges.len())
        {
            t.row_defs.push((t.rows.len() - 1, def));
        }
        b.end_row();
        return;
    }
    let cell_end = if depth == 1 {
        para.cell_mark
    } else {
        props.inner_cell || para.cell_mark
    };
    if b.ignored_depth == 0
        && let Some(t) = b.stack.last()
        && t.cell.is_none()
    {
        b.start_cell();
    }
    b.start_paragraph();
    b.push_text(&para.text);
    b.end_paragraph();
    if cell_end {
        b.end_cell();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    fn texts(word: &[u8], pieces: &[Piece], n: u32) -> Vec<String> {
        paragraphs(word, pieces, n, &Limits::default())
            .unwrap()
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn field_codes_are_dropped_and_form_check_boxes_have_unknown_state() {
        let text = "单位名称\u{7}济南\u{13} HYPERLINK \"x\" \u{14}甲公司\u{15}\u{7}\u{7}\
                    \u{13} FORMCHECKBOX \u{14}\u{15}信息服务 ☑培训服务\u{b}二行\r";
        let n = text.encode_utf16().count() as u32;
        let piece = Piece {
            cp_start: 0,
            cp_end: n,
            fc: 0,
            compressed: false,
        };
        assert_eq!(
            texts(&utf16(text), &[piece], n),
            vec![
                "单位名称".to_string(),
                "济南甲公司".into(),
                "".into(),
                "\u{FFFC}信息服务 ☑培训服务\n二行".into()
            ]
        );
    }

    #[test]
    fn compressed_pieces_are_cp1252_and_pieces_join_in_order() {
        // "Caf\xe9 " in one byte per character at offset 0, then "中文\r" in UTF-16 at 16.
        let mut word = b"Caf\xe9 ".to_vec();
        word.resize(16, 0);
        word.extend(utf16("中文\r"));
        let pieces = [
            Piece {
                cp_start: 0,
                cp_end: 5,
                fc: 0,
                compressed: true,
            },
            Piece {
                cp_start: 5,
                cp_end: 8,
                fc: 16,
                compressed: false,
            },
        ];
        assert_eq!(texts(&word, &pieces, 8), vec!["Café 中文".to_string()]);
        // Overlapping pieces and text outside the stream are damage.
        let overlapping = [pieces[1], pieces[1]];
        assert!(matches!(
            paragraphs(&word, &overlapping, 8, &Limits::default()),
            Err(IngestError::Damaged(_))
        ));
        let outside = [Piece {
            fc: 1000,
            ..pieces[1]
        }];
        assert!(matches!(
            paragraphs(&word, &outside, 8, &Limits::default()),
            Err(IngestError::Damaged(_))
        ));
    }

    #[test]
    fn paragraph_properties_say_table_row_end_and_geometry() {
        let mut grpprl = Vec::new();
        grpprl.extend(0x2416u16.to_le_bytes()); // sprmPFInTable
        grpprl.push(1);
        grpprl.extend(0x2417u16.to_le_bytes()); // sprmPFTtp
        grpprl.push(1);
        grpprl.extend(0x6649u16.to_le_bytes()); // sprmPItap
        grpprl.extend(1u32.to_le_bytes());
        // sprmTDefTable: 2 cells, edges 0, 1000, 3000; cell 2 starts a vertical merge.
        let mut op = vec![2u8];
        for x in [0i16, 1000, 3000] {
            op.extend(x.to_le_bytes());
        }
        let mut tc = vec![0u8; 40];
        tc[20] = 3 << 5;
        op.extend(tc);
        grpprl.extend(0xD608u16.to_le_bytes());
        grpprl.extend(((op.len() + 1) as u16).to_le_bytes());
        grpprl.extend(&op);
        grpprl.extend(0x244Cu16.to_le_bytes()); // sprmPFInnerTtp after it, still read
        grpprl.push(1);
        let p = parse_grpprl(&grpprl);
        assert!(p.in_table && p.ttp && p.inner_ttp);
        assert_eq!(p.itap, 1);
        let row = p.row.expect("row");
        assert_eq!(row.edges, vec![0, 1000, 3000]);
        assert_eq!(row.vert, vec![0, 3]);
        // A truncated grpprl ends the walk without panicking.
        let _ = parse_grpprl(&grpprl[..grpprl.len() - 30]);
    }
}
