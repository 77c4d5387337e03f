//! Guard for `.xls` (BIFF5/BIFF8) workbooks, run before calamine sees the file (issue 9 §1).
//!
//! calamine's xls reader parses every sheet when the workbook is opened: it reserves
//! `rows × columns` cells from each sheet's DIMENSIONS record, then builds a dense range over
//! the bounding box of the cell records (and another over the formulas), all sheets held at
//! once. A forged DIMENSIONS record, one cell at IV65536, or a shared string copied into a
//! million cells aborts the process on allocation — not a panic, so `catch_unwind` cannot
//! help. This module reads the `Workbook` stream through the `cfb` crate, walks its records
//! (2-byte type, 2-byte length) and measures each sheet as calamine will build it: bounding
//! box of cells and of formulas, number of cell records, text bytes after shared strings are
//! copied. It then patches the stream in place (lengths and offsets unchanged):
//! - a DIMENSIONS record claiming more than the limit, or an impossible range, is zeroed;
//! - a sheet over a limit is pointed at the workbook-globals EOF record, so calamine reads it
//!   as empty; the sheet gets a note naming the limit;
//! - a sheet state or type Excel does not write is set to a visible worksheet (with a note).
//!
//! Input: the file's bytes and the limits. Output: an `XlsPlan` with the patched file (when
//! anything was patched) and the notes per sheet, in BOUNDSHEET order (calamine's order).

use std::io::{Cursor, Write};

use super::Note;
use super::spreadsheet::{IngestError, read_bounded};
use crate::limits::{Limits, named};
use crate::model::Severity;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CONTINUE: u16 = 0x003C;
const FILEPASS: u16 = 0x002F;
const BOUNDSHEET: u16 = 0x0085;
const SST: u16 = 0x00FC;
const DIMENSIONS: u16 = 0x0200;
const NUMBER: u16 = 0x0203;
const LABEL: u16 = 0x0204;
const RSTRING: u16 = 0x00D6;
const BOOLERR: u16 = 0x0205;
const RK: u16 = 0x027E;
const LABELSST: u16 = 0x00FD;
const MULRK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;
const STRING: u16 = 0x0207;

/// What the guard found, and the file calamine should read.
#[derive(Debug, Default)]
pub struct XlsPlan {
    /// The patched compound file, when anything had to be patched.
    pub patched: Option<Vec<u8>>,
    /// Notes per sheet, in BOUNDSHEET order.
    pub notes: Vec<Vec<Note>>,
    /// Sheets emptied for exceeding a limit, in BOUNDSHEET order.
    pub refused: Vec<bool>,
    /// The workbook is BIFF5 (Excel 95): its strings are in the CODEPAGE, not UTF-16.
    pub biff5: bool,
}

/// One record of the stream: its type, where it starts, its data.
struct Rec<'a> {
    typ: u16,
    start: usize,
    data: &'a [u8],
}

/// Records from `pos` on; stops at a truncated record.
struct Records<'a> {
    stream: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for Records<'a> {
    type Item = Rec<'a>;
    fn next(&mut self) -> Option<Rec<'a>> {
        let head = self.stream.get(self.pos..self.pos.checked_add(4)?)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = u16::from_le_bytes([head[2], head[3]]) as usize;
        let data = self.stream.get(self.pos + 4..self.pos + 4 + len)?;
        let rec = Rec {
            typ,
            start: self.pos,
            data,
        };
        self.pos += 4 + len;
        Some(rec)
    }
}

fn u16_at(d: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*d.get(i)?, *d.get(i + 1)?]))
}

fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes([
        *d.get(i)?,
        *d.get(i + 1)?,
        *d.get(i + 2)?,
        *d.get(i + 3)?,
    ]))
}

struct BoundSheet {
    /// Offset of the BOUNDSHEET record.
    rec: usize,
    pos: usize,
    state: u8,
    dt: u8,
}

/// A bounding box and the records inside it.
#[derive(Default)]
struct Extent {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Extent {
    fn add(&mut self, r: u32, c: u32) {
        self.rows = Some(self.rows.map_or((r, r), |(a, b)| (a.min(r), b.max(r))));
        self.cols = Some(self.cols.map_or((c, c), |(a, b)| (a.min(c), b.max(c))));
    }
    fn area(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => (r1 - r0 + 1) as u64 * (c1 - c0 + 1) as u64,
            _ => 0,
        }
    }
    fn size(&self) -> (u64, u64) {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => ((r1 - r0 + 1) as u64, (c1 - c0 + 1) as u64),
            _ => (0, 0),
        }
    }
}

#[derive(Default)]
struct SheetScan {
    cells: Extent,
    formulas: Extent,
    records: u64,
    text_bytes: u64,
    /// DIMENSIONS records to zero (offset of their data, length).
    bad_dimensions: Vec<(usize, usize, u64)>,
}

/// Measures an `.xls` and patches what calamine would choke on. Errors only when the file
/// cannot be read as a compound file at all.
pub fn guard(bytes: &[u8], limits: &Limits) -> Result<XlsPlan, IngestError> {
    let damaged = |e: std::io::Error| IngestError::Damaged(format!("复合文档结构损坏：{e}"));
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(damaged)?;
    let name = if cfb.is_stream("/Workbook") {
        "/Workbook"
    } else if cfb.is_stream("/Book") {
        "/Book"
    } else {
        // calamine reports the missing stream in its own words.
        return Ok(XlsPlan::default());
    };
    let stream = cfb.open_stream(name).map_err(damaged)?;
    let len = stream.len();
    let Some(mut stream) =
        read_bounded(stream, limits.file_bytes, len as usize).map_err(damaged)?
    else {
        return Err(IngestError::TooLarge(
            format!(
                "工作簿数据流超过 {}",
                named("file_bytes", limits.file_bytes)
            ),
            format!(
                "the workbook stream exceeds {}",
                named("file_bytes", limits.file_bytes)
            ),
        ));
    };
    let mut plan = XlsPlan::default();
    let mut patched = false;

    // Workbook globals: sheets, shared strings, the EOF that ends them.
    let mut sheets: Vec<BoundSheet> = Vec::new();
    let mut sst: Vec<u64> = Vec::new();
    let mut globals_eof = None;
    let mut records = Records {
        stream: &stream,
        pos: 0,
    };
    match records.next() {
        Some(r) if r.typ == BOF => plan.biff5 = u16_at(r.data, 0) == Some(0x0500),
        // Not a BIFF stream calamine can read; it says so itself.
        _ => return Ok(plan),
    }
    while let Some(r) = records.next() {
        match r.typ {
            FILEPASS => return Ok(plan),
            BOUNDSHEET if r.data.len() >= 6 => sheets.push(BoundSheet {
                rec: r.start,
                pos: u32_at(r.data, 0).unwrap_or(0) as usize,
                state: r.data[4],
                dt: r.data[5],
            }),
            SST => {
                let mut segments = vec![r.data];
                let mut peek = Records {
                    stream: &stream,
                    pos: records.pos,
                };
                while let Some(c) = peek.next().filter(|c| c.typ == CONTINUE) {
                    segments.push(c.data);
                    records.pos = peek.pos;
                }
                sst = sst_sizes(&segments);
            }
            EOF => {
                globals_eof = Some(r.start);
                break;
            }
            _ => {}
        }
    }
    plan.notes = sheets.iter().map(|_| Vec::new()).collect();
    plan.refused = vec![false; sheets.len()];

    let mut budget_cells = 0u64;
    let mut budget_text = 0u64;
    for (i, sheet) in sheets.iter().enumerate() {
        let notes = &mut plan.notes[i];
        // Sheet state and type Excel does not write: calamine rejects the whole workbook.
        let state = sheet.state & 0x3F;
        if state > 2 {
            stream[sheet.rec + 4 + 4] = sheet.state & 0xC0;
            patched = true;
            notes.push(Note {
                severity: Severity::Info,
                zh: format!("工作表状态值 {state} 不是 Excel 写入的值，按可见工作表读取"),
                en: format!("sheet state {state} is not one Excel writes; read as a visible sheet"),
            });
        }
        if ![0u8, 1, 2, 6].contains(&sheet.dt) {
            stream[sheet.rec + 4 + 5] = 0;
            patched = true;
            notes.push(Note {
                severity: Severity::Info,
                zh: format!("工作表类型值 {} 未知，按普通工作表读取", sheet.dt),
                en: format!("unknown sheet type {}; read as a worksheet", sheet.dt),
            });
        }
        let refusal = if sheet.pos >= stream.len() {
            Some((
                "工作表位置超出数据流，无法读取".to_string(),
                "the sheet's offset lies beyond the workbook stream".to_string(),
            ))
        } else {
            let scan = scan_sheet(&stream, sheet.pos, &sst, limits.sheet_cells);
            for &(at, len, claimed) in &scan.bad_dimensions {
                stream[at..at + len].fill(0);
                patched = true;
                if claimed > limits.sheet_cells {
                    notes.push(Note {
                        severity: Severity::Info,
                        zh: format!(
                            "工作表尺寸记录声称 {claimed} 个单元格（超过 {}），按实际单元格读取",
                            named("sheet_cells", limits.sheet_cells)
                        ),
                        en: format!(
                            "the sheet's DIMENSIONS record claims {claimed} cells (over {}); read by its actual cells",
                            named("sheet_cells", limits.sheet_cells)
                        ),
                    });
                }
            }
            let (h, w) = scan.cells.size();
            let area = scan.cells.area().max(scan.formulas.area());
            let cost = scan.cells.area() + scan.formulas.area();
            if area > limits.sheet_cells || scan.records > limits.sheet_cells {
                let shown = if area > limits.sheet_cells {
                    format!("{h} 行 × {w} 列（{area} 个单元格）")
                } else {
                    format!("{} 个单元格记录", scan.records)
                };
                let shown_en = if area > limits.sheet_cells {
                    format!("{h} rows × {w} columns ({area} cells)")
                } else {
                    format!("{} cell records", scan.records)
                };
                Some((
                    format!(
                        "工作表占用 {shown}，超过 {}，未读取",
                        named("sheet_cells", limits.sheet_cells)
                    ),
                    format!(
                        "the sheet spans {shown_en}, over {}; not read",
                        named("sheet_cells", limits.sheet_cells)
                    ),
                ))
            } else if budget_cells + cost > limits.workbook_cells {
                Some((
                    format!(
                        "工作簿各表合计超过 {}，本表（{h} 行 × {w} 列）未读取",
                        named("workbook_cells", limits.workbook_cells)
                    ),
                    format!(
                        "the workbook's sheets together exceed {}; this sheet ({h} × {w}) was not read",
                        named("workbook_cells", limits.workbook_cells)
                    ),
                ))
            } else if budget_text + scan.text_bytes > limits.workbook_text_bytes {
                Some((
                    format!(
                        "工作表文字展开后约 {} 字节，工作簿合计超过 {}，未读取",
                        scan.text_bytes,
                        named("workbook_text_bytes", limits.workbook_text_bytes)
                    ),
                    format!(
                        "the sheet's text expands to about {} bytes, taking the workbook over {}; not read",
                        scan.text_bytes,
                        named("workbook_text_bytes", limits.workbook_text_bytes)
                    ),
                ))
            } else {
                budget_cells += cost;
                budget_text += scan.text_bytes;
                None
            }
        };
        if let Some((zh, en)) = refusal {
            let Some(eof) = globals_eof else {
                return Err(IngestError::TooLarge(zh, en));
            };
            // calamine reads the sheet from the globals' EOF: an empty sheet.
            stream[sheet.rec + 4..sheet.rec + 8].copy_from_slice(&(eof as u32).to_le_bytes());
            patched = true;
            plan.refused[i] = true;
            notes.push(Note {
                severity: Severity::Error,
                zh,
                en,
            });
        }
    }
    if patched {
        plan.patched = Some(rebuild(name, &stream).map_err(damaged)?);
    }
    Ok(plan)
}

/// A compound file holding only the (patched) workbook stream: all calamine reads.
fn rebuild(name: &str, stream: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = cfb::CompoundFile::create_with_version(
        cfb::Version::V3,
        Cursor::new(Vec::with_capacity(stream.len() + 4096)),
    )?;
    {
        let mut s = out.create_stream(name)?;
        s.write_all(stream)?;
    }
    out.flush()?;
    Ok(out.into_inner().into_inner())
}

/// Walks one sheet's substream as calamine does (nested BOF…EOF substreams are skipped).
fn scan_sheet(stream: &[u8], pos: usize, sst: &[u64], max_claim: u64) -> SheetScan {
    let mut scan = SheetScan::default();
    let mut seen_bof = false;
    let mut depth = 0usize;
    let mut formula_at = (0u32, 0u32);
    for r in (Records { stream, pos }) {
        if depth > 0 {
            match r.typ {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        let d = r.data;
        let at = |d: &[u8]| Some((u16_at(d, 0)? as u32, u16_at(d, 2)? as u32));
        match r.typ {
            BOF if seen_bof => depth += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => {
                let (rf, rl, cf, cl) = match d.len() {
                    10 => (
                        u16_at(d, 0).unwrap_or(0) as u64,
                        u16_at(d, 2).unwrap_or(0) as u64,
                        u16_at(d, 4).unwrap_or(0) as u64,
                        u16_at(d, 6).unwrap_or(0) as u64,
                    ),
                    14 | 16 => (
                        u32_at(d, 0).unwrap_or(0) as u64,
                        u32_at(d, 4).unwrap_or(0) as u64,
                        u16_at(d, 8).unwrap_or(0) as u64,
                        u16_at(d, 10).unwrap_or(0) as u64,
                    ),
                    _ => continue,
                };
                // As calamine reads it: a first column past IV or after the last is 0.
                let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                if rl >= 1 && cl >= 1 {
                    let claimed = if rl > rf && cl > cf {
                        (rl - rf).saturating_mul(cl - cf)
                    } else {
                        u64::MAX
                    };
                    // Zero any claim that is impossible or over the limit: calamine only
                    // uses it to reserve memory.
                    if claimed > max_claim {
                        scan.bad_dimensions.push((r.start + 4, d.len(), claimed));
                    }
                }
            }
            NUMBER | BOOLERR | RK | LABEL | RSTRING | LABELSST => {
                let Some((row, col)) = at(d) else { continue };
                if r.typ == LABELSST {
                    // calamine drops a LABELSST whose index is past the table.
                    match u32_at(d, 6).and_then(|i| sst.get(i as usize)) {
                        Some(size) => scan.text_bytes += size,
                        None => continue,
                    }
                }
                if matches!(r.typ, LABEL | RSTRING) {
                    scan.text_bytes += d.len() as u64 * 2;
                }
                scan.cells.add(row, col);
                scan.records += 1;
            }
            MULRK => {
                let (Some(row), Some(first)) = (u16_at(d, 0), u16_at(d, 2)) else {
                    continue;
                };
                let n = d.len().saturating_sub(6) / 6;
                if n > 0 {
                    scan.cells.add(row as u32, first as u32);
                    scan.cells.add(row as u32, first as u32 + n as u32 - 1);
                    scan.records += n as u64;
                }
            }
            FORMULA => {
                let Some((row, col)) = at(d) else { continue };
                formula_at = (row, col);
                scan.cells.add(row, col);
                scan.formulas.add(row, col);
                scan.records += 1;
                scan.text_bytes += d.len() as u64;
            }
            STRING => {
                scan.cells.add(formula_at.0, formula_at.1);
                scan.records += 1;
                scan.text_bytes += d.len() as u64 * 2;
            }
            _ => {}
        }
    }
    scan
}

/// Reads across an SST record and its CONTINUE records.
struct Segments<'a> {
    segs: &'a [&'a [u8]],
    seg: usize,
    off: usize,
}

impl Segments<'_> {
    fn left(&self) -> usize {
        self.segs.get(self.seg).map_or(0, |s| s.len() - self.off)
    }
    /// Moves to the next segment when this one is used up; false at the end.
    fn ready(&mut self) -> bool {
        while self.seg < self.segs.len() && self.left() == 0 {
            self.seg += 1;
            self.off = 0;
        }
        self.seg < self.segs.len()
    }
    fn byte(&mut self) -> Option<u8> {
        if !self.ready() {
            return None;
        }
        let b = self.segs[self.seg][self.off];
        self.off += 1;
        Some(b)
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.byte()?, self.byte()?]))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes([
            self.byte()?,
            self.byte()?,
            self.byte()?,
            self.byte()?,
        ]))
    }
    fn skip(&mut self, mut n: usize) -> bool {
        while n > 0 {
            if !self.ready() {
                return false;
            }
            let k = n.min(self.left());
            self.off += k;
            n -= k;
        }
        true
    }
}

/// The UTF-8 size (at most) of each shared string, from its character count.
fn sst_sizes(segs: &[&[u8]]) -> Vec<u64> {
    let mut r = Segments {
        segs,
        seg: 0,
        off: 0,
    };
    let mut sizes = Vec::new();
    let (Some(_total), Some(unique)) = (r.u32(), r.u32()) else {
        return sizes;
    };
    'strings: for _ in 0..unique {
        let (Some(cch), Some(flags)) = (r.u16(), r.byte()) else {
            break;
        };
        let mut wide = flags & 1 != 0;
        let mut any_wide = wide;
        let runs = if flags & 8 != 0 { r.u16() } else { Some(0) };
        let ext = if flags & 4 != 0 { r.u32() } else { Some(0) };
        let (Some(runs), Some(ext)) = (runs, ext) else {
            break;
        };
        let mut left = cch as usize;
        while left > 0 {
            if r.left() == 0 {
                // Characters continue in the next record, which starts with its own flags.
                r.seg += 1;
                r.off = 0;
                let Some(f) = r.byte() else { break 'strings };
                wide = f & 1 != 0;
                any_wide |= wide;
                continue;
            }
            let width = if wide { 2 } else { 1 };
            let n = left.min(r.left() / width);
            if n == 0 {
                r.off += r.left();
                continue;
            }
            r.off += n * width;
            left -= n;
        }
        sizes.push(cch as u64 * if any_wide { 3 } else { 2 });
        if !r.skip(runs as usize * 4 + ext as usize) {
            break;
        }
    }
    sizes
}

/// A BIFF record, for building test workbooks.
pub fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 4);
    out.extend_from_slice(&typ.to_le_bytes());
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
    out
}

/// Wraps a workbook stream into a compound file, for building test workbooks.
pub fn compound_file(stream: &[u8]) -> Vec<u8> {
    rebuild("/Workbook", stream).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_string_sizes_follow_continue_records() {
        // Two strings: "ab" compressed, then a 3-char wide string split across a CONTINUE
        // whose first byte is the new flags byte.
        let sst: Vec<u8> = [
            &2u32.to_le_bytes()[..],
            &2u32.to_le_bytes(),
            &[2, 0, 0, b'a', b'b'],
            &[3, 0, 1, b'x', 0],
        ]
        .concat();
        let cont = [0u8, b'y', b'z'];
        let sizes = sst_sizes(&[&sst, &cont]);
        assert_eq!(sizes, vec![4, 9]);
    }

    #[test]
    fn read_only_cut_input_never_panics() {
        for n in 0..40 {
            let sst = [1u8, 0, 0, 0, 255, 255, 255, 255, 9, 0, 12];
            let _ = sst_sizes(&[&sst[..n.min(sst.len())]]);
            let _ = scan_sheet(&[9, 8, 16, 0, 0, 6], n, &[], 10);
        }
    }
}
