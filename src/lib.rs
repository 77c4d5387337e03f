//! sme-audit: screens applications under the Jinan SME Public Service Demonstration Platform
//! recognition measures (济工信中小企业字〔2021〕5号).
//!
//! The pipeline:
//! 1. `discover`: a round folder → applicants (folders and zips, district folders between);
//! 2. `ingest`: each file → a `Document` (sheets of cells, or PDF pages of text);
//! 3. `extract`: documents → `Facts` (form, roster, logs, audit figures …), each figure with
//!    its `Evidence` (file, sheet!cell or page), and `Problem`s for whatever could not be read;
//! 4. `evaluate`: facts + `Rules` → one outcome per criterion of SPEC §4.1 (rayon over
//!    applicants, cross-applicant checks after);
//! 5. `report`: outcomes → `report.csv`, `criteria.csv`, `problems.csv`, `summary.csv`.

pub mod calendar;
pub mod cli;
pub mod decisions;
pub mod discover;
pub mod district;
pub mod evaluate;
pub mod extract;
pub mod hash;
pub mod history;
pub mod ingest;
pub mod inspect;
pub mod json;
pub mod limits;
pub mod manifest;
pub mod model;
pub mod monitor;
pub mod notice;
pub mod ocr;
pub mod os_error;
pub mod pipeline;
pub mod progress;
pub mod report;
pub mod rules;
pub mod run;
pub mod stats;
pub mod usage;
pub mod values;
