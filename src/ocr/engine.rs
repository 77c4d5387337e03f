//! The OCR engine: PaddleOCR PP-OCRv4 mobile (DBNet text detection + SVTR-LCNet recognition,
//! Apache-2.0, vendored in `models/`) run by tract in pure Rust.
//!
//! A page goes through: red channel as grey (a red 公章 turns to paper, black digits stay), the
//! paper's light evened out, detection at a bounded resolution, quarter-turn and skew
//! correction judged from the detected lines, then recognition of each line crop from the full
//! resolution image. Every step is deterministic: same pixels, same text.
//!
//! tract optimises a model for one concrete input shape; detection inputs are padded to a few
//! bucketed shapes and recognition crops to width buckets, and each plan is built once per
//! process and shared by every worker.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use image::imageops::{self, FilterType};
use image::{GrayImage, Luma, RgbImage};
use tract_onnx::prelude::*;

/// The models and the recogniser's alphabet, compiled into the binary so the tool works after
/// `cargo build` with no download and no system library.
const DET_MODEL: &[u8] = include_bytes!("../../models/ch_PP-OCRv4_det_infer.onnx");
const REC_MODEL: &[u8] = include_bytes!("../../models/ch_PP-OCRv4_rec_infer.onnx");
const ALPHABET: &str = include_str!("../../models/ppocr_keys_v1.txt");

/// Engine name and version, part of every cache key and of the run manifest.
pub const ENGINE_VERSION: &str = "PP-OCRv4-mobile/tract-0.23/sme-audit-ocr-1";

/// Longest side of the detector's input. Text of a 10.5 pt line is ~16 px here whether the
/// page was scanned at 150 or 300 dpi; recognition reads the crops at full resolution.
const DET_MAX_SIDE: u32 = 1280;
/// Detector input sides are padded to multiples of this (one optimised plan per shape).
const DET_BUCKET: u32 = 128;
/// DBNet post-processing (PaddleOCR's defaults).
const DET_THRESHOLD: f32 = 0.3;
const BOX_THRESHOLD: f32 = 0.5;
const UNCLIP_RATIO: f32 = 1.6;
/// Recogniser input height and the smallest padded width (PaddleOCR's 3×48×320).
const REC_HEIGHT: u32 = 48;
const REC_MIN_WIDTH: u32 = 160;
/// Recognition widths are padded to multiples of this; longer crops are cut into pieces.
const REC_BUCKET: u32 = 80;
const REC_MAX_WIDTH: u32 = 1600;
/// Skew below this (degrees) is left alone; above `MAX_SKEW` it is not a skew but a layout.
const MIN_SKEW: f32 = 0.3;
const MAX_SKEW: f32 = 6.0;
/// Longest side of the page image the skew is measured on.
const SKEW_SIDE: f32 = 1200.0;
/// Grey level (after the paper is evened to 255) from which everything is paper.
const WHITE_POINT: u32 = 200;

/// One recognised line segment, in the upright page's pixel coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub text: String,
    /// Mean probability of the recognised characters (0–1).
    pub confidence: f32,
}

/// What the engine read from one page image.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageOcr {
    /// Size of the upright, deskewed page the boxes refer to.
    pub width: u32,
    pub height: u32,
    /// Clockwise quarter turns the engine applied to set the page upright (after the file's
    /// own rotation).
    pub quarter_turns: u8,
    /// Skew corrected, degrees (counter-clockwise positive).
    pub skew_degrees: f32,
    pub boxes: Vec<TextBox>,
}

type Plan = Arc<TypedRunnableModel>;
/// A plan being built or built (or why it could not be), shared by the threads that need it.
type PlanCell = Arc<OnceLock<Result<Plan, String>>>;

/// A model with one optimised plan per input shape, built on first use.
struct Model {
    proto: InferenceModel,
    plans: Mutex<HashMap<(usize, usize, usize), PlanCell>>,
}

impl Model {
    fn load(bytes: &[u8]) -> Result<Model, String> {
        let proto = tract_onnx::onnx()
            .with_ignore_output_shapes(true)
            .model_for_read(&mut std::io::Cursor::new(bytes))
            .map_err(|e| format!("OCR 模型无法加载：{e}"))?;
        Ok(Model {
            proto,
            plans: Mutex::new(HashMap::new()),
        })
    }

    /// The plan for input `[n, 3, h, w]`, optimised once; other workers wait for it.
    fn plan(&self, n: usize, h: usize, w: usize) -> Result<Plan, String> {
        let cell = {
            let mut plans = self.plans.lock().unwrap_or_else(|p| p.into_inner());
            plans.entry((n, h, w)).or_default().clone()
        };
        cell.get_or_init(|| {
            self.proto
                .clone()
                .with_input_fact(0, f32::fact([n, 3, h, w]).into())
                .and_then(|m| m.into_optimized())
                .and_then(|m| m.into_runnable())
                .map_err(|e| format!("OCR 模型无法准备（输入 {n}×3×{h}×{w}）：{e}"))
        })
        .clone()
    }

    fn run(&self, input: Tensor) -> Result<Tensor, String> {
        let shape = input.shape().to_vec();
        let plan = self.plan(shape[0], shape[2], shape[3])?;
        let mut out = plan
            .run(tvec!(input.into()))
            .map_err(|e| format!("OCR 推理失败：{e}"))?;
        if out.is_empty() {
            return Err("OCR 推理没有输出".into());
        }
        Ok(out.remove(0).into_tensor())
    }
}

/// The loaded engine. Cheap to share: plans are built once and reused by every thread.
pub struct Engine {
    det: Model,
    rec: Model,
    alphabet: Vec<String>,
}

static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();

/// The process-wide engine, loaded on first use.
pub fn engine() -> Result<&'static Engine, String> {
    ENGINE
        .get_or_init(Engine::load)
        .as_ref()
        .map_err(|e| e.clone())
}

impl Engine {
    fn load() -> Result<Engine, String> {
        // Index 0 is the CTC blank; the model's last class is a space.
        let mut alphabet: Vec<String> = vec![String::new()];
        alphabet.extend(ALPHABET.lines().map(|l| l.to_string()));
        alphabet.push(" ".to_string());
        Ok(Engine {
            det: Model::load(DET_MODEL)?,
            rec: Model::load(REC_MODEL)?,
            alphabet,
        })
    }

    /// Reads one page image: finds its orientation and skew, detects the text lines and
    /// recognises them. Errors are the model's (never the image's: any pixels are valid).
    pub fn read(&self, page: &RgbImage) -> Result<PageOcr, String> {
        let mut grey = even_light(&red_as_grey(page));
        let mut quarter_turns = 0u8;
        let mut boxes = self.detect(&grey)?;
        // Lines taller than wide: the page lies on its side.
        if boxes.len() >= 3 && tall_share(&boxes) > 0.6 {
            grey = imageops::rotate90(&grey);
            quarter_turns = 1;
            boxes = self.detect(&grey)?;
        }
        let mut skew = 0.0f32;
        if let Some(angle) = estimate_skew(&grey)
            && angle.abs() >= MIN_SKEW
            && angle.abs() <= MAX_SKEW
        {
            grey = rotate_small(&grey, -angle);
            skew = angle;
            boxes = self.detect(&grey)?;
        }
        if self.upside_down(&grey, &boxes)? {
            grey = imageops::rotate180(&grey);
            quarter_turns = (quarter_turns + 2) % 4;
            boxes = self.detect(&grey)?;
        }
        let texts = self.recognise(&grey, &boxes)?;
        let boxes = boxes
            .into_iter()
            .zip(texts)
            .filter(|(_, (text, _))| !text.trim().is_empty())
            .map(|(b, (text, confidence))| TextBox {
                x0: b.x0,
                y0: b.y0,
                x1: b.x1,
                y1: b.y1,
                text,
                confidence,
            })
            .collect();
        Ok(PageOcr {
            width: grey.width(),
            height: grey.height(),
            quarter_turns,
            skew_degrees: skew,
            boxes,
        })
    }

    /// Text line boxes of a grey page, top to bottom, left to right, in its pixel coordinates.
    fn detect(&self, grey: &GrayImage) -> Result<Vec<Rect>, String> {
        let (w, h) = grey.dimensions();
        if w < 8 || h < 8 {
            return Ok(Vec::new());
        }
        let scale = (DET_MAX_SIDE as f32 / w.max(h) as f32).min(1.0);
        let sw = ((w as f32 * scale).round() as u32).max(1);
        let sh = ((h as f32 * scale).round() as u32).max(1);
        let small = imageops::resize(grey, sw, sh, FilterType::Triangle);
        let pw = sw.div_ceil(DET_BUCKET) * DET_BUCKET;
        let ph = sh.div_ceil(DET_BUCKET) * DET_BUCKET;
        // Padding is paper (white).
        let mut input =
            tract_ndarray::Array4::<f32>::from_elem((1, 3, ph as usize, pw as usize), 1.0);
        for (x, y, p) in small.enumerate_pixels() {
            let v = p.0[0] as f32 / 127.5 - 1.0;
            for c in 0..3 {
                input[[0, c, y as usize, x as usize]] = v;
            }
        }
        let out = self.det.run(input.into())?;
        let map = out
            .to_plain_array_view::<f32>()
            .map_err(|e| format!("OCR 检测输出无法读取：{e}"))?;
        let shape = map.shape().to_vec();
        if shape.len() != 4 || shape[2] < sh as usize || shape[3] < sw as usize {
            return Err(format!("OCR 检测输出形状异常：{shape:?}"));
        }
        let (mw, mh) = (sw as usize, sh as usize);
        let mut prob = vec![0f32; mw * mh];
        for y in 0..mh {
            for x in 0..mw {
                prob[y * mw + x] = map[[0, 0, y, x]];
            }
        }
        let rects = db_boxes(&prob, mw, mh);
        let inv = 1.0 / scale;
        let mut boxes: Vec<Rect> = rects
            .into_iter()
            .map(|r| Rect {
                x0: (r.x0 * inv).clamp(0.0, w as f32),
                y0: (r.y0 * inv).clamp(0.0, h as f32),
                x1: (r.x1 * inv).clamp(0.0, w as f32),
                y1: (r.y1 * inv).clamp(0.0, h as f32),
            })
            .filter(|r| r.x1 - r.x0 >= 4.0 && r.y1 - r.y0 >= 4.0)
            .collect();
        boxes.sort_by(|a, b| {
            a.y0.total_cmp(&b.y0)
                .then(a.x0.total_cmp(&b.x0))
                .then(a.x1.total_cmp(&b.x1))
        });
        Ok(boxes)
    }

    /// Whether the page reads better turned by 180°: the longest lines recognised both ways.
    fn upside_down(&self, grey: &GrayImage, boxes: &[Rect]) -> Result<bool, String> {
        let mut longest: Vec<&Rect> = boxes.iter().collect();
        longest.sort_by(|a, b| (b.x1 - b.x0).total_cmp(&(a.x1 - a.x0)));
        let sample: Vec<Rect> = longest.into_iter().take(4).cloned().collect();
        if sample.is_empty() {
            return Ok(false);
        }
        let upright = self.recognise(grey, &sample)?;
        let (w, h) = grey.dimensions();
        let turned_boxes: Vec<Rect> = sample
            .iter()
            .map(|r| Rect {
                x0: w as f32 - r.x1,
                x1: w as f32 - r.x0,
                y0: h as f32 - r.y1,
                y1: h as f32 - r.y0,
            })
            .collect();
        let turned = self.recognise(&imageops::rotate180(grey), &turned_boxes)?;
        let score = |texts: &[(String, f32)]| -> f32 {
            texts
                .iter()
                .map(|(t, c)| c * t.chars().count() as f32)
                .sum::<f32>()
        };
        Ok(score(&turned) > score(&upright) * 1.15)
    }

    /// Recognises each box: the crop at full resolution, scaled to the recogniser's height and
    /// padded to its width bucket; a very long line is read in pieces, joined in order.
    /// (Batching several crops per run was measured: no gain with tract, so one crop per run.)
    fn recognise(&self, grey: &GrayImage, boxes: &[Rect]) -> Result<Vec<(String, f32)>, String> {
        let mut out = Vec::with_capacity(boxes.len());
        for r in boxes {
            let crop = crop(grey, r);
            let (cw, ch) = crop.dimensions();
            let (mut text, mut conf, mut pieces_read) = (String::new(), 0.0f32, 0u32);
            if cw > 0 && ch > 0 {
                let width = ((cw as f32 * REC_HEIGHT as f32 / ch as f32).round() as u32).max(1);
                let pieces = width.div_ceil(REC_MAX_WIDTH);
                let step = cw.div_ceil(pieces);
                for p in 0..pieces {
                    let x = p * step;
                    let pw = step.min(cw.saturating_sub(x));
                    if pw == 0 {
                        continue;
                    }
                    let piece = imageops::crop_imm(&crop, x, 0, pw, ch).to_image();
                    let w = ((pw as f32 * REC_HEIGHT as f32 / ch as f32).round() as u32)
                        .clamp(1, REC_MAX_WIDTH);
                    let line = imageops::resize(&piece, w, REC_HEIGHT, FilterType::Triangle);
                    let padded = w.max(REC_MIN_WIDTH).div_ceil(REC_BUCKET) * REC_BUCKET;
                    let (t, c) = self.recognise_line(&line, padded)?;
                    text.push_str(&t);
                    conf += c;
                    pieces_read += 1;
                }
            }
            let conf = if pieces_read == 0 {
                0.0
            } else {
                conf / pieces_read as f32
            };
            out.push((text, conf));
        }
        Ok(out)
    }

    /// Recognises one line image of height `REC_HEIGHT`, padded to `width` (CTC greedy
    /// decoding: best class per step, repeats and blanks dropped).
    fn recognise_line(&self, line: &GrayImage, width: u32) -> Result<(String, f32), String> {
        let mut input =
            tract_ndarray::Array4::<f32>::zeros((1, 3, REC_HEIGHT as usize, width as usize));
        for (x, y, p) in line.enumerate_pixels() {
            if x >= width {
                continue;
            }
            let v = p.0[0] as f32 / 127.5 - 1.0;
            for c in 0..3 {
                input[[0, c, y as usize, x as usize]] = v;
            }
        }
        let out = self.rec.run(input.into())?;
        let probs = out
            .to_plain_array_view::<f32>()
            .map_err(|e| format!("OCR 识别输出无法读取：{e}"))?;
        let shape = probs.shape().to_vec();
        if shape.len() != 3 || shape[0] != 1 {
            return Err(format!("OCR 识别输出形状异常：{shape:?}"));
        }
        let (steps, classes) = (shape[1], shape[2]);
        let mut text = String::new();
        let mut sum = 0.0f32;
        let mut count = 0usize;
        let mut previous = 0usize;
        for t in 0..steps {
            let mut best = 0usize;
            let mut best_p = f32::MIN;
            for k in 0..classes {
                let p = probs[[0, t, k]];
                if p > best_p {
                    best_p = p;
                    best = k;
                }
            }
            if best != 0
                && best != previous
                && let Some(ch) = self.alphabet.get(best)
            {
                text.push_str(ch);
                sum += best_p;
                count += 1;
            }
            previous = best;
        }
        Ok((text, if count == 0 { 0.0 } else { sum / count as f32 }))
    }
}

/// An axis-aligned box in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

/// The red channel as grey: black and blue ink stay dark, a red seal and red lines become
/// paper, so digits under a 公章 are read as if it were not there.
pub fn red_as_grey(page: &RgbImage) -> GrayImage {
    let (w, h) = page.dimensions();
    let mut grey = GrayImage::new(w, h);
    for (src, dst) in page.pixels().zip(grey.pixels_mut()) {
        *dst = Luma([src.0[0]]);
    }
    grey
}

/// Evens out the paper's light (phone photos, a scanner's shadow at the spine): each pixel is
/// divided by the local paper brightness, estimated as the brightest pixels of a coarse grid
/// and smoothed. Ink stays as dark relative to its paper as it was.
pub fn even_light(grey: &GrayImage) -> GrayImage {
    let (w, h) = grey.dimensions();
    const CELL: u32 = 32;
    let gw = w.div_ceil(CELL).max(1);
    let gh = h.div_ceil(CELL).max(1);
    let mut bg = GrayImage::new(gw, gh);
    for gy in 0..gh {
        for gx in 0..gw {
            let mut hist = [0u32; 256];
            let mut n = 0u32;
            for y in gy * CELL..((gy + 1) * CELL).min(h) {
                for x in gx * CELL..((gx + 1) * CELL).min(w) {
                    hist[grey.get_pixel(x, y).0[0] as usize] += 1;
                    n += 1;
                }
            }
            // The 90th percentile: the paper, not the ink.
            let mut seen = 0u32;
            let mut level = 255u8;
            for (v, count) in hist.iter().enumerate() {
                seen += count;
                if seen * 10 >= n * 9 {
                    level = v as u8;
                    break;
                }
            }
            bg.put_pixel(gx, gy, Luma([level]));
        }
    }
    // Spread the paper level over neighbours (a cell full of ink takes its neighbours' paper).
    let mut spread = bg.clone();
    for gy in 0..gh {
        for gx in 0..gw {
            let mut best = 0u8;
            for dy in -1i64..=1 {
                for dx in -1i64..=1 {
                    let (x, y) = (gx as i64 + dx, gy as i64 + dy);
                    if x >= 0 && y >= 0 && x < gw as i64 && y < gh as i64 {
                        best = best.max(bg.get_pixel(x as u32, y as u32).0[0]);
                    }
                }
            }
            spread.put_pixel(gx, gy, Luma([best]));
        }
    }
    let full = imageops::resize(&spread, w, h, FilterType::Triangle);
    let mut out = GrayImage::new(w, h);
    for ((src, paper), dst) in grey.pixels().zip(full.pixels()).zip(out.pixels_mut()) {
        // Relative to its paper, then everything lighter than `WHITE_POINT` is paper: a
        // washed-out red seal left in the red channel disappears, dark ink stays.
        let paper = paper.0[0].max(64) as u32;
        let v = (src.0[0] as u32 * 255 * 255 / (paper * WHITE_POINT)).min(255);
        *dst = Luma([v as u8]);
    }
    out
}

/// DBNet post-processing: the probability map thresholded, connected regions (4-connected)
/// scored by their mean probability, each region's box expanded by the unclip distance.
fn db_boxes(prob: &[f32], w: usize, h: usize) -> Vec<Rect> {
    let mut label = vec![0u32; w * h];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    let mut next = 0u32;
    for start in 0..w * h {
        if label[start] != 0 || prob[start] <= DET_THRESHOLD {
            continue;
        }
        next += 1;
        label[start] = next;
        stack.push(start);
        let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0usize, 0usize);
        let mut sum = 0f32;
        let mut n = 0usize;
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(y);
            y1 = y1.max(y);
            sum += prob[i];
            n += 1;
            let mut visit = |j: usize| {
                if label[j] == 0 && prob[j] > DET_THRESHOLD {
                    label[j] = next;
                    stack.push(j);
                }
            };
            if x > 0 {
                visit(i - 1);
            }
            if x + 1 < w {
                visit(i + 1);
            }
            if y > 0 {
                visit(i - w);
            }
            if y + 1 < h {
                visit(i + w);
            }
        }
        let bw = (x1 - x0 + 1) as f32;
        let bh = (y1 - y0 + 1) as f32;
        if bw.min(bh) < 2.0 || sum / (n as f32) < BOX_THRESHOLD {
            continue;
        }
        let d = bw * bh * UNCLIP_RATIO / (2.0 * (bw + bh));
        out.push(Rect {
            x0: x0 as f32 - d,
            y0: y0 as f32 - d,
            x1: x1 as f32 + 1.0 + d,
            y1: y1 as f32 + 1.0 + d,
        });
    }
    out
}

/// Share of boxes (of two characters or more) that are taller than wide.
fn tall_share(boxes: &[Rect]) -> f32 {
    let sized: Vec<&Rect> = boxes
        .iter()
        .filter(|r| (r.x1 - r.x0).max(r.y1 - r.y0) > 2.0 * (r.x1 - r.x0).min(r.y1 - r.y0))
        .collect();
    if sized.is_empty() {
        return 0.0;
    }
    sized.iter().filter(|r| r.y1 - r.y0 > r.x1 - r.x0).count() as f32 / sized.len() as f32
}

/// The page's skew in degrees (counter-clockwise positive), by projection profiles: the ink of
/// a downscaled page projected onto lines at each candidate angle; text lines and table rules
/// give the sharpest profile (largest sum of squared counts) at the true angle. None on a page
/// with too little ink to tell.
fn estimate_skew(grey: &GrayImage) -> Option<f32> {
    let (w, h) = grey.dimensions();
    let scale = (SKEW_SIDE / w.max(h) as f32).min(1.0);
    let small = imageops::resize(
        grey,
        ((w as f32 * scale) as u32).max(1),
        ((h as f32 * scale) as u32).max(1),
        FilterType::Triangle,
    );
    let ink: Vec<(f32, f32)> = small
        .enumerate_pixels()
        // Grey counts: thin strokes of a 150 dpi scan are light once downscaled.
        .filter(|(_, _, p)| p.0[0] < 192)
        .map(|(x, y, _)| (x as f32, y as f32))
        .collect();
    if ink.len() < 200 {
        return None;
    }
    let rows = (small.width() + small.height()) as usize * 2;
    let mut counts = vec![0u32; rows];
    let mut sharpness = |degrees: f32| -> u64 {
        let (sin, cos) = degrees.to_radians().sin_cos();
        counts.iter_mut().for_each(|c| *c = 0);
        for &(x, y) in &ink {
            // The row of (x, y) on a line through it at `degrees` (image y grows downward, so
            // a line rising to the right has y decreasing with x).
            let row = (y * cos + x * sin) as isize + rows as isize / 2;
            if let Some(c) = counts.get_mut(row.max(0) as usize) {
                *c += 1;
            }
        }
        counts.iter().map(|&c| (c as u64) * (c as u64)).sum()
    };
    let best = |from: f32, to: f32, step: f32, score: &mut dyn FnMut(f32) -> u64| -> f32 {
        let mut best = (0u64, 0.0f32);
        let mut a = from;
        while a <= to + 1e-4 {
            let s = score(a);
            // Ties go to the angle nearest zero (no rotation for nothing).
            if s > best.0 || (s == best.0 && a.abs() < best.1.abs()) {
                best = (s, a);
            }
            a += step;
        }
        best.1
    };
    let coarse = best(-MAX_SKEW, MAX_SKEW, 0.25, &mut sharpness);
    Some(best(coarse - 0.25, coarse + 0.25, 0.05, &mut sharpness))
}

/// Rotates by a small angle (degrees, counter-clockwise positive) about the centre, keeping the
/// size; uncovered corners are paper.
pub fn rotate_small(grey: &GrayImage, degrees: f32) -> GrayImage {
    let (w, h) = grey.dimensions();
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let mut out = GrayImage::from_pixel(w, h, Luma([255]));
    for y in 0..h {
        for x in 0..w {
            // Inverse mapping: where in the source does this output pixel come from.
            let dx = x as f32 + 0.5 - cx;
            let dy = y as f32 + 0.5 - cy;
            let sx = cos * dx - sin * dy + cx - 0.5;
            let sy = sin * dx + cos * dy + cy - 0.5;
            if sx >= 0.0 && sy >= 0.0 && sx < (w - 1) as f32 && sy < (h - 1) as f32 {
                let (x0, y0) = (sx as u32, sy as u32);
                let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
                let p = |x: u32, y: u32| grey.get_pixel(x, y).0[0] as f32;
                let v = p(x0, y0) * (1.0 - fx) * (1.0 - fy)
                    + p(x0 + 1, y0) * fx * (1.0 - fy)
                    + p(x0, y0 + 1) * (1.0 - fx) * fy
                    + p(x0 + 1, y0 + 1) * fx * fy;
                out.put_pixel(x, y, Luma([v.round().clamp(0.0, 255.0) as u8]));
            }
        }
    }
    out
}

fn crop(grey: &GrayImage, r: &Rect) -> GrayImage {
    let (w, h) = grey.dimensions();
    let x0 = (r.x0.floor().max(0.0) as u32).min(w);
    let y0 = (r.y0.floor().max(0.0) as u32).min(h);
    let x1 = (r.x1.ceil().max(0.0) as u32).min(w);
    let y1 = (r.y1.ceil().max(0.0) as u32).min(h);
    imageops::crop_imm(grey, x0, y0, x1.saturating_sub(x0), y1.saturating_sub(y0)).to_image()
}
