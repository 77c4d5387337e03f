//! Reading the tool's CSV reports in tests: one reader for every suite.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

/// Rows of a report as maps from column name to value. Every report starts with a UTF-8 BOM
/// (for Excel): it is required here, and stripped.
pub fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or_else(|| panic!("{} has no BOM", path.display()));
    let mut reader = csv::Reader::from_reader(body);
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .zip(r.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}
