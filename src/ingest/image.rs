//! Page images and image files for OCR (SPEC §8.2): decoded only when read, within
//! `[limits] image_pixels`, upright.
//!
//! - `PageImage::decode`: a whole encoded image (JPEG from a PDF's `DCTDecode`, an image file)
//!   through the image crate, or a PDF's raw samples (`RawImage`: inflated by lopdf's filters
//!   with its predictors, then unpacked to RGB here); the image's quarter turns applied.
//! - `read_image_file`: an image file (sniffed by its magic bytes, not its extension) as a
//!   one-page scanned `PdfText`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use image::{ImageDecoder, ImageFormat, RgbImage};

use super::{ImageData, PageImage, PdfText, RawColour, RawImage};
use crate::limits::{Limits, named};
use crate::model::DocStatus;

impl PageImage {
    /// The image's pixels, upright (its quarter turns applied). The header's dimensions are
    /// checked against `image_pixels` before any pixel is decoded.
    pub fn decode(&self, limits: &Limits) -> Result<RgbImage, String> {
        let rgb = match &self.data {
            ImageData::Encoded(bytes) => decode_encoded(bytes, limits)?,
            ImageData::Raw(raw) => {
                match catch_unwind(AssertUnwindSafe(|| decode_raw(raw, limits))) {
                    Ok(result) => result?,
                    Err(_) => return Err("图像解码时发生内部错误（文件可能已损坏）".into()),
                }
            }
        };
        Ok(match self.quarter_turns % 4 {
            1 => image::imageops::rotate90(&rgb),
            2 => image::imageops::rotate180(&rgb),
            3 => image::imageops::rotate270(&rgb),
            _ => rgb,
        })
    }
}

fn decode_encoded(bytes: &[u8], limits: &Limits) -> Result<RgbImage, String> {
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("图像无法解码：{e}"))?;
    let (w, h) = reader
        .into_dimensions()
        .map_err(|e| format!("图像无法解码：{e}"))?;
    if w as u64 * h as u64 > limits.image_pixels {
        return Err(format!(
            "图像 {w}×{h} 像素超过上限（{}）",
            named("image_pixels", limits.image_pixels)
        ));
    }
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("图像无法解码：{e}"))?;
    let mut decoder_limits = image::Limits::default();
    decoder_limits.max_alloc = Some(limits.image_pixels.saturating_mul(4));
    reader.limits(decoder_limits);
    match catch_unwind(AssertUnwindSafe(|| reader.decode())) {
        Ok(Ok(img)) => Ok(img.to_rgb8()),
        Ok(Err(e)) => Err(format!("图像无法解码：{e}")),
        Err(_) => Err("图像解码时发生内部错误（文件可能已损坏）".into()),
    }
}

/// The filters of a raw image that lopdf decodes (with their predictors).
const RAW_FILTERS: [&str; 5] = [
    "FlateDecode",
    "LZWDecode",
    "RunLengthDecode",
    "ASCII85Decode",
    "ASCIIHexDecode",
];

/// Whether `filter` (a PDF filter name) is one the raw-sample path decodes.
pub fn is_raw_filter(filter: &str) -> bool {
    RAW_FILTERS.contains(&filter)
}

impl RawImage {
    /// Components per pixel in the stored samples.
    fn components(&self) -> u64 {
        match &self.colour {
            RawColour::Gray | RawColour::Indexed { .. } => 1,
            RawColour::Rgb => 3,
            RawColour::Cmyk => 4,
        }
    }

    /// Bytes of one row of samples (rows start on a byte boundary).
    fn row_bytes(&self) -> u64 {
        (self.width as u64 * self.components() * self.bits as u64).div_ceil(8)
    }

    /// Checks what the dictionary claims before anything is inflated: dimensions against
    /// `image_pixels`, bits per component, palette. The reason names the limit or the key.
    pub fn check(&self, limits: &Limits) -> Result<(), String> {
        let (w, h) = (self.width, self.height);
        if w == 0 || h == 0 {
            return Err(format!("图像尺寸 {w}×{h} 无效（/Width、/Height 应大于 0）"));
        }
        if w as u64 * h as u64 > limits.image_pixels {
            return Err(format!(
                "图像 {w}×{h} 像素超过上限（{}）",
                named("image_pixels", limits.image_pixels)
            ));
        }
        if ![1, 2, 4, 8, 16].contains(&self.bits) {
            return Err(format!(
                "图像每分量位数 /BitsPerComponent {} 不受支持（应为 1、2、4、8 或 16）",
                self.bits
            ));
        }
        if let RawColour::Indexed { base, palette } = &self.colour {
            if *base != 1 && *base != 3 {
                return Err(format!(
                    "索引色图像的基础色彩空间有 {base} 个分量，不受支持"
                ));
            }
            if self.bits == 16 || palette.is_empty() {
                return Err("索引色图像的调色板无效".into());
            }
        }
        if let Some(unknown) = self.filters.iter().find(|(f, _)| !is_raw_filter(f)) {
            return Err(format!("图像编码 {} 不受支持", unknown.0));
        }
        Ok(())
    }
}

/// The raw samples of a PDF image as RGB pixels: inflated within a bound derived from the
/// declared size (never more than the dimensions need, plus predictor bytes and slack).
fn decode_raw(raw: &RawImage, limits: &Limits) -> Result<RgbImage, String> {
    raw.check(limits)?;
    let (w, h) = (raw.width, raw.height);
    let row = raw.row_bytes();
    let expected = row * h as u64;
    let samples: std::borrow::Cow<[u8]> = if raw.filters.is_empty() {
        std::borrow::Cow::Borrowed(&raw.data[..])
    } else {
        let bound = expected + h as u64 + expected / 8 + 65_536;
        let limit = usize::try_from(bound).map_err(|_| "图像过大".to_string())?;
        let mut dict = lopdf::Dictionary::new();
        let names = raw
            .filters
            .iter()
            .map(|(f, _)| lopdf::Object::Name(f.as_bytes().to_vec()))
            .collect();
        let parms = raw
            .filters
            .iter()
            .map(|(_, params)| {
                let mut d = lopdf::Dictionary::new();
                for (k, v) in params {
                    d.set(k.as_bytes().to_vec(), lopdf::Object::Integer(*v));
                }
                lopdf::Object::Dictionary(d)
            })
            .collect();
        dict.set("Filter", lopdf::Object::Array(names));
        dict.set("DecodeParms", lopdf::Object::Array(parms));
        let stream = lopdf::Stream::new(dict, raw.data.clone());
        match stream.decompressed_content_with_limit(limit) {
            Ok(data) => std::borrow::Cow::Owned(data),
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                return Err(format!(
                    "图像数据解压后远超 {w}×{h} 所需的 {expected} 字节（可能是压缩炸弹）"
                ));
            }
            Err(e) => return Err(format!("图像数据无法解压：{e}")),
        }
    };
    if (samples.len() as u64) < expected {
        return Err(format!(
            "图像数据不完整：{w}×{h} 应有 {expected} 字节，只有 {} 字节",
            samples.len()
        ));
    }
    let row = row as usize;
    let (w, h) = (w as usize, h as usize);
    let bits = raw.bits as usize;
    let max = (1u32 << bits.min(8)) - 1;
    // A sample scaled to 0–255 (16-bit samples keep their high byte).
    let sample = |line: &[u8], i: usize| -> u8 {
        match bits {
            8 => line[i],
            16 => line[i * 2],
            _ => {
                let bit = i * bits;
                let byte = line[bit / 8];
                let shift = 8 - bits - bit % 8;
                let v = (byte >> shift) as u32 & max;
                (v * 255 / max) as u8
            }
        }
    };
    // The raw index of an indexed sample (not scaled).
    let index = |line: &[u8], i: usize| -> usize {
        match bits {
            8 => line[i] as usize,
            _ => {
                let bit = i * bits;
                ((line[bit / 8] >> (8 - bits - bit % 8)) as u32 & max) as usize
            }
        }
    };
    let flip = |v: u8| if raw.invert { 255 - v } else { v };
    let mut out = Vec::with_capacity(w * h * 3);
    for line in samples.chunks(row).take(h) {
        for x in 0..w {
            match &raw.colour {
                RawColour::Gray => {
                    let v = flip(sample(line, x));
                    out.extend_from_slice(&[v, v, v]);
                }
                RawColour::Rgb => {
                    for c in 0..3 {
                        out.push(flip(sample(line, x * 3 + c)));
                    }
                }
                RawColour::Cmyk => {
                    let k = flip(sample(line, x * 4 + 3)) as u16;
                    for c in 0..3 {
                        let v = flip(sample(line, x * 4 + c)) as u16;
                        out.push(255 - (v + k).min(255) as u8);
                    }
                }
                RawColour::Indexed { base, palette } => {
                    let base = *base as usize;
                    let at = index(line, x) * base;
                    // An index past the palette's end is paper (white): no phantom ink.
                    let entry = palette.get(at..at + base);
                    match (base, entry) {
                        (1, Some(e)) => out.extend_from_slice(&[e[0], e[0], e[0]]),
                        (_, Some(e)) => out.extend_from_slice(e),
                        (_, None) => out.extend_from_slice(&[255, 255, 255]),
                    }
                }
            }
        }
    }
    RgbImage::from_raw(w as u32, h as u32, out).ok_or_else(|| "图像数据不完整".to_string())
}

/// Image file extensions read by OCR (SPEC §8.2), with or without the leading dot, any case.
pub fn is_image_ext(ext: &str) -> bool {
    let ext = ext.trim_start_matches('.').to_ascii_lowercase();
    matches!(
        ext.as_str(),
        "jpg" | "jpeg" | "png" | "bmp" | "tif" | "tiff"
    )
}

/// The image format of `bytes` by its magic bytes (JPEG, PNG, BMP, TIFF), whatever the name.
fn sniff_format(bytes: &[u8]) -> Option<ImageFormat> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageFormat::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageFormat::Png)
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some(ImageFormat::Tiff)
    } else if bytes.len() >= 26 && bytes.starts_with(b"BM") {
        Some(ImageFormat::Bmp)
    } else {
        None
    }
}

/// Whether `bytes` start like a JPEG, PNG, BMP or TIFF file.
pub fn sniff_image(bytes: &[u8]) -> bool {
    sniff_format(bytes).is_some()
}

fn format_name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Png => "PNG",
        ImageFormat::Tiff => "TIFF",
        ImageFormat::Bmp => "BMP",
        _ => "图像",
    }
}

/// An image file (a scan or a photo) as a one-page scanned document: no text, one page image
/// as stored. The format comes from the magic bytes (a `.jpg` that is a PNG is read as PNG);
/// the header's dimensions are checked against `image_pixels`; an EXIF orientation (JPEG,
/// PNG, TIFF) becomes the image's quarter turns. Never panics.
pub fn read_image_file(bytes: &[u8], limits: &Limits) -> PdfText {
    let unreadable = |why: String| PdfText {
        status: DocStatus::Unreadable(why),
        ..PdfText::default()
    };
    let Some(format) = sniff_format(bytes) else {
        return unreadable("不是图像文件（文件头不是 JPEG、PNG、BMP 或 TIFF）".into());
    };
    let name = format_name(format);
    let header = catch_unwind(AssertUnwindSafe(|| {
        let mut decoder = image::ImageReader::with_format(std::io::Cursor::new(bytes), format)
            .into_decoder()
            .map_err(|e| format!("{name} 图像文件无法读取：{e}"))?;
        let (w, h) = decoder.dimensions();
        // An unreadable EXIF block is no reason to refuse the picture: upright as stored.
        let orientation = decoder
            .orientation()
            .unwrap_or(image::metadata::Orientation::NoTransforms);
        Ok::<_, String>((w, h, orientation))
    }));
    let (w, h, orientation) = match header {
        Ok(Ok(header)) => header,
        Ok(Err(why)) => return unreadable(why),
        Err(_) => {
            return unreadable(format!(
                "{name} 图像文件读取时发生内部错误（文件可能已损坏）"
            ));
        }
    };
    if w == 0 || h == 0 {
        return unreadable(format!("{name} 图像尺寸 {w}×{h} 无效"));
    }
    if w as u64 * h as u64 > limits.image_pixels {
        return unreadable(format!(
            "图像 {w}×{h} 像素超过上限（{}），未做文字识别",
            named("image_pixels", limits.image_pixels)
        ));
    }
    use image::metadata::Orientation as O;
    let (quarter_turns, mirrored) = match orientation {
        O::NoTransforms => (0, false),
        O::Rotate90 => (1, false),
        O::Rotate180 => (2, false),
        O::Rotate270 => (3, false),
        O::FlipHorizontal => (0, true),
        O::FlipVertical => (2, true),
        O::Rotate90FlipH => (1, true),
        O::Rotate270FlipH => (3, true),
    };
    let mut remarks = Vec::new();
    if quarter_turns != 0 {
        remarks.push(format!(
            "{name} 图像带 EXIF 方向标记，识别前已旋转 {} 度",
            quarter_turns as u32 * 90
        ));
    }
    if mirrored {
        remarks.push(format!(
            "{name} 图像的 EXIF 方向为镜像，镜像未校正，文字识别可能失败"
        ));
    }
    PdfText {
        status: DocStatus::Scanned,
        pages: vec![String::new()],
        remarks,
        images: vec![PageImage {
            page: 1,
            data: ImageData::Encoded(bytes.to_vec()),
            quarter_turns,
        }],
        ocr_pages: Vec::new(),
    }
}
