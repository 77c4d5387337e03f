//! Value normalisers (SPEC §2.5, §3): small pure functions from the strings found in real
//! files to typed values. Each returns `None` (or an error) rather than guessing.
//!
//! Input: a cell's text (or an Excel serial). Output: numbers, exact money in yuan, dates,
//! yes/no, education and title levels, credit codes, function lists.

pub mod credit_code;
pub mod date;
pub mod education;
pub mod number;
pub mod text;
pub mod title;
pub mod yesno;

pub use credit_code::{CreditCode, CreditCodeError};
pub use date::{excel_serial_to_date, parse_date};
pub use education::{Education, parse_education};
pub use number::{
    MoneyUnit, parse_count, parse_decimal, parse_money, parse_ratio, parse_uppercase_money,
};
pub use text::{enterprise_key, normalise};
pub use title::{TitleLevel, parse_title};
pub use yesno::parse_yes_no;
