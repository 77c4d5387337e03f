//! PDF extractors (stub; implemented on branch pdf).
use crate::ingest::PdfText;
use crate::model::{AuditReport, CreditReport, PremisesProof, Problem, Role};
pub fn classify(text: &PdfText) -> Option<Role> {
    todo!("{text:?}")
}
pub fn read_audit(file: &str, text: &PdfText) -> (AuditReport, Vec<Problem>) {
    todo!("{file}{text:?}")
}
pub fn read_credit(file: &str, text: &PdfText) -> (CreditReport, Vec<Problem>) {
    todo!("{file}{text:?}")
}
pub fn read_premises(file: &str, text: &PdfText) -> (PremisesProof, Vec<Problem>) {
    todo!("{file}{text:?}")
}
