//! Numbers: formatting an amount then parsing it gives the same `Decimal`, in both
//! conventions; parsing any text never panics, and what parses formats back alike.

#![no_main]

use aidcat::number::{Convention, format_grouped, format_plain, parse};

use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

fuzz_target!(|input: (i64, u8, &[u8])| {
    let (mantissa, scale, text) = input;
    // Amounts within the documented cap: at most 18 whole digits (MAX_WHOLE_DIGITS).
    let amount = Decimal::new(mantissa % 1_000_000_000_000_000_000, u32::from(scale % 10));
    for convention in [Convention::Vi, Convention::En] {
        let written = format_grouped(amount, convention);
        assert_eq!(parse(&written, convention), Ok(amount), "{written}");
    }
    let text = String::from_utf8_lossy(text);
    for convention in [Convention::Vi, Convention::En] {
        if let Ok(value) = parse(&text, convention) {
            let again = format_grouped(value, convention);
            assert_eq!(parse(&again, convention), Ok(value), "{text} -> {again}");
            let _ = format_plain(value);
        }
    }
});
