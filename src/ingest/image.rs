//! Page images and image files for OCR (SPEC §8.2): decoded only when read, within
//! `[limits] image_pixels`, upright.

use std::panic::{AssertUnwindSafe, catch_unwind};

use image::RgbImage;

use super::{ImageData, PageImage};
use crate::limits::{Limits, named};

impl PageImage {
    /// The image's pixels, upright (its quarter turns applied). The header's dimensions are
    /// checked against `image_pixels` before any pixel is decoded.
    pub fn decode(&self, limits: &Limits) -> Result<RgbImage, String> {
        let rgb = match &self.data {
            ImageData::Encoded(bytes) => decode_encoded(bytes, limits)?,
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
