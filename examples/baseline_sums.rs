//! The straightforward baseline aidcat must beat: the csv crate's `ByteRecord` reader and
//! `Decimal` parsing of the three money columns, summed per sector in a `HashMap`.
//! Prints `sector,projects,total,aid,counterpart` like `aidcat summary --format csv`.
//!
//!     cargo run --release --example baseline_sums -- cat.csv

use rust_decimal::Decimal;
use std::collections::HashMap;
use std::str::FromStr;

fn money(field: &[u8]) -> Decimal {
    std::str::from_utf8(field)
        .ok()
        .filter(|t| !t.is_empty())
        .and_then(|t| Decimal::from_str(t).ok())
        .unwrap_or_default()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: baseline_sums FILE")?;
    let mut reader = csv::ReaderBuilder::new().from_path(path)?;
    let header = reader.byte_headers()?.clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name.as_bytes())
            .ok_or(format!("no {name} column"))
    };
    let (sector, total, aid, counterpart) = (
        column("sector")?,
        column("total")?,
        column("aid")?,
        column("counterpart")?,
    );
    let mut order: Vec<Vec<u8>> = Vec::new();
    let mut sums: HashMap<Vec<u8>, (u64, [Decimal; 3])> = HashMap::new();
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record)? {
        let key = &record[sector];
        if !sums.contains_key(key) {
            order.push(key.to_vec());
            sums.insert(key.to_vec(), (0, [Decimal::ZERO; 3]));
        }
        let entry = sums.get_mut(key).expect("inserted above");
        entry.0 += 1;
        entry.1[0] += money(&record[total]);
        entry.1[1] += money(&record[aid]);
        entry.1[2] += money(&record[counterpart]);
    }
    println!("sector,projects,total,aid,counterpart");
    for key in order {
        let (count, [t, a, c]) = sums[&key];
        let name = String::from_utf8_lossy(&key);
        let name = if name.contains(',') {
            format!("\"{name}\"")
        } else {
            name.into_owned()
        };
        println!(
            "{name},{count},{},{},{}",
            t.normalize(),
            a.normalize(),
            c.normalize()
        );
    }
    Ok(())
}
