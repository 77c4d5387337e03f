//! Extraction: documents → typed facts with their evidence (file, sheet!cell, page), plus the
//! problems met on the way. One module per kind of source.

pub mod pdf;
