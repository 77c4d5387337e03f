//! Issue 10, item 2: the images of scanned PDF pages as stored (JPEG, Flate samples with
//! predictors, 1-bit, indexed), turned upright by `/Rotate` and the placement; filters not read
//! (JBIG2 …) named in a remark; hostile image dictionaries refused with a reason, never a
//! panic; image files sniffed by their bytes. Every PDF here is built in the test with lopdf
//! and the image crate's encoders.

use image::{ImageEncoder, Rgb, RgbImage};
use lopdf::{Dictionary, Document, Object, Stream};
use sme_audit::ingest::image::{is_image_ext, read_image_file, sniff_image};
use sme_audit::ingest::pdf::{read_pdf, read_pdf_limited};
use sme_audit::ingest::{ImageData, PageImage, PdfText, RawColour, RawImage};
use sme_audit::limits::Limits;
use sme_audit::model::DocStatus;

const W: u32 = 48;
const H: u32 = 32;

/// The upright test page: white, a black 12×12 mark at the top-left corner, a red bar at the
/// bottom right.
fn upright() -> RgbImage {
    RgbImage::from_fn(W, H, |x, y| {
        if x < 12 && y < 12 {
            Rgb([0, 0, 0])
        } else if x >= W - 16 && y >= H - 6 {
            Rgb([255, 0, 0])
        } else {
            Rgb([255, 255, 255])
        }
    })
}

/// The decoded image is the upright page: same size, the mark at the top-left corner only.
fn assert_upright(img: &RgbImage) {
    assert_eq!(img.dimensions(), (W, H), "size of the upright page");
    // Ink: every channel dark (the red bar is grey 76 in a grey image, not ink).
    let dark = |x: u32, y: u32| img.get_pixel(x, y).0.iter().all(|&c| c < 50);
    assert!(
        dark(3, 3),
        "mark at the top-left: {:?}",
        img.get_pixel(3, 3)
    );
    assert!(!dark(W - 4, 3), "top-right is paper");
    assert!(!dark(3, H - 4), "bottom-left is paper");
    assert!(!dark(W - 4, H - 4), "bottom-right is the red bar, not ink");
}

fn name(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}

fn nums(v: &[i64]) -> Object {
    Object::Array(v.iter().map(|&n| Object::Integer(n)).collect())
}

/// An image XObject dictionary.
fn image_dict(w: i64, h: i64, space: Option<Object>, bits: i64) -> Dictionary {
    let mut d = Dictionary::new();
    d.set("Type", name("XObject"));
    d.set("Subtype", name("Image"));
    d.set("Width", w);
    d.set("Height", h);
    if let Some(space) = space {
        d.set("ColorSpace", space);
    }
    d.set("BitsPerComponent", bits);
    d
}

/// A one-page PDF drawing `content` with the named image XObjects, and `/Rotate` if given.
fn pdf(images: Vec<(&str, Stream)>, content: &str, rotate: Option<i64>) -> Vec<u8> {
    pdf_with(images, content, rotate, |_, _| {})
}

/// `pdf`, with `more` adding to the document and the page's resources.
fn pdf_with(
    images: Vec<(&str, Stream)>,
    content: &str,
    rotate: Option<i64>,
    more: impl FnOnce(&mut Document, &mut Dictionary),
) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut xobjects = Dictionary::new();
    for (n, stream) in images {
        let id = doc.add_object(Object::Stream(stream));
        xobjects.set(n.as_bytes().to_vec(), Object::Reference(id));
    }
    let mut resources = Dictionary::new();
    resources.set("XObject", Object::Dictionary(xobjects));
    more(&mut doc, &mut resources);
    let content_id = doc.add_object(Object::Stream(Stream::new(
        Dictionary::new(),
        content.as_bytes().to_vec(),
    )));
    let mut page = Dictionary::new();
    page.set("Type", name("Page"));
    page.set("Parent", Object::Reference(pages_id));
    page.set("MediaBox", nums(&[0, 0, 595, 842]));
    page.set("Contents", Object::Reference(content_id));
    page.set("Resources", Object::Dictionary(resources));
    let page_id = doc.add_object(Object::Dictionary(page));
    let mut pages = Dictionary::new();
    pages.set("Type", name("Pages"));
    pages.set("Kids", Object::Array(vec![Object::Reference(page_id)]));
    pages.set("Count", 1);
    if let Some(r) = rotate {
        // Inherited from the page tree, as producers often write it.
        pages.set("Rotate", r);
    }
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let catalog = doc.add_object(Object::Dictionary({
        let mut c = Dictionary::new();
        c.set("Type", name("Catalog"));
        c.set("Pages", Object::Reference(pages_id));
        c
    }));
    doc.trailer.set("Root", Object::Reference(catalog));
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("in memory");
    out
}

/// A page drawing one image upright over most of an A4 page.
const UPRIGHT: &str = "q 480 0 0 320 50 400 cm /Im0 Do Q";

fn flate(mut dict: Dictionary, data: Vec<u8>) -> Stream {
    dict.set("Filter", name("FlateDecode"));
    let compressed = {
        let mut s = Stream::new(Dictionary::new(), data);
        s.compress().expect("compress");
        assert!(s.dict.get(b"Filter").is_ok(), "test data compresses");
        s.content
    };
    Stream::new(dict, compressed)
}

fn jpeg(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("jpeg");
    out
}

fn encode(img: &RgbImage, format: image::ImageFormat) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).expect("encode");
    out.into_inner()
}

fn only_image(text: &PdfText) -> &PageImage {
    assert_eq!(text.images.len(), 1, "{text:?}");
    &text.images[0]
}

fn decoded(text: &PdfText) -> RgbImage {
    only_image(text)
        .decode(&Limits::default())
        .unwrap_or_else(|e| panic!("{e}: {:?}", text.remarks))
}

fn remark_with<'a>(text: &'a PdfText, needle: &str) -> Option<&'a String> {
    text.remarks.iter().find(|r| r.contains(needle))
}

fn grey(img: &RgbImage) -> Vec<u8> {
    img.pixels()
        .map(|p| ((p[0] as u32 * 299 + p[1] as u32 * 587 + p[2] as u32 * 114) / 1000) as u8)
        .collect()
}

#[test]
fn a_dct_page_is_taken_as_stored_and_decodes_to_its_pixels() {
    let source = upright();
    let bytes = jpeg(&source, 92);
    let mut d = image_dict(W as i64, H as i64, Some(name("DeviceRGB")), 8);
    d.set("Filter", name("DCTDecode"));
    let text = read_pdf(&pdf(
        vec![("Im0", Stream::new(d, bytes.clone()))],
        UPRIGHT,
        None,
    ));
    assert_eq!(text.status, DocStatus::Scanned);
    assert_eq!(text.pages, vec![String::new()]);
    let image = only_image(&text);
    assert_eq!((image.page, image.quarter_turns), (1, 0));
    assert_eq!(
        image.data,
        ImageData::Encoded(bytes),
        "the JPEG bytes untouched"
    );
    let img = decoded(&text);
    assert_upright(&img);
    let error: u64 = img
        .as_raw()
        .iter()
        .zip(source.as_raw())
        .map(|(&a, &b)| (a as i64 - b as i64).unsigned_abs())
        .sum();
    let mean = error as f64 / img.as_raw().len() as f64;
    assert!(mean < 6.0, "mean error {mean} beyond JPEG's");
}

#[test]
fn a_jpeg_wrapped_in_ascii_hex_is_unwrapped_to_the_same_bytes() {
    let bytes = jpeg(&upright(), 92);
    let mut hex: Vec<u8> = bytes
        .iter()
        .flat_map(|b| format!("{b:02X}").into_bytes())
        .collect();
    hex.push(b'>');
    let mut d = image_dict(W as i64, H as i64, Some(name("DeviceRGB")), 8);
    d.set(
        "Filter",
        Object::Array(vec![name("ASCIIHexDecode"), name("DCTDecode")]),
    );
    let text = read_pdf(&pdf(vec![("Im0", Stream::new(d, hex))], UPRIGHT, None));
    assert_eq!(only_image(&text).data, ImageData::Encoded(bytes));
    assert_upright(&decoded(&text));
}

#[test]
fn a_named_iccbased_colour_space_is_resolved_through_the_resources() {
    let source = upright();
    let d = image_dict(W as i64, H as i64, Some(name("CS0")), 8);
    let file = pdf_with(
        vec![("Im0", flate(d, source.as_raw().clone()))],
        UPRIGHT,
        None,
        |doc, resources| {
            let mut icc = Dictionary::new();
            icc.set("N", 3);
            let icc = doc.add_object(Object::Stream(Stream::new(icc, vec![0; 128])));
            let mut spaces = Dictionary::new();
            spaces.set(
                "CS0",
                Object::Array(vec![name("ICCBased"), Object::Reference(icc)]),
            );
            resources.set("ColorSpace", Object::Dictionary(spaces));
        },
    );
    let text = read_pdf(&file);
    let ImageData::Raw(raw) = &only_image(&text).data else {
        panic!("raw")
    };
    assert_eq!(raw.colour, RawColour::Rgb);
    assert_eq!(decoded(&text), source);
}

#[test]
fn a_flate_grey_page_decodes_exactly() {
    let source = upright();
    let samples = grey(&source);
    let d = image_dict(W as i64, H as i64, Some(name("DeviceGray")), 8);
    let text = read_pdf(&pdf(
        vec![("Im0", flate(d, samples.clone()))],
        UPRIGHT,
        None,
    ));
    assert_eq!(text.status, DocStatus::Scanned);
    let ImageData::Raw(raw) = &only_image(&text).data else {
        panic!("raw samples expected")
    };
    assert_eq!((raw.width, raw.height, raw.bits), (W, H, 8));
    assert!(
        raw.data.len() < samples.len(),
        "kept compressed until decoded"
    );
    let img = decoded(&text);
    assert_upright(&img);
    let back: Vec<u8> = img.pixels().map(|p| p[0]).collect();
    assert_eq!(back, samples);
}

/// Packs 1-bit rows (MSB first, each row padded to a byte).
fn pack_bits(w: u32, h: u32, ink: impl Fn(u32, u32) -> bool, ink_bit: bool) -> Vec<u8> {
    let row = w.div_ceil(8) as usize;
    let mut out = vec![0u8; row * h as usize];
    for y in 0..h {
        for x in 0..w {
            if ink(x, y) == ink_bit {
                out[y as usize * row + x as usize / 8] |= 0x80 >> (x % 8);
            }
        }
    }
    out
}

#[test]
fn a_one_bit_page_with_decode_1_0_reads_ones_as_ink() {
    let source = upright();
    let ink = |x, y| source.get_pixel(x, y)[1] < 128 && source.get_pixel(x, y)[0] < 128;
    // /Decode [1 0]: a 1 bit is black.
    let mut d = image_dict(W as i64, H as i64, Some(name("DeviceGray")), 1);
    d.set("Decode", nums(&[1, 0]));
    let text = read_pdf(&pdf(
        vec![("Im0", flate(d, pack_bits(W, H, ink, true)))],
        UPRIGHT,
        None,
    ));
    let img = decoded(&text);
    assert_upright(&img);
    assert_eq!(img.get_pixel(3, 3).0, [0, 0, 0]);
    assert_eq!(img.get_pixel(20, 20).0, [255, 255, 255]);
    // The same bits without /Decode read the other way round: paper where the mark was.
    let d = image_dict(W as i64, H as i64, Some(name("DeviceGray")), 1);
    let plain = read_pdf(&pdf(
        vec![("Im0", flate(d, pack_bits(W, H, ink, true)))],
        UPRIGHT,
        None,
    ));
    assert_eq!(decoded(&plain).get_pixel(3, 3).0, [255, 255, 255]);
    // An image mask paints its 0 bits by default.
    let mut d = image_dict(W as i64, H as i64, None, 1);
    d.remove(b"BitsPerComponent");
    d.set("ImageMask", true);
    let mask = read_pdf(&pdf(
        vec![("Im0", flate(d, pack_bits(W, H, ink, false)))],
        UPRIGHT,
        None,
    ));
    assert_upright(&decoded(&mask));
}

#[test]
fn an_indexed_page_maps_through_its_palette() {
    let source = upright();
    let palette = vec![255u8, 255, 255, 0, 0, 0, 255, 0, 0];
    let index = |p: &Rgb<u8>| match p.0 {
        [0, 0, 0] => 1u8,
        [255, 0, 0] => 2,
        _ => 0,
    };
    let samples: Vec<u8> = source.pixels().map(index).collect();
    let space = Object::Array(vec![
        name("Indexed"),
        name("DeviceRGB"),
        Object::Integer(2),
        Object::String(palette.clone(), lopdf::StringFormat::Hexadecimal),
    ]);
    let d = image_dict(W as i64, H as i64, Some(space.clone()), 8);
    let img = decoded(&read_pdf(&pdf(
        vec![("Im0", flate(d, samples))],
        UPRIGHT,
        None,
    )));
    assert_eq!(img, source, "8-bit indices");
    // 4-bit indices, two to a byte.
    let w = W as usize;
    let mut nibbles = vec![0u8; w.div_ceil(2) * H as usize];
    for (i, p) in source.pixels().enumerate() {
        let (x, y) = (i % w, i / w);
        nibbles[y * w.div_ceil(2) + x / 2] |= index(p) << if x % 2 == 0 { 4 } else { 0 };
    }
    let d = image_dict(W as i64, H as i64, Some(space), 4);
    let img = decoded(&read_pdf(&pdf(
        vec![("Im0", flate(d, nibbles))],
        UPRIGHT,
        None,
    )));
    assert_eq!(img, source, "4-bit indices");
    // Over CMYK (paper, black, red as C M Y K).
    let cmyk = vec![0u8, 0, 0, 0, 0, 0, 0, 255, 0, 255, 255, 0];
    let space = Object::Array(vec![
        name("Indexed"),
        name("DeviceCMYK"),
        Object::Integer(2),
        Object::String(cmyk, lopdf::StringFormat::Hexadecimal),
    ]);
    let samples: Vec<u8> = source.pixels().map(index).collect();
    let d = image_dict(W as i64, H as i64, Some(space), 8);
    let img = decoded(&read_pdf(&pdf(
        vec![("Im0", flate(d, samples))],
        UPRIGHT,
        None,
    )));
    assert_eq!(img, source, "indexed over CMYK");
    // A palette shorter than its indices: the missing entries are paper, not ink.
    let space = Object::Array(vec![
        name("Indexed"),
        name("DeviceGray"),
        Object::Integer(2),
        Object::String(vec![255, 0], lopdf::StringFormat::Hexadecimal),
    ]);
    let samples: Vec<u8> = source.pixels().map(index).collect();
    let d = image_dict(W as i64, H as i64, Some(space), 8);
    let img = decoded(&read_pdf(&pdf(
        vec![("Im0", flate(d, samples))],
        UPRIGHT,
        None,
    )));
    assert_eq!(img.get_pixel(3, 3).0, [0, 0, 0]);
    assert_eq!(
        img.get_pixel(W - 2, H - 2).0,
        [255, 255, 255],
        "index 2 past the palette"
    );
}

/// PNG-predicted rows (predictor 15: each row names its filter), cycling None/Sub/Up/Avg/Paeth.
fn png_predict(samples: &[u8], row: usize, bpp: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let zero = vec![0u8; row];
    for (r, line) in samples.chunks(row).enumerate() {
        let prev = if r == 0 {
            &zero[..]
        } else {
            &samples[(r - 1) * row..r * row]
        };
        let kind = (r % 5) as u8;
        out.push(kind);
        for i in 0..row {
            let a = if i >= bpp { line[i - bpp] } else { 0 };
            let b = prev[i];
            let c = if i >= bpp { prev[i - bpp] } else { 0 };
            let predicted = match kind {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((a as u16 + b as u16) / 2) as u8,
                _ => {
                    let p = a as i16 + b as i16 - c as i16;
                    let (pa, pb, pc) = (
                        (p - a as i16).abs(),
                        (p - b as i16).abs(),
                        (p - c as i16).abs(),
                    );
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
            };
            out.push(line[i].wrapping_sub(predicted));
        }
    }
    out
}

#[test]
fn predictor_15_png_rows_are_undone() {
    let source = upright();
    let row = W as usize * 3;
    let predicted = png_predict(source.as_raw(), row, 3);
    let mut d = image_dict(W as i64, H as i64, Some(name("DeviceRGB")), 8);
    let mut parms = Dictionary::new();
    parms.set("Predictor", 15);
    parms.set("Colors", 3);
    parms.set("BitsPerComponent", 8);
    parms.set("Columns", W as i64);
    d.set("DecodeParms", Object::Dictionary(parms));
    let text = read_pdf(&pdf(vec![("Im0", flate(d, predicted))], UPRIGHT, None));
    assert_eq!(decoded(&text), source);
}

#[test]
fn a_page_rotated_by_rotate_90_decodes_upright() {
    // Stored a quarter turn counter-clockwise, shown with /Rotate 90 (clockwise).
    let stored = image::imageops::rotate270(&upright());
    let d = image_dict(H as i64, W as i64, Some(name("DeviceRGB")), 8);
    let text = read_pdf(&pdf(
        vec![("Im0", flate(d, stored.into_raw()))],
        "q 320 0 0 480 50 300 cm /Im0 Do Q",
        Some(90),
    ));
    assert_eq!(only_image(&text).quarter_turns, 1);
    assert_upright(&decoded(&text));
    // /Rotate -270 is the same turn.
    let stored = image::imageops::rotate270(&upright());
    let d = image_dict(H as i64, W as i64, Some(name("DeviceRGB")), 8);
    let text = read_pdf(&pdf(
        vec![("Im0", flate(d, stored.into_raw()))],
        "q 320 0 0 480 50 300 cm /Im0 Do Q",
        Some(-270),
    ));
    assert_upright(&decoded(&text));
}

#[test]
fn an_image_placed_with_a_rotated_ctm_decodes_upright() {
    let stored = image::imageops::rotate270(&upright());
    // The image's rows run down the page (a = 0, b < 0), its columns to the right.
    let content = "q 0 -480 320 0 50 700 cm /Im0 Do Q";
    let d = image_dict(H as i64, W as i64, Some(name("DeviceRGB")), 8);
    let text = read_pdf(&pdf(
        vec![("Im0", flate(d, stored.into_raw()))],
        content,
        None,
    ));
    assert_eq!(only_image(&text).quarter_turns, 1);
    assert_upright(&decoded(&text));
    // Upside down by the CTM and by /Rotate 180: the two cancel.
    let stored = image::imageops::rotate180(&upright());
    let d = image_dict(W as i64, H as i64, Some(name("DeviceRGB")), 8);
    let upside = read_pdf(&pdf(
        vec![("Im0", flate(d, stored.into_raw()))],
        "q -480 0 0 -320 530 720 cm /Im0 Do Q",
        None,
    ));
    assert_eq!(only_image(&upside).quarter_turns, 2);
    assert_upright(&decoded(&upside));
    assert!(remark_with(&upside, "镜像").is_none());
    // Drawn mirrored (a bottom-up image): not corrected, but said.
    let d = image_dict(W as i64, H as i64, Some(name("DeviceRGB")), 8);
    let mirrored = read_pdf(&pdf(
        vec![("Im0", flate(d, upright().into_raw()))],
        "q 480 0 0 -320 50 720 cm /Im0 Do Q",
        None,
    ));
    assert!(
        remark_with(&mirrored, "第 1 页图像为镜像放置").is_some(),
        "{:?}",
        mirrored.remarks
    );
}

#[test]
fn a_jbig2_page_is_named_and_gives_no_image() {
    let mut d = image_dict(W as i64, H as i64, Some(name("DeviceGray")), 1);
    d.set("Filter", name("JBIG2Decode"));
    let text = read_pdf(&pdf(
        vec![("Im0", Stream::new(d, vec![0x97, 0x4A, 0x42, 0x32]))],
        UPRIGHT,
        None,
    ));
    assert_eq!(text.status, DocStatus::Scanned, "still a scan: review");
    assert!(text.images.is_empty());
    assert!(
        remark_with(&text, "第 1 页图像为 JBIG2 编码，暂不支持文字识别").is_some(),
        "{:?}",
        text.remarks
    );
    let mut d = image_dict(W as i64, H as i64, Some(name("DeviceGray")), 1);
    d.set("Filter", Object::Array(vec![name("CCITTFaxDecode")]));
    let text = read_pdf(&pdf(
        vec![("Im0", Stream::new(d, vec![0; 8]))],
        UPRIGHT,
        None,
    ));
    assert!(text.images.is_empty());
    assert!(remark_with(&text, "CCITT").is_some(), "{:?}", text.remarks);
}

#[test]
fn of_several_images_the_largest_is_taken_and_strips_are_remarked() {
    let small = image_dict(16, 16, Some(name("DeviceGray")), 8);
    let large = image_dict(W as i64, H as i64, Some(name("DeviceGray")), 8);
    let content = "q 40 0 0 40 10 10 cm /Logo Do Q q 480 0 0 320 50 400 cm /Scan Do Q \
                   q 40 0 0 40 10 60 cm /Logo Do Q";
    let text = read_pdf(&pdf(
        vec![
            ("Logo", flate(small, vec![0; 256])),
            ("Scan", flate(large, grey(&upright()))),
        ],
        content,
        None,
    ));
    assert_upright(&decoded(&text));
    assert!(
        remark_with(&text, "拼成").is_none(),
        "a logo is not a strip"
    );
    // Three strips of one page: the largest is read, the rest is said to be missing.
    let strip = |h: i64| {
        flate(
            image_dict(W as i64, h, Some(name("DeviceGray")), 8),
            vec![200; W as usize * h as usize],
        )
    };
    let content = "q 480 0 0 100 50 600 cm /A Do Q q 480 0 0 120 50 480 cm /B Do Q \
                   q 480 0 0 100 50 380 cm /C Do Q";
    let text = read_pdf(&pdf(
        vec![("A", strip(10)), ("B", strip(12)), ("C", strip(10))],
        content,
        None,
    ));
    let ImageData::Raw(raw) = &only_image(&text).data else {
        panic!("raw")
    };
    assert_eq!(raw.height, 12, "the largest strip");
    assert!(
        remark_with(&text, "第 1 页由 3 幅图像拼成").is_some(),
        "{:?}",
        text.remarks
    );
}

// ------------------------------------------------------------------------------------------
// Hostile dictionaries and data: each an error string, no panic, no huge allocation.

fn raw(
    w: u32,
    h: u32,
    bits: u8,
    filters: Vec<(String, Vec<(String, i64)>)>,
    data: Vec<u8>,
) -> PageImage {
    PageImage {
        page: 1,
        data: ImageData::Raw(RawImage {
            width: w,
            height: h,
            bits,
            colour: RawColour::Gray,
            invert: false,
            filters,
            data,
        }),
        quarter_turns: 0,
    }
}

fn flate_filter() -> Vec<(String, Vec<(String, i64)>)> {
    vec![("FlateDecode".into(), vec![])]
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut s = Stream::new(Dictionary::new(), data.to_vec());
    s.compress().expect("compress");
    s.content
}

#[test]
fn a_100000_square_claim_is_refused_by_image_pixels_without_allocating() {
    // A few bytes that claim 10^10 pixels: refused from the dictionary, before inflating.
    let err = raw(100_000, 100_000, 8, flate_filter(), zlib(&[0; 64]))
        .decode(&Limits::default())
        .unwrap_err();
    assert!(err.contains("[limits] image_pixels = 60000000"), "{err}");
    let d = image_dict(100_000, 100_000, Some(name("DeviceGray")), 8);
    let text = read_pdf(&pdf(vec![("Im0", flate(d, vec![0; 4096]))], UPRIGHT, None));
    assert!(text.images.is_empty());
    assert!(
        remark_with(&text, "[limits] image_pixels").is_some(),
        "{:?}",
        text.remarks
    );
    // At the boundary, from the PDF: W×H pixels pass at W×H, not at one less.
    let d = image_dict(W as i64, H as i64, Some(name("DeviceGray")), 8);
    let file = pdf(vec![("Im0", flate(d, grey(&upright())))], UPRIGHT, None);
    let at = Limits {
        image_pixels: (W * H) as u64,
        ..Limits::default()
    };
    assert_upright(&decoded(&read_pdf_limited(&file, &at)));
    let below = Limits {
        image_pixels: (W * H - 1) as u64,
        ..Limits::default()
    };
    let text = read_pdf_limited(&file, &below);
    assert!(text.images.is_empty());
    assert!(
        remark_with(&text, &format!("[limits] image_pixels = {}", W * H - 1)).is_some(),
        "{:?}",
        text.remarks
    );
    // A JPEG whose header claims 60000×60000: refused from the header.
    let mut jpg = jpeg(&upright(), 80);
    let sof = jpg
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("SOF0");
    jpg[sof + 5..sof + 9].copy_from_slice(&[0xEA, 0x60, 0xEA, 0x60]);
    let image = PageImage {
        page: 1,
        data: ImageData::Encoded(jpg),
        quarter_turns: 0,
    };
    let err = image.decode(&Limits::default()).unwrap_err();
    assert!(err.contains("image_pixels"), "{err}");
}

#[test]
fn a_truncated_jpeg_is_an_error() {
    let jpg = jpeg(&upright(), 80);
    for cut in [jpg.len() / 2, 20, 3] {
        let image = PageImage {
            page: 1,
            data: ImageData::Encoded(jpg[..cut].to_vec()),
            quarter_turns: 0,
        };
        assert!(image.decode(&Limits::default()).is_err(), "cut at {cut}");
    }
}

#[test]
fn a_flate_stream_shorter_than_its_dimensions_is_an_error() {
    let err = raw(
        W,
        H,
        8,
        flate_filter(),
        zlib(&vec![128; (W * H / 2) as usize]),
    )
    .decode(&Limits::default())
    .unwrap_err();
    assert!(
        err.contains("不完整") && err.contains(&format!("{W}×{H}")),
        "{err}"
    );
    // Garbage that is no zlib at all.
    let err = raw(W, H, 8, flate_filter(), vec![1, 2, 3, 4, 5])
        .decode(&Limits::default())
        .unwrap_err();
    assert!(!err.is_empty());
    // A bomb: a tiny image whose stream inflates far past its size.
    let err = raw(4, 4, 8, flate_filter(), zlib(&vec![0; 1 << 20]))
        .decode(&Limits::default())
        .unwrap_err();
    assert!(err.contains("压缩炸弹"), "{err}");
}

#[test]
fn bogus_dictionaries_are_remarks_naming_the_page() {
    let cases: Vec<(Dictionary, &str)> = vec![
        (
            image_dict(W as i64, H as i64, Some(name("Foo")), 8),
            "色彩空间 Foo",
        ),
        (
            image_dict(W as i64, H as i64, Some(name("DeviceGray")), 7),
            "BitsPerComponent 7",
        ),
        (image_dict(0, H as i64, Some(name("DeviceGray")), 8), "0×32"),
        (
            image_dict(-5, H as i64, Some(name("DeviceGray")), 8),
            "/Width -5",
        ),
        (image_dict(W as i64, H as i64, None, 8), "/ColorSpace"),
        (
            image_dict(
                W as i64,
                H as i64,
                Some(Object::Array(vec![
                    name("Indexed"),
                    name("DeviceRGB"),
                    Object::Integer(1),
                ])),
                8,
            ),
            "调色板",
        ),
    ];
    for (d, needle) in cases {
        let text = read_pdf(&pdf(vec![("Im0", flate(d, vec![0; 2048]))], UPRIGHT, None));
        assert!(text.images.is_empty(), "{needle}");
        assert_eq!(text.status, DocStatus::Scanned);
        let remark = remark_with(&text, "第 1 页图像无法读取")
            .unwrap_or_else(|| panic!("{:?}", text.remarks));
        assert!(remark.contains(needle), "{remark} lacks {needle}");
    }
    // The same refusals from a hand-built image.
    for (image, needle) in [
        (raw(W, H, 7, vec![], vec![0; 4096]), "BitsPerComponent 7"),
        (raw(0, H, 8, vec![], vec![]), "无效"),
        (
            raw(W, H, 8, vec![("JBIG2Decode".into(), vec![])], vec![0; 8]),
            "JBIG2Decode",
        ),
    ] {
        let err = image.decode(&Limits::default()).unwrap_err();
        assert!(err.contains(needle), "{err} lacks {needle}");
    }
}

// ------------------------------------------------------------------------------------------
// Image files

#[test]
fn image_files_of_every_format_are_one_scanned_page() {
    let source = upright();
    for format in [
        image::ImageFormat::Png,
        image::ImageFormat::Jpeg,
        image::ImageFormat::Bmp,
        image::ImageFormat::Tiff,
    ] {
        let bytes = encode(&source, format);
        assert!(sniff_image(&bytes), "{format:?}");
        let text = read_image_file(&bytes, &Limits::default());
        assert_eq!(text.status, DocStatus::Scanned, "{format:?}");
        assert_eq!(text.pages, vec![String::new()]);
        let image = only_image(&text);
        assert_eq!((image.page, image.quarter_turns), (1, 0));
        assert_eq!(image.data, ImageData::Encoded(bytes));
        assert_upright(&decoded(&text));
    }
    for ext in ["jpg", ".JPEG", "png", "bmp", "tif", "TIFF"] {
        assert!(is_image_ext(ext), "{ext}");
    }
    for ext in ["pdf", "gif", "jpgx", ""] {
        assert!(!is_image_ext(ext), "{ext}");
    }
}

#[test]
fn a_png_named_jpg_is_read_as_png_and_a_text_named_png_is_unreadable() {
    // The file's name plays no part: its bytes decide.
    let png = encode(&upright(), image::ImageFormat::Png);
    let text = read_image_file(&png, &Limits::default());
    assert_eq!(text.status, DocStatus::Scanned);
    assert_upright(&decoded(&text));
    let text = read_image_file("单位名称,济南\n".as_bytes(), &Limits::default());
    assert!(!sniff_image("单位名称,济南\n".as_bytes()));
    match &text.status {
        DocStatus::Unreadable(why) => assert!(why.starts_with("不是图像文件"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert!(text.images.is_empty());
    // A PNG signature over garbage: unreadable, not a panic.
    let mut broken = png[..16].to_vec();
    broken.extend_from_slice(&[0xFF; 40]);
    assert!(matches!(
        read_image_file(&broken, &Limits::default()).status,
        DocStatus::Unreadable(_)
    ));
}

/// An EXIF block (big-endian TIFF) holding only the orientation tag.
fn exif_orientation(value: u16) -> Vec<u8> {
    let mut e = b"MM\0*\0\0\0\x08".to_vec();
    e.extend_from_slice(&1u16.to_be_bytes());
    e.extend_from_slice(&0x0112u16.to_be_bytes());
    e.extend_from_slice(&3u16.to_be_bytes());
    e.extend_from_slice(&1u32.to_be_bytes());
    e.extend_from_slice(&value.to_be_bytes());
    e.extend_from_slice(&[0, 0]);
    e.extend_from_slice(&0u32.to_be_bytes());
    e
}

#[test]
fn a_photo_with_exif_orientation_6_is_turned_upright() {
    // A phone held upright stores the picture turned a quarter counter-clockwise and tags
    // orientation 6 ("rotate 90° clockwise to view").
    let stored = image::imageops::rotate270(&upright());
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92);
    encoder
        .set_exif_metadata(exif_orientation(6))
        .expect("exif");
    encoder
        .write_image(
            stored.as_raw(),
            stored.width(),
            stored.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("jpeg");
    let text = read_image_file(&out, &Limits::default());
    assert_eq!(only_image(&text).quarter_turns, 1, "{:?}", text.remarks);
    assert_upright(&decoded(&text));
}

// ------------------------------------------------------------------------------------------
// Real files (not committed; see tests/real_files.rs): every page image of every PDF of the
// corpus is decoded, or refused with a reason, without a panic.

fn pdfs_under(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            pdfs_under(&p, out);
        } else if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
            out.push(p);
        }
    }
}

#[test]
#[ignore = "needs the real-file corpus (scripts/fetch_corpus.sh)"]
fn real_pdf_page_images_decode_or_are_refused_without_panic() {
    let root = std::env::var_os("SME_AUDIT_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "/tmp/sme-corpus".into());
    let mut files = Vec::new();
    pdfs_under(&root, &mut files);
    assert!(!files.is_empty(), "no PDFs under {}", root.display());
    let (mut images, mut decoded, mut refused) = (0, 0, Vec::new());
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let text = read_pdf(&bytes);
        for image in &text.images {
            images += 1;
            let result = std::panic::catch_unwind(|| image.decode(&Limits::default()));
            match result {
                Ok(Ok(_)) => decoded += 1,
                Ok(Err(why)) => refused.push(format!("{} p.{}: {why}", path.display(), image.page)),
                Err(_) => panic!("decoding panicked: {} p.{}", path.display(), image.page),
            }
        }
        for remark in text
            .remarks
            .iter()
            .filter(|r| r.contains("页图像") || r.contains("拼成"))
        {
            refused.push(format!("{}: {remark}", path.display()));
        }
    }
    eprintln!(
        "{} PDFs, {images} page images, {decoded} decoded; refused or remarked:\n{}",
        files.len(),
        refused.join("\n")
    );
}
