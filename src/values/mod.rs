//! Value normalisers (SPEC §2.5, §3): small pure functions from the strings found in real
//! files to typed values. Each returns `None` (or an error) rather than guessing.
//!
//! Input: a cell's text (or an Excel serial). Output: numbers, exact money in yuan, dates,
//! yes/no, education and title levels, credit codes, function lists.

pub mod credit_code;
pub mod date;
pub mod district;
pub mod education;
pub mod functions;
pub mod number;
pub mod org_type;
pub mod platform;
pub mod text;
pub mod title;
pub mod yesno;

pub use credit_code::{CreditCode, CreditCodeError};
pub use date::{excel_serial_to_date, parse_date};
pub use district::{district_from_division, district_from_text};
pub use education::{Education, parse_education};
pub use functions::parse_functions;
pub use number::{
    MoneyUnit, parse_count, parse_decimal, parse_money, parse_ratio, parse_uppercase_money,
};
pub use org_type::parse_org_type;
pub use platform::parse_platform_kind;
pub use text::{enterprise_key, normalise, ticked_choices};
pub use title::{TitleLevel, parse_title};
pub use yesno::parse_yes_no;
