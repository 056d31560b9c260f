//! A deterministic generator of tidy catalogues for benchmarks, after the model of
//! `shared/bench/gen_catalogue.py`: realistic Vietnamese text with commas and quotes,
//! amounts in million VND with `.` as the decimal point (up to 3 decimals), about 15% empty
//! counterpart cells, and about 0.1% rows whose total is off (their count is reported).
//!
//!     cargo run --release --example gen_catalogue -- --rows 1000000 --seed 42 --out cat.csv

use std::io::{BufWriter, Write};

/// SplitMix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

const PROVINCES: &[(&str, &str, &[&str])] = &[
    (
        "Sóc Trăng",
        "STG",
        &[
            "Châu Thành",
            "Kế Sách",
            "Mỹ Tú",
            "Long Phú",
            "Trần Đề",
            "Cù Lao Dung",
        ],
    ),
    (
        "Vĩnh Phúc",
        "VPC",
        &[
            "Tam Dương",
            "Lập Thạch",
            "Sông Lô",
            "Yên Lạc",
            "Vĩnh Tường",
            "Tam Đảo",
        ],
    ),
    (
        "Đắk Nông",
        "DNO",
        &[
            "Cư Jút",
            "Đắk Mil",
            "Krông Nô",
            "Đắk Song",
            "Đắk R'Lấp",
            "Tuy Đức",
        ],
    ),
    (
        "Cao Bằng",
        "CBG",
        &[
            "Bảo Lạc",
            "Bảo Lâm",
            "Hà Quảng",
            "Trùng Khánh",
            "Hạ Lang",
            "Thạch An",
        ],
    ),
    (
        "Hà Giang",
        "HGG",
        &[
            "Đồng Văn",
            "Mèo Vạc",
            "Yên Minh",
            "Quản Bạ",
            "Bắc Mê",
            "Xín Mần",
        ],
    ),
    (
        "Lào Cai",
        "LCI",
        &[
            "Bát Xát",
            "Mường Khương",
            "Si Ma Cai",
            "Bắc Hà",
            "Sa Pa",
            "Văn Bàn",
        ],
    ),
    (
        "Điện Biên",
        "DBN",
        &["Mường Nhé", "Mường Chà", "Tủa Chùa", "Tuần Giáo", "Nậm Pồ"],
    ),
    (
        "Nghệ An",
        "NAN",
        &["Kỳ Sơn", "Tương Dương", "Con Cuông", "Quế Phong", "Anh Sơn"],
    ),
    (
        "Quảng Nam",
        "QNM",
        &[
            "Nam Trà My",
            "Bắc Trà My",
            "Phước Sơn",
            "Tây Giang",
            "Hiệp Đức",
        ],
    ),
    (
        "Gia Lai",
        "GLI",
        &[
            "Chư Păh",
            "Ia Grai",
            "Mang Yang",
            "Kông Chro",
            "Đức Cơ",
            "Krông Pa",
        ],
    ),
    (
        "Bến Tre",
        "BTE",
        &[
            "Châu Thành",
            "Chợ Lách",
            "Mỏ Cày Nam",
            "Giồng Trôm",
            "Ba Tri",
        ],
    ),
    (
        "Cà Mau",
        "CMU",
        &[
            "U Minh",
            "Thới Bình",
            "Trần Văn Thời",
            "Cái Nước",
            "Năm Căn",
        ],
    ),
];

const COMMUNES: &[&str] = &[
    "Phú Hữu",
    "An Hiệp",
    "Hòa Tú",
    "Tân Thạnh",
    "Đại Ân",
    "Lịch Hội Thượng",
    "Thạnh Phú",
    "Long Hưng",
    "Xuân Hòa",
    "Quang Sơn",
    "Lũng Cú",
    "Sủng Là",
    "Tả Van",
    "Ea Tiêu",
    "Ia Dom",
];

/// (sector, weight, name templates): `{xa}` commune, `{huyen}` district, `{mh}` model.
const SECTORS: &[(&str, u32, &[&str])] = &[
    (
        "Nông nghiệp và phát triển nông thôn",
        30,
        &[
            "Xây dựng hệ thống thủy lợi nội đồng xã {xa}, huyện {huyen}",
            "Mô hình \"{mh}\" gắn với tiêu thụ sản phẩm cho hộ nghèo, cận nghèo xã {xa}",
            "Kiên cố hóa kênh mương nội đồng huyện {huyen}, giai đoạn 2021-2025",
        ],
    ),
    (
        "An sinh xã hội",
        14,
        &[
            "Hỗ trợ nhà ở cho hộ nghèo, hộ có hoàn cảnh khó khăn trên địa bàn huyện {huyen}",
            "Chương trình \"{mh}\" hỗ trợ người khuyết tật, trẻ em mồ côi",
        ],
    ),
    (
        "Giáo dục và đào tạo",
        16,
        &[
            "Xây dựng phòng học, nhà công vụ giáo viên Trường Tiểu học {xa}, huyện {huyen}",
            "Trang bị thiết bị dạy học và bếp ăn bán trú cho các trường vùng khó khăn huyện {huyen}",
        ],
    ),
    (
        "Y tế",
        12,
        &[
            "Xây dựng, cải tạo Trạm Y tế xã {xa}, huyện {huyen}",
            "Dự án \"{mh}\" phòng chống suy dinh dưỡng trẻ em dưới 5 tuổi",
        ],
    ),
    (
        "Bảo vệ môi trường, biến đổi khí hậu",
        9,
        &[
            "Xây dựng kè chống sạt lở bờ sông khu vực xã {xa}, huyện {huyen}",
            "Thu gom, xử lý chất thải rắn sinh hoạt tại thị trấn {xa}, huyện {huyen}",
        ],
    ),
    (
        "Văn hóa, thể thao, du lịch",
        7,
        &[
            "Tu bổ, tôn tạo di tích lịch sử - văn hóa đình {xa}",
            "Phát triển du lịch cộng đồng gắn với bảo tồn văn hóa dân tộc tại {xa}",
        ],
    ),
    (
        "Giao thông vận tải",
        6,
        &["Bê tông hóa đường giao thông nông thôn liên ấp xã {xa}, huyện {huyen}"],
    ),
    (
        "Cấp nước sạch và vệ sinh môi trường nông thôn",
        4,
        &["Xây dựng công trình cấp nước sinh hoạt tập trung xã {xa}, huyện {huyen}"],
    ),
    (
        "Khoa học và công nghệ",
        2,
        &["Chuyển giao công nghệ chế biến, bảo quản sau thu hoạch tại huyện {huyen}"],
    ),
];

const MODELS: &[&str] = &[
    "Cánh đồng lớn",
    "Mỗi xã một sản phẩm",
    "Tôm - lúa",
    "Vườn - ao - chuồng",
    "Sữa học đường",
];
const OWNERS: &[&str] = &[
    "UBND huyện {huyen}",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Hội Nông dân",
    "Hội Liên hiệp Phụ nữ tỉnh",
    "Ban Quản lý dự án đầu tư xây dựng huyện {huyen}",
];
const NOTES: &[&str] = &[
    "",
    "",
    "",
    "",
    "",
    "Chuyển tiếp",
    "Khởi công mới",
    "Vốn đối ứng do ngân sách tỉnh bảo đảm",
    "Điều chỉnh tổng mức đầu tư, bổ sung hạng mục",
    "Nhà tài trợ: KOICA; \"vốn vay ưu đãi\"",
];
const PERIODS: &[&str] = &[
    "2016-2020",
    "2021-2025",
    "2021-2025",
    "2021-2025",
    "2022-2024",
    "2023-2025",
    "2024-2026",
];

/// Thousandths of a million VND → `12000`, `2016.5`, `38305.31`.
fn milli(m: i64) -> String {
    let (q, r) = (m.abs() / 1000, m.abs() % 1000);
    let sign = if m < 0 { "-" } else { "" };
    if r == 0 {
        format!("{sign}{q}")
    } else {
        format!("{sign}{q}.{}", format!("{r:03}").trim_end_matches('0'))
    }
}

/// Log-uniform amount in [lo, hi] million VND at a random precision, in thousandths.
fn amount(rng: &mut Rng, lo: f64, hi: f64) -> i64 {
    let value = (lo.ln() + rng.unit() * (hi.ln() - lo.ln())).exp();
    let p = rng.unit();
    let step = if p < 0.45 {
        1000
    } else if p < 0.70 {
        100
    } else if p < 0.88 {
        10
    } else {
        1
    };
    ((value * 1000.0 / step as f64).round() as i64 * step).max(step)
}

/// A CSV cell, quoted when it holds a comma, a quote or a line break.
fn cell(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
    };
    let (Some(rows), Some(out)) = (
        value("--rows").and_then(|r| r.parse::<u64>().ok()),
        value("--out"),
    ) else {
        eprintln!("usage: gen_catalogue --rows N [--seed S] --out PATH");
        std::process::exit(2);
    };
    let seed = value("--seed").and_then(|s| s.parse().ok()).unwrap_or(42);
    let mut rng = Rng(seed);
    let weights: u32 = SECTORS.iter().map(|s| s.1).sum();
    let mut file = BufWriter::with_capacity(1 << 20, std::fs::File::create(out)?);
    writeln!(
        file,
        "province,sector,code,name,owner,location,period,total,aid,counterpart,note"
    )?;
    let mut mistakes = 0;
    for i in 0..rows {
        let (province, prefix, districts) = *rng.pick(PROVINCES);
        let mut draw = (rng.next() % u64::from(weights)) as u32;
        let (sector, _, templates) = SECTORS
            .iter()
            .find(|s| {
                let hit = draw < s.1;
                draw = draw.saturating_sub(s.1);
                hit
            })
            .unwrap_or(&SECTORS[0]);
        let huyen = *rng.pick(districts);
        let xa = *rng.pick::<&str>(COMMUNES);
        let period = *rng.pick::<&str>(PERIODS);
        let template: &str = rng.pick::<&str>(templates);
        let model: &str = rng.pick::<&str>(MODELS);
        let name = template
            .replace("{xa}", xa)
            .replace("{huyen}", huyen)
            .replace("{mh}", model);
        let owner_template: &str = rng.pick::<&str>(OWNERS);
        let owner = owner_template.replace("{huyen}", huyen);
        let commune: &str = rng.pick::<&str>(COMMUNES);
        let location = format!("xã {commune}, huyện {huyen}, tỉnh {province}");
        let aid = amount(&mut rng, 30.0, 120_000.0);
        let r = rng.unit();
        let (counterpart, counterpart_text) = if r < 0.15 {
            (0, String::new())
        } else if r < 0.17 {
            (0, "0".to_owned())
        } else {
            let c = amount(&mut rng, 5.0, aid as f64 / 1000.0 * 0.6 + 5.0);
            (c, milli(c))
        };
        let mut total = aid + counterpart;
        if rng.unit() < 0.001 {
            let offset = [1, 10, 100, 500, 1000, 5000][(rng.next() % 6) as usize]
                * if rng.next().is_multiple_of(2) { -1 } else { 1 };
            total += if total + offset <= 0 {
                offset.abs()
            } else {
                offset
            };
            mistakes += 1;
        }
        let note: &str = rng.pick::<&str>(NOTES);
        writeln!(
            file,
            "{province},{},{prefix}-{}-{:07},{},{},{},{period},{},{},{counterpart_text},{}",
            cell(sector),
            &period[..4],
            i + 1,
            cell(&name),
            cell(&owner),
            cell(&location),
            milli(total),
            milli(aid),
            cell(note),
        )?;
    }
    file.flush()?;
    eprintln!("wrote {rows} rows to {out}; deliberate total errors: {mistakes}");
    Ok(())
}
