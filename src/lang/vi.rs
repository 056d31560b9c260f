//! Vietnamese texts of findings, worded as a provincial department's report words them.

use super::{
    Amounts, bare_number, breakdown_label, count_off, full_number, in_brackets, named_figures,
    numbers_list, parts_list, places_list, sector_mark, short, spaced_number,
};
use crate::check::{FindingKind, Hint, RowRef, SectorRef, Subject};
use crate::model::{FilePart, MoneyColumn, Shifted};
use crate::number::{AmountError, Basis, Convention, FormulaError, NumberFormat};
use crate::problem::{BadValue, JsonExpected, Problem, SystemError, Wanted};
use crate::report::fix::SumTitle;
use crate::report::rollup::{Note, PassedOver};

pub fn column(column: MoneyColumn) -> &'static str {
    match column {
        MoneyColumn::Total => "tổng vốn",
        MoneyColumn::Aid => "vốn viện trợ",
        MoneyColumn::Counterpart => "vốn đối ứng",
    }
}

fn sector(sector: &SectorRef) -> String {
    match &sector.code {
        Some(code) => format!("Lĩnh vực {} \"{}\"", bare_number(code), short(&sector.name)),
        None if sector.name.is_empty() => "Các dự án không thuộc lĩnh vực nào".to_owned(),
        None => format!("Lĩnh vực \"{}\"", short(&sector.name)),
    }
}

fn group(group: &SectorRef) -> String {
    match &group.code {
        Some(code) => format!("Nhóm {} \"{}\"", bare_number(code), short(&group.name)),
        None => format!("Nhóm \"{}\"", short(&group.name)),
    }
}

fn project(sector: &SectorRef, number: Option<&str>, name: &str) -> String {
    let number = spaced_number(full_number(sector, number).as_deref());
    format!("Dự án{number} \"{}\"", short(name))
}

fn subject(subject: &Subject) -> String {
    match subject {
        Subject::Project {
            sector: s,
            number,
            name,
        } => project(s, number.as_deref(), name),
        Subject::Component {
            sector: s,
            number,
            name,
            index,
            part,
        } => format!(
            "{}, hạng mục {}",
            project(s, number.as_deref(), name),
            part.as_deref()
                .map_or_else(|| index.to_string(), str::to_owned)
        ),
        Subject::SectorRow { sector: s } => format!("Dòng {}", sector(s).to_lowercase_first()),
        Subject::GroupRow { group: g } => format!("Dòng {}", group(g).to_lowercase_first()),
        Subject::GrandTotalRow => "Dòng tổng cộng".to_owned(),
    }
}

trait LowerFirst {
    fn to_lowercase_first(&self) -> String;
}

impl LowerFirst for String {
    fn to_lowercase_first(&self) -> String {
        let mut chars = self.chars();
        match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

fn convention(convention: Convention) -> &'static str {
    match convention {
        Convention::Vi => "kiểu Việt Nam (dấu . phân cách hàng nghìn, dấu , thập phân)",
        Convention::En => "kiểu Anh (dấu , phân cách hàng nghìn, dấu . thập phân)",
    }
}

fn reason(reason: &AmountError) -> String {
    match reason {
        AmountError::NotANumber => "không phải là số".to_owned(),
        AmountError::Malformed => "không phải số viết đúng quy cách".to_owned(),
        AmountError::TooLarge => {
            "quá lớn (tối đa 18 chữ số phần nguyên và 9 chữ số thập phân)".to_owned()
        }
        AmountError::OtherConvention { reads_in } => format!(
            "chỉ đọc được là số nếu viết {}, khác với các số tiền khác trong tệp",
            convention(*reads_in)
        ),
        AmountError::OtherUnit => "tính theo đơn vị của dòng (cột đơn vị tính), không quy \
            đổi được sang đơn vị của tệp: không cộng được số liệu của hai loại tiền; hãy ghi số \
            theo đơn vị của tệp"
            .to_owned(),
        AmountError::NotKnownYet => "cho biết số tiền chưa xác định: phép cộng bỏ qua ô này; \
            hãy ghi số khi đã xác định"
            .to_owned(),
        AmountError::Range => "là một khoảng hai số, không phải một số tiền: hãy ghi một số \
            mà danh mục cần"
            .to_owned(),
        AmountError::Percentage => "là tỷ lệ phần trăm, không phải số tiền: hãy ghi số tiền \
            tương ứng, theo đơn vị của tệp"
            .to_owned(),
        AmountError::WithWords => "có chữ ghi kèm số: chỉ ghi số, còn phần chữ ghi vào cột \
            ghi chú"
            .to_owned(),
        AmountError::WithUnit => "ghi kèm đơn vị bên cạnh số: chỉ ghi số, theo đơn vị của \
            tệp (đơn vị ở dòng `ĐVT:`, hoặc ở dòng `ĐVT:` cần thêm phía trên bảng)"
            .to_owned(),
        AmountError::FormulaError { error } => format!(
            "là giá trị lỗi của công thức, không phải số tiền{}: hãy sửa công thức trong bảng \
             tính, lưu lại rồi kiểm tra lại",
            match error {
                FormulaError::Reference => " (ô mà công thức tham chiếu đã bị xóa)",
                FormulaError::Value => " (công thức tính với ô chứa chữ)",
                FormulaError::DivisionByZero => " (công thức chia cho 0 hoặc cho ô trống)",
                FormulaError::Name => " (công thức dùng tên hàm hoặc tên vùng không có)",
                FormulaError::NotFound => " (công thức tra cứu không tìm thấy giá trị)",
                FormulaError::Number => " (số công thức tính ra không hợp lệ)",
                FormulaError::Null => " (các vùng trong công thức không giao nhau)",
                FormulaError::Other => "",
            }
        ),
        AmountError::FormulaWithoutValue => "là công thức nhưng tệp không lưu giá trị của nó \
            (chương trình tạo ra tệp không tính công thức): hãy mở tệp bằng Excel hoặc \
            LibreOffice, lưu lại rồi kiểm tra lại"
            .to_owned(),
        AmountError::FormulaText => "là văn bản của công thức, không phải giá trị của nó: \
            bảng tính được lưu khi đang hiện công thức (chế độ Show Formulas của Excel, hoặc \
            tùy chọn lưu công thức của ô của LibreOffice); hãy lưu lại với giá trị rồi kiểm tra \
            lại"
        .to_owned(),
    }
}

pub fn finding(kind: &FindingKind, money: &Amounts) -> String {
    match kind {
        // The formula's remedy is to save the file again, not to write an amount.
        FindingKind::NotANumber {
            text,
            label,
            reason:
                why @ (AmountError::FormulaWithoutValue
                | AmountError::FormulaText
                | AmountError::FormulaError { .. }),
        } => format!("Ô \"{}\" ở cột \"{label}\" {}", short(text), reason(why)),
        FindingKind::NotANumber {
            text,
            label,
            reason: why,
        } => format!(
            "Ô \"{}\" ở cột \"{label}\" {}; cần ghi số tiền như {} hoặc để trống",
            short(text),
            reason(why),
            match money.convention {
                Convention::Vi => "\"132.716\" hoặc \"38.305,31\"",
                Convention::En => "\"132,716\" hoặc \"38305.31\"",
            }
        ),
        FindingKind::PartNotANumber {
            text,
            label,
            part,
            reason: why,
        } => format!(
            "Ô \"{}\" ở {} không phải là số{}: các cột chi tiết của dòng không được cộng để \
             đối chiếu với số tiền của dòng, và tổng của cột không được kiểm tra; hãy ghi số, \
             ghi \"x\" nếu không có số, hoặc để trống ô",
            short(text),
            part_column(label, part),
            match why {
                AmountError::NotKnownYet => " (ghi số tiền chưa xác định)",
                AmountError::Range => " (là một khoảng hai số)",
                AmountError::WithWords => " (có chữ ghi kèm số)",
                AmountError::Percentage => " (là tỷ lệ phần trăm)",
                AmountError::WithUnit => " (ghi kèm đơn vị bên cạnh số)",
                AmountError::TooLarge => " (số quá lớn)",
                AmountError::FormulaError { .. } => " (là giá trị lỗi của công thức)",
                AmountError::FormulaWithoutValue => " (là công thức không lưu giá trị)",
                AmountError::FormulaText => " (là văn bản của công thức, không phải giá trị)",
                AmountError::OtherConvention { .. } => " (chỉ đọc được là số theo kiểu viết số khác)",
                _ => "",
            },
        ),
        FindingKind::ExtraCells {
            cells,
            header_cells,
            shifted: Some(shifted),
        } => format!(
            "Dòng có {cells} ô nhưng dòng tiêu đề chỉ có {header_cells} cột, và các số tiền của dòng cộng khớp khi đọc lệch sang phải {} ô ({}), còn đọc đúng cột thì không: có phải một ô phía trước bị tách làm hai bởi dấu phân cách không nằm trong dấu ngoặc kép? Hãy đặt ô đó trong dấu ngoặc kép, hoặc xuất lại tệp với văn bản trong dấu ngoặc kép; dòng vẫn được đọc theo đúng cột",
            shifted.by,
            shifted_sum(shifted, money),
        ),
        FindingKind::ExtraCells {
            cells,
            header_cells,
            shifted: None,
        } => format!(
            "Dòng có {cells} ô nhưng dòng tiêu đề chỉ có {header_cells} cột; phần sau cột {header_cells} không được đọc"
        ),
        FindingKind::MissingCells {
            cells,
            header_cells,
            shifted,
        } => format!(
            "Dòng có {cells} ô nhưng dòng tiêu đề có {header_cells} cột, và không có ô nào ở các cột số tiền: số tiền của dòng được đọc từ các ô cuối ({}), lệch sang trái {} ô so với cột của chúng: có phải một ô phía trước được gộp qua nhiều cột, như khi Word lưu bảng thành văn bản? Hãy tách ô gộp thành các ô trống để mỗi số nằm đúng cột của nó",
            figures_as_read(shifted, money),
            shifted.by,
        ),
        FindingKind::NoProjects => "Tệp có dòng tiêu đề nhưng không có dòng dự án nào, không có gì để kiểm tra; có đúng tệp hoặc đúng trang tính không?".to_owned(),
        FindingKind::UnplacedRow => "Dòng này không có số thứ tự, không có tên dự án, và phía trên nó trong lĩnh vực không có dự án nào để nhận nó làm hạng mục: dòng này không được đọc; hãy ghi số thứ tự và tên, hoặc chuyển nó xuống dưới dự án của nó".to_owned(),
        FindingKind::NegativeAmount {
            subject: s,
            column: c,
            value,
        } => format!(
            "{}: {} là số âm ({}); số tiền không thể nhỏ hơn 0",
            subject(s),
            column(*c),
            money.amount(*value)
        ),
        FindingKind::RowSum {
            subject: s,
            total,
            aid,
            counterpart,
        } => {
            let computed = aid + counterpart;
            format!(
                "{}: tổng vốn ghi {} nhưng vốn viện trợ {} + vốn đối ứng {} = {}, chênh {}",
                subject(s),
                money.amount(*total),
                money.amount(*aid),
                money.amount(*counterpart),
                money.amount(computed),
                money.difference(total - computed)
            )
        }
        FindingKind::BreakdownSum {
            number,
            name,
            label,
            column: c,
            amount,
            parts,
            sum,
        } => format!(
            "\"{}\"{}: {} ghi {} nhưng cộng các cột chi tiết \"{}\" được {} ({}), chênh {}",
            short(name),
            in_brackets(number.as_deref().map(|n| format!("STT {n}")).as_deref()),
            column(*c),
            money.amount(*amount),
            short(label),
            money.amount(*sum),
            parts_list(parts, money),
            money.difference(amount - sum)
        ),
        FindingKind::BreakdownColumnSum {
            subject: s,
            label,
            part,
            declared,
            computed,
        } => compared(
            &subject(s),
            match s {
                Subject::SectorRow { .. } => "cộng các dự án được",
                Subject::GroupRow { .. } => "cộng các dự án của các lĩnh vực trong nhóm được",
                Subject::GrandTotalRow => "cộng tất cả dự án được",
                Subject::Project { .. } | Subject::Component { .. } => "cộng các hạng mục được",
            },
            &part_column(label, part),
            (*declared, *computed, None),
            money,
            String::new(),
        ),
        FindingKind::DuplicateNumber {
            subject: s,
            number,
            sector: within,
            first_line,
        } => format!(
            "{}: số thứ tự {number} đã dùng trong {} ở dòng {first_line}",
            subject(s),
            sector(within).to_lowercase_first()
        ),
        FindingKind::NoAmounts {
            subject: s,
            only: None,
        } => format!(
            "{} không có số liệu: tổng vốn, vốn viện trợ và vốn đối ứng đều để trống",
            subject(s)
        ),
        FindingKind::NoAmounts {
            subject: s,
            only: Some(column),
        } => format!("{} không có số liệu: ô {} để trống", subject(s), self::column(*column)),
        FindingKind::PeriodLength { subject: s, text } => format!(
            "{}: thời gian thực hiện \"{}\" cho biết dự án kéo dài bao lâu, không cho biết thực hiện trong những năm nào; cần ghi năm, như \"2024-2026\", để tổng hợp được theo năm",
            subject(s),
            short(text)
        ),
        FindingKind::PeriodUnreadable { subject: s, text } => format!(
            "{}: không đọc được thời gian thực hiện \"{}\"; cần ghi năm như \"2021-2025\" hoặc \"2023\"",
            subject(s),
            short(text)
        ),
        FindingKind::PeriodReversed {
            subject: s,
            text,
            start,
            end,
        } => format!(
            "{}: thời gian \"{text}\" có năm kết thúc ({end}) trước năm bắt đầu ({start})",
            subject(s)
        ),
        FindingKind::PeriodYearAsDate {
            subject: s,
            text,
            period,
        } => format!(
            "{}: thời gian \"{}\" được đọc là {period}: năm nhập vào ô định dạng ngày hiện thành một ngày của năm 1905 (2023 thành 15/07/1905); hãy định dạng ô là số hoặc văn bản để ô hiện {period}",
            subject(s),
            short(text)
        ),
        FindingKind::PeriodOutsideProgramme {
            subject: s,
            period,
            programme,
        } => format!(
            "{}: thời gian {period} nằm ngoài giai đoạn của chương trình {programme}",
            subject(s)
        ),
        FindingKind::ProjectSum {
            subject: s,
            column: c,
            declared,
            computed,
            formula,
        } => compared(
            &subject(s),
            "cộng các hạng mục được",
            column(*c),
            (*declared, *computed, formula.as_deref()),
            money,
            String::new(),
        ),
        FindingKind::SectorSum {
            sector: s,
            column: c,
            declared,
            computed,
            formula,
        } => compared(
            &sector(s),
            "cộng các dự án được",
            column(*c),
            (*declared, *computed, formula.as_deref()),
            money,
            String::new(),
        ),
        FindingKind::SheetTotals {
            sector,
            part,
            column: c,
            declared,
            computed,
        } => compared(
            &format!("Dòng \"{}\"", short(sector)),
            &format!("cộng các dự án của lĩnh vực này trong {} được", file_part(part)),
            column(*c),
            (*declared, *computed, None),
            money,
            String::new(),
        ),
        FindingKind::TotalsCount { declared, counted } => format!(
            "Dòng tổng cộng: ghi {declared} dự án nhưng các lĩnh vực có {counted} dự án, chênh {:+}",
            count_off(*declared, *counted),
        ),
        FindingKind::SheetCount {
            sector,
            part,
            declared,
            counted,
        } => format!(
            "Dòng \"{}\": ghi {declared} dự án nhưng lĩnh vực này có {counted} dự án trong {}, chênh {:+}",
            short(sector),
            file_part(part),
            count_off(*declared, *counted),
        ),
        FindingKind::GroupSum {
            group,
            column: c,
            declared,
            computed,
            formula,
        } => compared(
            &self::group(group),
            "cộng các dự án của các lĩnh vực trong nhóm được",
            column(*c),
            (*declared, *computed, formula.as_deref()),
            money,
            String::new(),
        ),
        FindingKind::GrandTotal {
            column: c,
            declared,
            computed,
            formula,
            origins,
        } => {
            let explain = if origins.is_empty() {
                String::new()
            } else {
                format!(
                    "; số này khớp với cộng các dòng lĩnh vực, nên chênh lệch nằm ở lĩnh vực {}",
                    sectors_named(origins)
                )
            };
            compared(
                "Tổng cộng",
                "cộng tất cả dự án được",
                column(*c),
                (*declared, *computed, formula.as_deref()),
                money,
                explain,
            )
        }
        FindingKind::GrandTotalSubtotals {
            column: c,
            declared,
            computed,
            formula,
            origins,
        } => {
            let explain = match origins.is_empty() {
                true => String::new(),
                false => format!(
                    "; số này khớp với cộng tất cả dự án, nên chênh lệch nằm ở số cộng của lĩnh vực {}",
                    sectors_named(origins)
                ),
            };
            compared(
                "Tổng cộng",
                "cộng các dòng lĩnh vực được",
                column(*c),
                (*declared, *computed, formula.as_deref()),
                money,
                explain,
            )
        }
    }
}

/// Sectors with the lines of their rows: `II (dòng 22), IV (dòng 38)`.
fn sectors_named(sectors: &[(SectorRef, usize)]) -> String {
    let named: Vec<String> = (sectors.iter())
        .map(|(sector, line)| format!("{} (dòng {line})", sector_mark(sector)))
        .collect();
    named.join(", ")
}

/// A part of the file: `trang tính "Y tế"`, `bảng 3`.
fn file_part(part: &FilePart) -> String {
    match part {
        FilePart::Sheet(sheet) => format!("trang tính \"{}\"", short(sheet)),
        FilePart::Table(tables) if tables.contains('-') => format!("các bảng {tables}"),
        FilePart::Table(table) => format!("bảng {table}"),
    }
}

fn compared(
    what: &str,
    against: &str,
    column: &str,
    (declared, computed, formula): (rust_decimal::Decimal, rust_decimal::Decimal, Option<&str>),
    money: &Amounts,
    explain: String,
) -> String {
    let formula = formula
        .map(|f| format!(" (công thức của ô: {f})"))
        .unwrap_or_default();
    format!(
        "{what}: {column} ghi {}{formula} nhưng {against} {}, chênh {}{explain}",
        money.amount(declared),
        money.amount(computed),
        money.difference(declared - computed),
    )
}

/// How a file's numbers were read, and why.
pub fn number_format(numbers: &NumberFormat) -> String {
    let code = numbers.convention;
    let other = code.other();
    let example = numbers
        .example
        .as_ref()
        .map(|(line, text)| format!("dòng {line} `{text}`"))
        .unwrap_or_default();
    match numbers.basis {
        Basis::Option => format!("{code} (theo --number-format)"),
        Basis::Proven => format!("{code} (như ô {example} cho thấy)"),
        Basis::Assumed | Basis::Sums => {
            let reading = match numbers.groups_example() {
                true => "dấu phân cách hàng nghìn",
                false => "dấu thập phân",
            };
            let why = match numbers.basis {
                Basis::Sums => {
                    format!("đọc theo cách này thì nhiều dòng cộng đúng hơn đọc theo {other}")
                }
                _ => "giả định theo ngôn ngữ của dòng tiêu đề".to_owned(),
            };
            format!(
                "{code} ({why}: các ô như {example} đọc được theo cả hai cách và được hiểu là có \
                 {reading}; nếu sai, dùng --number-format {other})"
            )
        }
        Basis::NoSeparators => format!("{code} (không số tiền nào có dấu phân cách)"),
        Basis::WholeThousands => format!(
            "{code} (các ô như {example} đọc được theo cả hai cách, và ô nào cũng tận cùng bằng \
             `000`: được hiểu là có dấu phân cách hàng nghìn, không phải ba chữ số thập phân 0; \
             nếu sai, dùng --number-format {other})"
        ),
        Basis::Weighed => format!(
            "{code} (phần lớn số tiền viết theo cách này, như {example}; các ô viết theo kiểu \
             {other} được báo là không đọc được; nếu các ô đó đúng, dùng --number-format {other})"
        ),
    }
}

fn row(row: &RowRef) -> String {
    let number = spaced_number(row.number.as_deref().map(bare_number));
    let part = (row.part.as_deref())
        .map(|part| format!("hạng mục {part} của "))
        .unwrap_or_default();
    format!(
        "{part}dự án{number} \"{}\" (dòng {})",
        short(&row.name),
        row.line
    )
}

/// Dòng tiêu đề của bảng cần đọc, làm ví dụ trong thông báo.
fn header_example(wanted: Wanted) -> &'static str {
    match wanted {
        Wanted::Catalogue => "`STT, Tên dự án, Tổng vốn, Vốn viện trợ, Vốn đối ứng`",
        Wanted::Plan => "`TT, Nội dung, Thời gian, Đơn vị chủ trì, Đơn vị phối hợp`",
    }
}

fn lines(lines: &[usize]) -> String {
    const SHOWN: usize = 8;
    let mut named: Vec<String> = lines.iter().take(SHOWN).map(usize::to_string).collect();
    if lines.len() > SHOWN {
        named.push(format!("và {} dòng khác", lines.len() - SHOWN));
    }
    named.join(", ")
}

/// A shifted row's figures as they add up: `tổng vốn 700 = vốn viện trợ 600 + vốn đối ứng 100`.
fn shifted_sum(shifted: &Shifted, money: &Amounts) -> String {
    named_figures(shifted, money, column, [" = ", " + "])
}

/// A row's figures as read, whether they add up or not: `tổng vốn 700, vốn viện trợ
/// 600, vốn đối ứng 100`.
fn figures_as_read(shifted: &Shifted, money: &Amounts) -> String {
    named_figures(shifted, money, column, [", ", ", "])
}

pub fn hint(hint: &Hint, money: &Amounts) -> String {
    match hint {
        Hint::OneRow {
            row: r,
            figure,
            counted_twice: true,
        } => format!(
            "số chênh bằng đúng số liệu của {} ({}): có thể dòng này đã được cộng hai lần",
            row(r),
            money.amount(*figure)
        ),
        Hint::OneRow { row: r, figure, .. } if r.hidden => format!(
            "số chênh bằng đúng số liệu của {} ({}), một dòng bị ẩn trong trang tính: có thể dòng này được ẩn để bỏ dự án nên không được cộng; hãy xóa dòng đó, hoặc bỏ ẩn và cộng vào",
            row(r),
            money.amount(*figure)
        ),
        Hint::OneRow { row: r, figure, .. } => format!(
            "số chênh bằng đúng số liệu của {} ({}): có thể dòng này bị bỏ sót khi cộng",
            row(r),
            money.amount(*figure)
        ),
        Hint::MistypedDigit { place } => format!(
            "hai số chỉ khác nhau một chữ số (ở hàng {}): có thể gõ nhầm một chữ số",
            money.amount(*place)
        ),
        Hint::TransposedDigits => {
            "hai số có cùng các chữ số nhưng hai chữ số bị đổi chỗ: có thể gõ đảo chữ số".to_owned()
        }
        Hint::TakesNextSectorsRow { row: r } => format!(
            "số ghi đã cộng cả {}, dòng đầu của lĩnh vực kế tiếp: có thể vùng cộng lấy thừa một dòng",
            row(r)
        ),
        Hint::ShiftedByOneRow { left_out, taken } => format!(
            "số ghi bỏ sót {} và cộng cả {} của lĩnh vực kế tiếp: có thể vùng cộng bị lệch một dòng",
            row(left_out),
            row(taken)
        ),
        Hint::CarriedIntoTotal { column: c } => format!(
            "{} cũng chênh đúng số này còn cột còn lại khớp: có thể sai ở {}, kéo theo tổng vốn",
            capitalised(column(*c)),
            column(*c)
        ),
        Hint::LeavesOutSector { sector, line } => format!(
            "số ghi bằng tổng các dự án trừ lĩnh vực {sector} (dòng {line}): có thể lĩnh vực này bị bỏ sót"
        ),
        Hint::RangeLeavesOut { lines: l } => format!(
            "vùng cộng của công thức bỏ sót các dòng dự án của lĩnh vực: dòng {}",
            lines(l)
        ),
        Hint::UnreadableLeftOut { lines: l } => format!(
            "số cộng chưa tính các ô không phải là số của cột này, ở dòng {}: hãy sửa các ô đó trước rồi kiểm tra lại",
            lines(l)
        ),
        Hint::MisreadSummed { lines: l } => format!(
            "số cộng tính cả các số của cột này ở dòng {} mà có vẻ là số hàng nghìn bị bảng tính hiểu là số thập phân, nhỏ đi một nghìn lần (xem các dòng đó): chênh lệch chưa nói lên điều gì cho đến khi các số đó được gõ lại",
            lines(l)
        ),
        Hint::RangeTakesOthers { lines: l } => format!(
            "vùng cộng của công thức lấy cả các dòng không thuộc lĩnh vực: dòng {}",
            lines(l)
        ),
        Hint::TypedNotFormula { formulas } => format!(
            "số này được gõ tay trong khi {formulas} dòng cộng khác là công thức: có thể chưa được cập nhật"
        ),
        Hint::FieldNotUpdated => "số này là trường công thức của văn bản, mà trình soạn thảo không tự tính lại khi các số được cộng thay đổi: có thể chưa được cập nhật; hãy cập nhật các trường (chọn bảng rồi nhấn F9), lưu lại rồi kiểm tra lại".to_owned(),
        Hint::FormulaOtherColumn { column: other } => format!("công thức cộng các ô của cột {}, không phải của cột này: hãy sửa lại các ô công thức tham chiếu", column(*other)),
        Hint::FormulaNotComputed => "công thức cộng đúng các dự án của lĩnh vực nhưng tệp lưu giá trị 0: chương trình tạo ra tệp đã lưu công thức mà không tính; hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi kiểm tra lại".to_owned(),
        Hint::CellsShifted { shifted } => format!(
            "đọc lệch sang phải {} ô thì các số tiền cộng khớp ({}): một ô phía trước đã bị tách bởi dấu phân cách không nằm trong dấu ngoặc kép",
            shifted.by,
            shifted_sum(shifted, money),
        ),
        Hint::TotalIsOnePart { column: c } => format!(
            "tổng vốn bằng riêng {}: có thể chưa cộng phần còn lại",
            column(*c)
        ),
        Hint::TotalOfRowAbove { line } => format!(
            "tổng vốn bằng vốn viện trợ + vốn đối ứng của dòng trên (dòng {line}): có thể đã chép nhầm từ dòng trên"
        ),
        Hint::RowFigureOff {
            row: r,
            column: c,
            should_be,
        } => format!(
            "số chênh là của chính {}, dòng có tổng vốn khác vốn viện trợ + vốn đối ứng: nếu {} của dòng đó là {} thì cả dòng đó và số cộng này đều khớp, nên có thể sai ở số đó chứ không phải ở số cộng",
            row(r),
            column(*c),
            money.amount(*should_be)
        ),
        Hint::ThousandsAsDecimals { figures } => {
            let them = match figures.len() {
                1 => "số đó",
                _ => "các số đó",
            };
            // Dấu phân cách hàng nghìn của tệp, và bảng tính hiểu nó là dấu thập phân.
            let (mark, language) = match money.convention {
                Convention::Vi => ("chấm", "tiếng Anh"),
                Convention::En => ("phẩy", "tiếng Việt"),
            };
            format!(
                "nếu {} là {} thì số liệu khớp: có thể {them} đã được gõ có dấu {mark} phân cách hàng nghìn nhưng bảng tính đặt theo {language} hiểu là dấu thập phân; hãy gõ lại {them}",
                money.list(figures.iter().copied(), "và"),
                money.list(crate::check::hints::as_typed(figures), "và"),
            )
        }
        Hint::PartOff {
            row: r,
            part,
            should_be,
        } => format!(
            "số chênh là của chính {}, dòng có các cột chi tiết cộng lại khác số tiền của nó: nếu cột \"{}\" của dòng đó là {} thì cả dòng đó và số cộng này đều khớp, nên có thể sai ở số đó chứ không phải ở số cộng",
            row(r),
            short(part),
            money.amount(*should_be)
        ),
        Hint::OwnPartOff { should_be } => format!(
            "các cột chi tiết của chính dòng này cộng lại cũng chênh với số tiền của nó đúng bằng chừng ấy: nếu ghi {} thì cả hai đều khớp, nên có thể sai ở số này",
            money.amount(*should_be)
        ),
        Hint::PartAgrees {
            lines,
            part,
            should_be,
        } => format!(
            "số cộng ở dòng {} khớp ở cột \"{}\" nếu số của dòng này là {}: có thể sai ở số đó",
            numbers_list(lines),
            short(part),
            money.amount(*should_be)
        ),
        Hint::SumAgrees {
            line,
            column: c,
            should_be,
            grand_total,
        } => format!(
            "{} ở dòng {line} khớp nếu {} của dòng này là {}: có thể sai ở {}",
            if *grand_total {
                "tổng cộng"
            } else {
                "số cộng của lĩnh vực"
            },
            column(*c),
            money.amount(*should_be),
            column(*c)
        ),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn system_error(cause: &SystemError) -> &str {
    match cause {
        SystemError::NotFound => "không có tệp hoặc thư mục này",
        SystemError::PermissionDenied => "không có quyền truy cập",
        SystemError::DiskFull => "ổ đĩa đã đầy",
        SystemError::ReadOnly => "ổ đĩa chỉ cho đọc",
        SystemError::InvalidName => "hệ thống không cho phép tên này",
        SystemError::IsFolder => "là một thư mục, không phải tệp",
        SystemError::NotFolder => "một phần của đường dẫn là tệp, không phải thư mục",
        SystemError::InUse => "một chương trình khác đang mở tệp; hãy đóng tệp ở đó rồi thử lại",
        SystemError::FileTooLarge => "tệp lớn hơn mức hệ thống cho phép",
        SystemError::Other { detail } => detail,
    }
}

pub fn bad_value(bad: BadValue) -> String {
    match bad {
        BadValue::Delimiter => "cần `,`, `;` hoặc `tab`".to_owned(),
        BadValue::PeriodEmpty => "giai đoạn để trống; cần các năm, ví dụ 2020-2025".to_owned(),
        BadValue::PeriodReversed { start, end } => format!(
            "năm kết thúc ({end}) trước năm bắt đầu ({start}); cần các năm, ví dụ 2020-2025"
        ),
        BadValue::PeriodUnreadable => "cần các năm, ví dụ 2020-2025".to_owned(),
        BadValue::Year => "cần một năm viết đủ bốn chữ số, ví dụ 2024".to_owned(),
        BadValue::Width => "cần một số cột, ví dụ 120".to_owned(),
        BadValue::Table => "cần số thứ tự của bảng, đếm từ 1".to_owned(),
    }
}

pub fn problem(problem: &Problem) -> String {
    use Problem::*;
    match problem {
        CannotRead { cause } => format!("không đọc được tệp: {}", system_error(cause)),
        NotFound => "không có tệp này; hãy kiểm tra tên tệp và thư mục".to_owned(),
        PermissionDenied => "không có quyền đọc tệp này".to_owned(),
        IsDirectory => "đây là một thư mục; cần một tệp danh mục (CSV, văn bản phân cách bằng tab hoặc bảng tính)".to_owned(),
        Empty { wanted } => match wanted {
            Wanted::Catalogue => "tệp rỗng; cần một danh mục có dòng tiêu đề và các dự án",
            Wanted::Plan => "tệp rỗng; cần một kế hoạch thực hiện có dòng tiêu đề và các nhiệm vụ",
        }
        .to_owned(),
        NoText => "tệp không có nội dung; cần một bảng có dòng tiêu đề".to_owned(),
        InputTooLarge { mib } => format!(
            "dữ liệu vào lớn hơn {mib} MiB, quá mức aidcat nhận từ đầu vào chuẩn hoặc thiết bị; hãy lưu thành tệp (tệp văn bản UTF-8 cỡ nào cũng được đọc theo từng phần)"
        ),
        FileTooLargeForMemory { mib, max } => format!(
            "tệp nặng {mib} MiB; aidcat chỉ đọc bảng tính và văn bản không phải UTF-8 tối đa {max} MiB; hãy lưu thành CSV UTF-8"
        ),
        FileChanged => "tệp bị thay đổi trong lúc đọc; hãy đọc lại sau khi tệp đã được lưu xong".to_owned(),
        ReadingStopped { at } => format!("một lỗi nội bộ làm dừng việc đọc tại byte {at}; xin gửi báo lỗi kèm tệp"),
        NulByte { offset, utf16_hint } => format!(
            "gặp byte NUL tại byte {offset}: đây có vẻ là dữ liệu nhị phân, không phải văn bản; cần tệp CSV hoặc văn bản phân cách bằng tab{}",
            if *utf16_hint { "; nếu là văn bản UTF-16 không có BOM, hãy dùng --encoding utf-16le hoặc utf-16be" } else { "" }
        ),
        InvalidUtf8 { byte } => format!(
            "byte 0x{byte:02X} không hợp lệ trong UTF-8, dù phần văn bản trước đó là UTF-8: tệp có thể bị hỏng; hãy lưu lại dưới dạng UTF-8, hoặc dùng --encoding windows-1258 nếu là tệp tiếng Việt mã cũ"
        ),
        Utf16Truncated { encoding } => format!(
            "văn bản {encoding} kết thúc giữa chừng một ký tự (số byte lẻ): tệp có vẻ bị cắt cụt; hãy lưu lại từ chương trình bảng tính"
        ),
        Utf16Broken { encoding } => format!(
            "chuỗi {encoding} không hợp lệ (cặp surrogate bị hỏng): tệp có thể bị cắt cụt hoặc hỏng"
        ),
        UnclosedQuote => "ô mở ngoặc kép ở đây không bao giờ được đóng (thiếu dấu `\"`); cần dấu ngoặc kép đóng trước khi hết tệp".to_owned(),
        CellTooLarge { cell, mib } => format!(
            "ô thứ {cell} lớn hơn {mib} MiB; aidcat không đọc ô lớn như vậy (có dấu ngoặc kép nào chưa đóng?)"
        ),
        TooManyCells { max } => format!("dòng có hơn {max} ô; aidcat chỉ đọc tối đa {max} cột"),
        RowTooLarge { mib } => format!(
            "dòng lớn hơn {mib} MiB; aidcat không đọc dòng lớn như vậy (có dấu ngoặc kép nào chưa đóng?)"
        ),
        WorkbookDamaged => "bảng tính bị hỏng, không đọc được; hãy mở bằng chương trình bảng tính rồi lưu lại".to_owned(),
        WorkbookPassword => "bảng tính được bảo vệ bằng mật khẩu; hãy mở bằng chương trình bảng tính rồi lưu một bản không đặt mật khẩu".to_owned(),
        WorkbookExpands { mib, max } => format!(
            "bảng tính giải nén ra {mib} MiB, quá mức {max} MiB aidcat đọc; hãy lưu riêng danh mục, hoặc lưu thành CSV"
        ),
        WorkbookRepeats { cells, max } => format!(
            "các dòng và ô lặp lại của bảng tính tạo ra {cells} ô có dữ liệu, quá mức {max} aidcat đọc; hãy lưu riêng danh mục, hoặc lưu thành CSV"
        ),
        SharedStrings { declared, bytes } => format!(
            "bảng tính khai báo {declared} chuỗi dùng chung trong {bytes} byte, nhiều hơn mức có thể chứa: tệp bị hỏng; hãy mở bằng chương trình bảng tính rồi lưu lại"
        ),
        WorkbookReader { detail } => format!("bộ đọc bảng tính gặp lỗi: {detail}"),
        WorkbookMemory { mib } => format!(
            "bảng tính bị hỏng, hoặc đòi hơn {mib} MiB bộ nhớ mà aidcat dành cho một bảng tính; hãy mở bằng chương trình bảng tính rồi lưu lại (hoặc lưu thành CSV)"
        ),
        NotAWorkbook => "tệp mang tên bảng tính nhưng không phải tệp .xlsx, .xls hay .ods, cũng không phải văn bản; hãy mở bằng chương trình đã tạo ra nó rồi lưu thành .xlsx hoặc .csv".to_owned(),
        NoSheets => "bảng tính không có trang nào".to_owned(),
        DocumentTooLarge { max } => format!(
            "văn bản có hơn {max} ô bảng và đoạn văn, quá mức aidcat đọc; hãy lưu riêng danh mục, hoặc lưu thành CSV"
        ),
        SheetTooLarge { max } => format!(
            "trang tính trải trên hơn {max} ô (số hàng nhân số cột), quá mức aidcat đọc; hãy lưu riêng danh mục, hoặc lưu thành CSV"
        ),
        LegacyWordDocument => "đây là văn bản Word 6 hoặc Word 95, một định dạng cũ hơn Word 97; hãy mở bằng Word hoặc LibreOffice rồi lưu thành .docx".to_owned(),
        DocumentDamaged => "văn bản bị hỏng, không đọc được; hãy mở bằng Word hoặc LibreOffice rồi lưu lại".to_owned(),
        JsonSyntax { found, expected } => {
            let expected = match expected {
                JsonExpected::Value => {
                    "một giá trị (văn bản trong ngoặc kép, một số, một danh sách hoặc một đối tượng)".to_owned()
                }
                JsonExpected::Name => "một tên trong ngoặc kép (có dấu phẩy thừa ở trước không?)".to_owned(),
                JsonExpected::Colon => "dấu `:` sau tên".to_owned(),
                JsonExpected::CommaOr(close) => format!("dấu `,` hoặc `{close}` (có thiếu dấu phẩy không?)"),
                JsonExpected::ClosingQuote => "dấu `\"` đóng văn bản".to_owned(),
                JsonExpected::Escape => "một chuỗi thoát như `\\n` hoặc `\\u00e9`".to_owned(),
                JsonExpected::Digit => "một chữ số".to_owned(),
            };
            let found = match found {
                Some(c) => format!("gặp `{}`", short(&c.to_string())),
                None => "hết tệp".to_owned(),
            };
            format!(
                "không phải JSON hợp lệ: {found} ở chỗ cần {expected}; tệp có thể bị cắt cụt hoặc bị sửa tay: hãy xuất lại từ chương trình đã tạo ra nó"
            )
        }
        JsonTooDeep { max } => format!(
            "JSON lồng các danh sách và đối tượng sâu hơn {max} cấp, quá mức aidcat đọc; hãy xuất danh mục thành danh sách các dòng"
        ),
        DocumentText { mib, max } => format!(
            "văn bản có {mib} MiB chữ, quá mức {max} MiB aidcat đọc; hãy lưu riêng danh mục, hoặc lưu thành CSV"
        ),
        DocumentPassword => "văn bản được bảo vệ bằng mật khẩu; hãy mở bằng Word hoặc LibreOffice rồi lưu một bản không đặt mật khẩu".to_owned(),
        OtherFormat { format } => match format {
            crate::problem::OtherFormat::Pdf => "đây là tệp PDF, lưu bảng dưới dạng bản in chứ không phải các ô; hãy đọc tệp Word hoặc Excel gốc, hoặc mở tệp PDF bằng Word rồi lưu thành .docx",
            crate::problem::OtherFormat::Image => "đây là tệp ảnh (bản quét hoặc ảnh chụp), không có các ô; hãy đọc tệp Word hoặc Excel đã dùng để lập bảng",
            crate::problem::OtherFormat::Presentation => "đây là bản trình chiếu PowerPoint; hãy chép bảng sang Excel hoặc Word rồi lưu thành .xlsx hoặc .docx",
            crate::problem::OtherFormat::Archive => "đây là tệp nén (zip, RAR, 7-Zip); hãy giải nén rồi đọc thư mục các tệp bên trong",
        }
        .to_owned(),
        NoTable { wanted, tables, .. } => format!(
            "{}; cần một dòng ghi tên các cột, như {}",
            match tables {
                0 => "văn bản không có bảng nào".to_owned(),
                1 => "bảng duy nhất của văn bản không có dòng tiêu đề lệnh này cần".to_owned(),
                _ => format!("không bảng nào trong {tables} bảng của văn bản có dòng tiêu đề lệnh này cần"),
            },
            header_example(*wanted)
        ),
        NoSuchTable { table, tables } => format!("không có bảng {table}: văn bản có {tables} bảng"),
        // The library's words are English: an officer is told what to do instead.
        SheetUnreadable { sheet, .. } => format!("trang `{sheet}` bị hỏng, không đọc được; hãy mở bằng chương trình bảng tính rồi lưu lại"),
        RowsOutOfOrder { after } => format!(
            "hàng này được lưu sau hàng {after}: các hàng của trang tính không theo thứ tự, điều mà không chương trình bảng tính nào làm; hãy mở tệp bằng chương trình bảng tính rồi lưu lại"
        ),
        NoSuchSheet { file, sheets } => format!(
            "{file} không có trang này; các trang của tệp là {}",
            sheets.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
        ),
        NoHeader {
            wanted,
            searched,
            closest,
            ..
        } => format!(
            "không tìm thấy dòng tiêu đề trong {searched} dòng đầu: cần một dòng ghi tên các cột, như {}{}",
            header_example(*wanted),
            closest.as_ref().map(|(line, labels)| format!("; gần nhất là dòng {line}: {labels}")).unwrap_or_default()
        ),
        DoubleEncoded { seen, meant } => format!(
            "chữ trong tệp bị lỗi phông: `{seen}` nằm ở chỗ lẽ ra là `{meant}`. Tệp đã được lưu sau khi chữ UTF-8 bị đọc nhầm theo bảng mã Windows-1252 (như khi nhấp đúp mở tệp CSV bằng Excel). Hãy mở tệp gốc với bảng mã UTF-8 (trong Excel: Dữ liệu, Từ Văn bản/CSV, Nguồn gốc tệp 65001: Unicode (UTF-8)) rồi lưu lại"
        ),
        ColumnUnitsDiffer {
            first,
            first_unit,
            other,
            other_unit,
        } => format!(
            "các cột số tiền ghi đơn vị khác nhau: cột `{first}` tính bằng {first_unit}, cột `{other}` tính bằng {other_unit}; tổng vốn chỉ bằng vốn viện trợ + vốn đối ứng khi cùng một đơn vị: hãy ghi các cột theo một đơn vị rồi kiểm tra lại"
        ),
        TotalsTable { found } => format!(
            "là bảng tổng hợp (mỗi dòng một số lượng dự án), không phải danh mục dự án; cần mỗi dự án một dòng, có tên dự án; các cột tìm thấy: {found}"
        ),
        PlanTable { found } => format!(
            "là bảng kế hoạch thực hiện (các nhiệm vụ với đơn vị chủ trì và phối hợp), không phải danh mục dự án; lệnh `aidcat plan TỆP` in bảng này; các cột tìm thấy: {found}"
        ),
        CatalogueTable { found } => format!(
            "là danh mục dự án (có số tiền của từng dự án), không phải bảng kế hoạch thực hiện; lệnh `aidcat check TỆP` và `aidcat summary TỆP` đọc bảng này; các cột tìm thấy: {found}"
        ),
        NoTasks { task } => format!(
            "dưới dòng tiêu đề của kế hoạch không có nhiệm vụ nào (dòng có chữ ở cột \"{task}\"): không có gì để liệt kê; có đúng tệp hoặc đúng trang tính không?"
        ),
        MissingColumns { missing, found } => format!(
            "dòng tiêu đề không có cột {}; các cột tìm thấy: {found}",
            missing.iter().map(|m| m[1].as_str()).collect::<Vec<_>>().join(", cũng không có cột ")
        ),
        TooManyComponents { max, project } => format!(
            "hơn {max} dòng dưới dự án ở dòng {project}, được đọc là hạng mục của dự án đó: một dự án chỉ chia thành ít hạng mục; các dự án đã được đánh số ở cột số thứ tự (`STT`) chưa?"
        ),
        TooManySectors { max } => format!(
            "hơn {max} lĩnh vực: một danh mục chỉ chia dự án vào một số ít lĩnh vực; cột lĩnh vực có đúng không?"
        ),
        TooManyGroups { max, by } => format!(
            "hơn {max} nhóm theo {by}: bảng tổng hợp dài như vậy là một danh sách; cột đó có đúng không? `aidcat list` liệt kê từng dự án"
        ),
        TooManyRows { max } => format!(
            "hơn {max} dòng, quá mức aidcat giữ trong bộ nhớ để liệt kê, chuyển đổi, sửa, lập báo cáo hay in kế hoạch; `check` và `summary` đọc được tệp dài bao nhiêu cũng được; hãy chia nhỏ tệp, hoặc đưa ít tệp hơn"
        ),
        NumberConventions { first, second, both_proven } => format!(
            "{}: dòng {} `{}` và dòng {} `{}`{}; hãy dùng --number-format vi (`38.305,31`, dấu `.` ngăn cách hàng nghìn) hoặc --number-format en (`38,305.31`)",
            if *both_proven { "số liệu được viết theo cả hai kiểu" } else { "không xác định được kiểu viết số" },
            first.0, first.1, second.0, second.1,
            if *both_proven { " không thể cùng đọc theo một kiểu" } else { " đều đọc được theo hai cách" }
        ),
        GivenTwice { file, first } => format!("{file} trùng với {first}: một tệp nêu hai lần sẽ bị cộng hai lần; mỗi tệp chỉ nêu một lần"),
        MixedUnits { first, first_unit, other, other_unit } => format!(
            "không thể cộng {first} (đơn vị {first_unit}) với {other} (đơn vị {other_unit}); hãy quy đổi một tệp, hoặc dùng --source-unit nếu thực ra là cùng một đơn vị"
        ),
        NoRate { file, unit, output_unit, reference } => format!(
            "không quy đổi được {file} (đơn vị {unit}) sang {output_unit} (đơn vị của {reference}) khi chưa có tỷ giá; hãy cho tỷ giá, ví dụ --rate \"1 USD = 24.000 đồng\", hoặc ghi trong tiêu đề tệp (`Tỷ giá: …`)"
        ),
        ConversionOverflow => "số tiền quy đổi sang đơn vị đầu ra quá lớn; hãy chọn --unit lớn hơn".to_owned(),
        InexactSums => "các tổng cần hơn 28 chữ số, vượt mức aidcat cộng chính xác được; số tiền có đúng đơn vị ghi ở tiêu đề không? Hãy xem lại các số lớn nhất".to_owned(),
        UnknownUnit { found } => format!(
            "`{found}` không phải đơn vị aidcat quy đổi được; cần đồng, nghìn đồng, triệu đồng, tỷ đồng, USD, 1.000 USD hoặc EUR"
        ),
        BadRate { found } => format!(
            "`{found}` không phải tỷ giá; cần dạng một đơn vị bằng bao nhiêu đơn vị khác, ví dụ \"1 USD = 24.000 đồng\""
        ),
        MappingHeader => "không phải bảng ánh xạ lĩnh vực: cần tệp CSV có cột national_sector và provincial_name (cột match tùy chọn)".to_owned(),
        UnknownNationalSector { found } => format!(
            "`{found}` không phải lĩnh vực quốc gia; cần một trong {}",
            crate::national::SECTORS.map(|s| s.key).join(", ")
        ),
        UnknownMatch { found } => format!("kiểu khớp `{found}` không rõ; cần `name` hoặc `keyword`"),
        Groupings => "nhận một cách nhóm, hoặc hai cách khác nhau kết hợp (ví dụ province,national-sector)".to_owned(),
        NoFiles => "không chứa tệp danh mục nào (.csv, .tsv, .txt, .xlsx, .xls, .ods, .docx, .odt, .doc, .rtf)".to_owned(),
        CannotCreate { folder, cause } => {
            format!("không tạo được tệp trong {folder}: {}", system_error(cause))
        }
        OutputIsInput { input } => format!(
            "đây là một tệp đầu vào ({input}); aidcat không bao giờ ghi đè lên tệp đầu vào, hãy chọn đường dẫn khác"
        ),
        OutputIsDirectory => "đây là một thư mục; cần đường dẫn tới một tệp".to_owned(),
        OutputExtension { extension } => format!(
            "aidcat không ghi tệp .{extension}; hãy đặt tên tệp .csv, .json, .md, .xlsx hoặc .txt (bảng), hoặc dùng --format"
        ),
        CannotWrite { cause } => format!("không ghi được: {}", system_error(cause)),
        WorkbookToTerminal => "không thể hiển thị bảng tính trên màn hình dòng lệnh; hãy thêm -o TỆP.xlsx".to_owned(),
        FixFromStdin => "lệnh fix đọc một tệp theo tên, không đọc đầu vào chuẩn; hãy lưu danh mục thành tệp trước".to_owned(),
        FixOutput => "bản đã sửa được ghi dưới dạng .xlsx, .csv hoặc .tsv, .docx với văn bản Word, hoặc .ods, .odt với bảng tính, văn bản OpenDocument".to_owned(),
        FixWordCopyOfOther => "bản .docx là chính văn bản Word được sửa lại, mà tệp này không phải văn bản .docx; hãy ghi bản sao dưới dạng .xlsx hoặc .csv".to_owned(),
        FixWordCopyNotInPlace => "không sửa được ngay trong văn bản (văn bản có macro hoặc văn bản mẫu, hoặc ô cần sửa được gộp vào ô khác hay chứa một bảng, hình vẽ, hộp văn bản); hãy ghi bản sao dưới dạng .xlsx hoặc .csv".to_owned(),
        FixSpreadsheetCopyOfOther => "bản .ods là chính bảng tính OpenDocument được sửa lại, mà tệp này không phải bảng tính .ods; hãy ghi bản sao dưới dạng .xlsx hoặc .csv".to_owned(),
        FixSpreadsheetCopyNotInPlace => "không sửa được ngay trong bảng tính (bảng tính mẫu, hoặc ô cần sửa được gộp với ô khác hay nằm trên một dòng lặp lại nhiều lần); hãy ghi bản sao dưới dạng .xlsx hoặc .csv".to_owned(),
        FixTextCopyOfOther => "bản .odt là chính văn bản OpenDocument được sửa lại, mà tệp này không phải văn bản .odt; hãy ghi bản sao dưới dạng .xlsx hoặc .csv".to_owned(),
        FixTextCopyNotInPlace => "không sửa được ngay trong văn bản (văn bản mẫu, hoặc ô cần sửa được gộp vào ô khác, lặp lại, hay chứa một bảng, khung hình, ghi chú); hãy ghi bản sao dưới dạng .xlsx hoặc .csv".to_owned(),
    }
}

/// The about-text and examples of each command, for `--help` in Vietnamese.
pub fn command_help(command: &str) -> Option<(&'static str, &'static str)> {
    Some(match command {
        "check" => (
            "Kiểm tra số liệu của danh mục: từng dòng, số cộng từng lĩnh vực, tổng cộng",
            "Ví dụ:\n  aidcat check data/soc-trang-2020-2025.csv\n  aidcat check --format json a.csv b.csv\n  aidcat check --number-format en --strict tidy.csv",
        ),
        "summary" => (
            "Tổng hợp theo lĩnh vực (hoặc lĩnh vực quốc gia, chủ đầu tư, địa điểm, thời gian, năm, tỉnh), tính từ các dự án",
            "Ví dụ:\n  aidcat summary data/soc-trang-2020-2025.csv\n  aidcat summary --format csv -o linh-vuc.csv data/soc-trang-2020-2025.csv\n  aidcat summary --by year data/soc-trang-2020-2025.csv\n  aidcat summary --by national-sector --unit 'triệu đồng' cac-tinh/\n  aidcat summary --by province,national-sector --rate '1 USD = 24.000 đồng' a.csv b.xlsx",
        ),
        "report" => (
            "Xuất một trang HTML để chuyển tiếp: danh mục với các ô sai được tô màu, kết quả kiểm tra, biểu đồ theo lĩnh vực và theo năm, kế hoạch, so sánh các tỉnh",
            "Ví dụ:\n  aidcat report data/soc-trang-2020-2025.csv -o bao-cao.html\n  aidcat report data/soc-trang-2020-2025.csv --plan data/soc-trang-plan-2020-2025.csv -o bao-cao.html\n  aidcat report --lang vi cac-tinh/ -o bao-cao.html\n\nTrang mở được khi không có mạng (không tải gì từ ngoài) và in trên khổ A4 ngang.",
        ),
        "plan" => (
            "In kế hoạch thực hiện: nhiệm vụ, thời gian, đơn vị chủ trì và phối hợp",
            "Ví dụ:\n  aidcat plan data/soc-trang-plan-2020-2025.csv\n  aidcat plan --year 2023 data/soc-trang-plan-2020-2025.csv",
        ),
        "list" => (
            "Liệt kê các dự án, lọc theo lĩnh vực, chủ đầu tư, địa điểm hoặc năm",
            "Ví dụ:\n  aidcat list data/soc-trang-2020-2025.csv\n  aidcat list --sector II --year 2023 data/soc-trang-2020-2025.csv",
        ),
        "convert" => (
            "Ghi danh mục theo dạng bảng phẳng: mỗi dự án một dòng, hạng mục gộp vào dự án",
            "Ví dụ:\n  aidcat convert data/soc-trang-2020-2025.csv -o soc-trang-phang.csv",
        ),
        "fix" => (
            "Ghi bản đã sửa: mọi số cộng lĩnh vực, dòng nhóm và tổng cộng được thay bằng tổng các dự án",
            "Ví dụ:\n  aidcat fix data/soc-trang-2020-2025.csv -o da-sua.xlsx\n  aidcat fix data/soc-trang-2020-2025.csv -o da-sua.csv\n  aidcat fix phu-luc.docx -o da-sua.docx\n\nTrong .xlsx các số cộng là công thức SUM trên đúng các dòng, ô đã sửa được tô vàng,\ntrang tính sau liệt kê các thay đổi. Bản .xlsx của một sổ tính .xlsx là chính sổ tính đó,\ngiữ nguyên định dạng, bản .ods của một bảng tính .ods cũng vậy; bản .docx của văn bản\nWord (bản .odt của văn bản OpenDocument) là chính văn bản đó, ô đã sửa được tô nền. Số liệu của dự án chỉ được sửa khi các số còn lại\ncủa dòng và số cộng của lĩnh vực cùng khớp với số mới; dòng khác có tổng vốn khác vốn\nviện trợ + vốn đối ứng được liệt kê để cán bộ quyết định.",
        ),
        "completions" => (
            "In tập lệnh tự hoàn thành cho shell: bash, zsh, fish, powershell hoặc elvish",
            "Ví dụ:\n  aidcat completions bash > /etc/bash_completion.d/aidcat",
        ),
        "man" => (
            "In trang hướng dẫn (roff)",
            "Ví dụ:\n  aidcat man > aidcat.1 && man ./aidcat.1",
        ),
        _ => return None,
    })
}

/// The program's about-text in Vietnamese.
pub const ABOUT: &str = "Nhập, kiểm tra và báo cáo danh mục dự án kêu gọi viện trợ phi chính phủ nước ngoài của các tỉnh";

/// Help's layout in Vietnamese: clap's own `Usage:` heading is English.
pub const HELP_TEMPLATE: &str =
    "{before-help}{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}";

/// The headings of help: the commands, the arguments, the options.
pub const COMMANDS_HEADING: &str = "Lệnh";
pub const ARGUMENTS_HEADING: &str = "Đối số";
pub const OPTIONS_HEADING: &str = "Tùy chọn";
pub const HELP_FLAG: &str = "In trợ giúp (`-h` tóm tắt, `--help` đầy đủ)";
pub const VERSION_FLAG: &str = "In phiên bản";
pub const HELP_COMMAND: &str = "In trợ giúp của aidcat hoặc của lệnh được nêu";

/// The help of argument `id` of `command` (a subcommand's name, or `aidcat`) in
/// Vietnamese, its default and its values aside.
pub fn arg_help(command: &str, id: &str) -> Option<&'static str> {
    Some(match (command, id) {
        (_, "color") => {
            "Khi nào tô màu kết quả: auto tô màu khi in ra terminal, trừ khi đặt NO_COLOR [mặc định: auto]"
        }
        ("summary", "files") => {
            "Tệp danh mục, thư mục hoặc mẫu tên (`cac-tinh/*.xlsx`); nhiều tệp được cộng chung"
        }
        ("report", "files") => {
            "Tệp danh mục, thư mục hoặc mẫu tên; nhiều tệp được so sánh theo tỉnh"
        }
        ("convert", "files") => {
            "Tệp danh mục (dạng công bố hoặc mỗi dự án một dòng); nhiều tệp được ghi nối tiếp nhau"
        }
        ("list", "files") => "Tệp danh mục",
        (_, "files") => {
            "Tệp danh mục: CSV, văn bản phân cách bằng dấu chấm phẩy hoặc tab, .xlsx, .xls hoặc .ods; `-` đọc từ đầu vào chuẩn"
        }
        ("fix", "file") => "Danh mục cần sửa (tệp này không bao giờ bị thay đổi)",
        ("plan", "file") => "Tệp kế hoạch thực hiện",
        ("summary", "by") => {
            "Cách nhóm các dự án; hai cách nhóm kết hợp: `province,national-sector` [mặc định: sector]"
        }
        ("plan", "by") => "Đếm nhiệm vụ theo đơn vị chủ trì hoặc đơn vị phối hợp thay vì liệt kê",
        ("plan", "year") => "Chỉ các nhiệm vụ trong năm này (nhiệm vụ `Hàng năm` tính cho mọi năm)",
        (_, "year") => "Chỉ các dự án có thời gian thực hiện gồm năm này",
        ("fix", "output") => {
            "Nơi ghi bản đã sửa: .xlsx (công thức SUM, ô thay đổi được đánh dấu), .csv hoặc .tsv, .docx với văn bản Word, hoặc .ods, .odt với bảng tính, văn bản OpenDocument; `-` ghi CSV ra đầu ra chuẩn"
        }
        ("report", "output") => "Nơi ghi trang (.html); nếu không có thì ra đầu ra chuẩn",
        (_, "output") => {
            "Ghi vào tệp này thay vì ra đầu ra chuẩn (ghi trọn rồi mới đổi tên vào chỗ); `-` là đầu ra chuẩn"
        }
        ("fix", "lang") => {
            "Ngôn ngữ của danh sách thay đổi [mặc định: vi khi hệ thống dùng tiếng Việt, nếu không thì en]"
        }
        ("report", "lang") => {
            "Ngôn ngữ của trang [mặc định: vi khi hệ thống dùng tiếng Việt, nếu không thì en]"
        }
        (_, "lang") => {
            "Ngôn ngữ của tiêu đề và ghi chú [mặc định: vi khi hệ thống dùng tiếng Việt, nếu không thì en]"
        }
        (_, "format") => {
            "Dạng kết quả [mặc định: theo đuôi tệp -o (.csv .json .md .xlsx .html), nếu không thì table (csv với convert)]"
        }
        (_, "width") => {
            "Độ rộng bảng trên terminal, tính bằng số ký tự [mặc định: độ rộng của terminal]"
        }
        (_, "strict") => "Tính cảnh báo như lỗi khi đặt mã thoát",
        (_, "quiet") => "Không hiện thanh tiến độ khi đọc tệp lớn",
        (_, "plan") => "Tệp kế hoạch thực hiện, hiện thành dòng thời gian",
        (_, "sector") => "Chỉ lĩnh vực này: mã (`II`) hoặc một phần tên",
        (_, "owner") => {
            "Chỉ các chủ đầu tư có chứa chuỗi này (không phân biệt chữ hoa, chữ thường và dấu)"
        }
        (_, "location") => {
            "Chỉ các địa điểm có chứa chuỗi này (không phân biệt chữ hoa, chữ thường và dấu)"
        }
        (_, "sectors") => {
            "Tệp CSV ánh xạ tên lĩnh vực của tỉnh sang lĩnh vực quốc gia (cột national_sector, provincial_name), được dùng trước bảng ánh xạ mặc định"
        }
        (_, "unit") => {
            "Đơn vị của số liệu: đồng, nghìn đồng, triệu đồng, tỷ đồng, USD, 1.000 USD [mặc định: đơn vị của tệp đầu tiên]"
        }
        (_, "rate") => {
            "Tỷ giá, ví dụ \"1 USD = 24.000 đồng\", cho các tệp tính bằng loại tiền khác; `TỆP=TỶ_GIÁ` cho một tệp. Tỷ giá ghi ở tiêu đề tệp (`Tỷ giá: …`) được dùng cho tệp đó."
        }
        (_, "encoding") => {
            "Bảng mã của văn bản [mặc định: theo dấu BOM, nếu không thì UTF-8, nếu không thì Windows-1258, hoặc TCVN3 (phông .VnTime) hay VNI (phông VNI-Times) khi chữ hoặc dòng tiêu đề chỉ đọc được theo cách đó]"
        }
        (_, "delimiter") => "Ký tự phân cách ô: `,` `;` hoặc `tab` [mặc định: tự nhận biết]",
        (_, "sheet") => {
            "Trang tính của tệp .xlsx, .xls hoặc .ods [mặc định: trang đầu tiên có bảng, các trang hiện trước các trang ẩn]"
        }
        (_, "table") => {
            "Bảng trong văn bản (.docx, .odt, .doc, .rtf, trang web), đếm từ 1 [mặc định: bảng đầu tiên có dòng tiêu đề phù hợp]"
        }
        (_, "number_format") => {
            "Cách viết số tiền: vi = `38.305,31`, en = `38,305.31` [mặc định: tự nhận biết cho từng tệp]"
        }
        (_, "source_unit") => {
            "Đơn vị số tiền trong tệp, ví dụ \"Triệu đồng\" [mặc định: theo dòng `ĐVT:` của tệp]"
        }
        (_, "period") => {
            "Giai đoạn của chương trình, ví dụ 2020-2025 [mặc định: theo tiêu đề `giai đoạn YYYY-YYYY` của tệp]"
        }
        (_, "province") => "Tỉnh [mặc định: theo tên ở tiêu đề tệp]",
        (_, "no_numbered_sectors") => {
            "Đọc các dòng đánh số 1, 2 nằm trên các dòng 1.1, 1.2, và các dòng 2.1, 2.2 nằm trên các dự án đánh số 1, 2, là dự án, không phải lĩnh vực"
        }
        (_, "unnumbered_components") => {
            "Đọc mọi dòng không có số thứ tự là hạng mục của dự án bên trên, kể cả dòng tự nêu tên dự án của nó"
        }
        (_, "no_groups") => {
            "Đọc các dòng chữ cái (A, B) nằm trên các dòng số La Mã, dòng số La Mã (I) nằm trên các dòng đánh số dưới nó (I.1) hoặc trên các lĩnh vực đánh số 1, 2, và dòng đánh số (2) nằm trên các dòng 2.1, là lĩnh vực, không phải nhóm lĩnh vực"
        }
        (_, "no_named_sectors") => {
            "Đọc các dòng nêu tên lĩnh vực (`Lĩnh vực …`, tiêu đề viết hoa hoặc ở ô STT, một tên đứng riêng trên các dự án đánh số lại từ đầu, dòng số 1 nêu tên lĩnh vực trên dự án số 1) là dự án hoặc hạng mục, không phải lĩnh vực, và dòng `Cộng lĩnh vực …` dưới các dự án không có dòng lĩnh vực phía trên là tổng cộng"
        }
        (_, "no_numbered_parts") => {
            "Đọc các dòng 1.1, 1.2 dưới dự án số 1 là dự án, không phải phần của dự án đó"
        }
        (_, "no_breakdowns") => {
            "Cộng các dòng không có số thứ tự dưới một dự án vào dự án đó (hoặc đọc là dự án khi dòng tự nêu tên dự án), kể cả khi chúng cộng đúng bằng dòng dự án hoặc bắt đầu bằng `Trong đó`"
        }
        (_, "no_continued_rows") => {
            "Đọc các dòng không có số thứ tự hay số liệu mà các ô bắt đầu bằng chữ thường, ngay dưới dòng dự án hoặc lĩnh vực, và các dòng dưới một dòng dự án bị ngắt giữa một ô nhiều đoạn (Word lưu bảng thành văn bản), là dòng riêng, không phải phần tiếp theo của dòng trên"
        }
        (_, "no_total_after_sectors") => {
            "Đọc dòng `Cộng` dưới lĩnh vực cuối cùng, khi các lĩnh vực trước không có dòng `Cộng` riêng, là dòng cộng của lĩnh vực cuối, không phải tổng cộng"
        }
        (_, "shell") => "Shell cần tự hoàn thành",
        _ => return None,
    })
}

/// What a value of an option means, in Vietnamese, where it needs words.
pub fn value_help(id: &str, value: &str) -> Option<&'static str> {
    Some(match (id, value) {
        ("format", "table") => "bảng cho terminal (với `check`: mỗi kết quả một dòng)",
        ("format", "csv") => "CSV cho máy và bảng tính",
        ("format", "json") => "JSON",
        ("format", "markdown") => "bảng Markdown",
        ("format", "xlsx") => "sổ Excel, số tổng là công thức, kết quả kiểm tra ở trang thứ hai",
        ("format", "html") => {
            "trang mở được khi không có mạng trong mọi trình duyệt, in trên khổ A4"
        }
        ("by", "sector") => "lĩnh vực, theo thứ tự trong tệp",
        ("by", "national-sector") => {
            "lĩnh vực ưu tiên của chương trình quốc gia (Quyết định 1225/QĐ-TTg), theo ánh xạ tên lĩnh vực của tỉnh"
        }
        ("by", "owner") => "chủ đầu tư, tổng vốn lớn trước",
        ("by", "location") => "địa điểm, tổng vốn lớn trước",
        ("by", "period") => "năm bắt đầu của thời gian thực hiện",
        ("by", "year") => "từng năm của thời gian thực hiện, số tiền chia đều (ước tính)",
        ("by", "province") => {
            "tỉnh (mỗi tệp một tỉnh, hoặc theo cột tỉnh của tệp), theo thứ tự xuất hiện"
        }
        ("by", "lead") => "đếm nhiệm vụ của mỗi đơn vị chủ trì",
        ("by", "partner") => {
            "đếm nhiệm vụ mà mỗi đơn vị phối hợp tham gia (ô đơn vị phối hợp được tách thành từng đơn vị)"
        }
        ("number_format", "vi") => {
            "`38.305,31`: dấu chấm nhóm hàng nghìn, dấu phẩy trước phần thập phân"
        }
        ("number_format", "en") => {
            "`38,305.31`: dấu phẩy nhóm hàng nghìn, dấu chấm trước phần thập phân"
        }
        ("encoding", "tcvn3") => "TCVN3 (ABC), bảng mã của phông .VnTime",
        ("encoding", "vni") => "bảng mã của phông VNI-Times",
        _ => return None,
    })
}

/// The program's long about-text (`--help`) in Vietnamese.
pub const LONG_ABOUT: &str = "aidcat đọc danh mục dự án mà các tỉnh công bố để vận động viện trợ phi chính phủ \
nước ngoài (dạng bảng công bố, hoặc mỗi dự án một dòng), kiểm tra số liệu vốn ở mọi cấp, và \
tổng hợp theo lĩnh vực.\n\n\
Mã thoát: 0 không có lỗi, 1 có lỗi (hoặc có cảnh báo khi dùng --strict), 2 không đọc được \
tệp đầu vào, không ghi được tệp kết quả, hoặc dùng sai lệnh.";

/// A usage error in Vietnamese, from what clap found: what is wrong, what is expected
/// (an option's values, the parser's [`BadValue`], the program's `commands`), and the
/// name clap suggests for one mistyped.
pub fn usage(error: &clap::Error, commands: &[&str]) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(text)) => text.clone(),
        Some(ContextValue::Strings(texts)) => texts.join(", "),
        _ => String::new(),
    };
    let argument = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let expected = std::error::Error::source(error)
        .and_then(|source| source.downcast_ref::<BadValue>())
        .copied();
    // The command the usage is of (`aidcat check …`), for the help to see.
    let usage = match error.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(usage)) => usage.to_string(),
        _ => String::new(),
    };
    let help = match commands
        .iter()
        .find(|c| usage.split_whitespace().any(|w| w == **c))
    {
        Some(command) => format!("aidcat {command} --help"),
        None => "aidcat --help".to_owned(),
    };
    let commands = commands.join(", ");
    let said = match error.kind() {
        ErrorKind::UnknownArgument => format!("không có tham số `{argument}`"),
        ErrorKind::InvalidSubcommand => format!(
            "không có lệnh `{}`; các lệnh: {commands}",
            context(ContextKind::InvalidSubcommand)
        ),
        // clap gives an option left without its value as an empty one.
        ErrorKind::InvalidValue if value.is_empty() => format!("thiếu giá trị cho {argument}"),
        ErrorKind::InvalidValue => format!("giá trị `{value}` không hợp lệ cho {argument}"),
        ErrorKind::ValueValidation => match &expected {
            Some(bad) => format!(
                "giá trị `{value}` không hợp lệ cho {argument}: {}",
                bad_value(*bad)
            ),
            None => format!("giá trị `{value}` không hợp lệ cho {argument}"),
        },
        ErrorKind::MissingRequiredArgument => format!("thiếu tham số bắt buộc: {argument}"),
        ErrorKind::MissingSubcommand => format!("cần một lệnh: {commands}"),
        ErrorKind::ArgumentConflict => format!(
            "tham số {argument} không dùng chung được với {}",
            context(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues if !value.is_empty() => {
            format!("tham số {argument} không nhận giá trị (`{value}`)")
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("số giá trị cho {argument} không đúng")
        }
        _ => "cách dùng không đúng".to_owned(),
    };
    let valid = context(ContextKind::ValidValue);
    let suggested = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .map(context)
    .find(|name| !name.is_empty());
    let mut message = said;
    if !valid.is_empty() {
        message.push_str(&format!("; các giá trị được chấp nhận: {valid}"));
    }
    match suggested {
        Some(name) => message.push_str(&format!("; có phải ý bạn là `{name}`?")),
        // Where nothing above says what is expected, the help does.
        None if valid.is_empty()
            && expected.is_none()
            && error.kind() != ErrorKind::InvalidSubcommand =>
        {
            message.push_str(&format!("; xem `{help}`"));
        }
        None => {}
    }
    message
}

/// A note beside totals over many files.
pub fn rollup_note(note: &Note) -> String {
    match note {
        Note::Converted {
            path,
            unit,
            output,
            rate: Some(rate),
        } => format!("{path}: {unit} quy đổi sang {output} theo tỷ giá {rate}"),
        Note::Converted {
            path, unit, output, ..
        } => format!("{path}: {unit} quy đổi sang {output}"),
        Note::NoUnit { path, unit } => {
            format!("{path}: không ghi đơn vị; số liệu được hiểu là {unit}")
        }
        Note::Rounded => {
            "Số tiền chia theo tỷ giá được làm tròn đến hai chữ số thập phân.".to_owned()
        }
        Note::Unmapped {
            name,
            ambiguous,
            places,
        } => {
            let at = places_list(places, |more| format!(" và {more} chỗ khác"));
            let names = if *ambiguous {
                "ứng với nhiều lĩnh vực quốc gia"
            } else {
                "không thuộc lĩnh vực quốc gia nào"
            };
            format!(
                "cảnh báo: {at}: lĩnh vực `{name}` {names}; tính vào Khác (ánh xạ bằng --sectors)"
            )
        }
        Note::SameCatalogue {
            later,
            first,
            projects,
        } => format!(
            "{later} có số dự án bằng {first} ({projects} dự án), tổng cộng như nhau: một danh mục được tính hai lần? Cả hai đều nằm trong tổng; hãy chỉ đưa một tệp"
        ),
        Note::Findings {
            path,
            province,
            errors,
            warnings,
        } => format!(
            "{path}{}: {errors} lỗi, {warnings} cảnh báo trong số liệu của tệp; chạy `aidcat check {path}` để xem",
            in_brackets(province.as_deref())
        ),
        Note::Missing { message } => format!("Không có trong tổng: {message}"),
        Note::PassedOver { path, kind } => match kind {
            PassedOver::Plan => format!(
                "{path}: là kế hoạch thực hiện, không phải danh mục; bỏ qua (`aidcat plan` đọc tệp này)"
            ),
            PassedOver::Totals => format!("{path}: là bảng tổng hợp, không phải danh mục; bỏ qua"),
            PassedOver::NoFigures => format!(
                "{path}: không có bảng số liệu (là công văn hoặc ghi chú), không phải danh mục; bỏ qua"
            ),
        },
    }
}

/// The row a change is made on.
fn changed_row(title: &SumTitle) -> String {
    match title {
        SumTitle::Project(title) | SumTitle::OwnFigure { title, .. } => format!("dự án {title}"),
        SumTitle::Sector(title) => format!("lĩnh vực {title}"),
        SumTitle::Group(title) => format!("nhóm {title}"),
        SumTitle::GrandTotal => "tổng cộng".to_owned(),
        SumTitle::PartTotals { sector, .. } => format!("dòng tổng hợp {sector}"),
    }
}

/// A breakdown's part `fix` puts right, and why: the row's breakdown labelled `label`
/// and the sum on `sum_line` (or the rows the row itself adds) agree on it.
pub fn part_change(title: &SumTitle, label: &str, sum_line: Option<usize>) -> [String; 2] {
    let agrees = match sum_line {
        Some(line) => format!("số cộng của cột ở dòng {line}"),
        None => "cộng các dòng mà dòng này cộng".to_owned(),
    };
    let why = format!(
        "các cột chi tiết \"{label}\" của dòng cộng lại khác số tiền của dòng; các cột đó và {agrees} cùng khớp với số mới"
    );
    [changed_row(title), why]
}

/// What a change of `fix` puts right, and why.
pub fn change(title: &SumTitle, unread: Option<&str>, by_hand: bool) -> [String; 2] {
    let why = match title {
        SumTitle::Project(_) => "số ghi ở dòng dự án khác tổng các hạng mục của dự án".to_owned(),
        SumTitle::Sector(_) => "số cộng ghi trong bảng khác tổng các dự án của lĩnh vực".to_owned(),
        SumTitle::Group(_) => {
            "số ghi ở dòng nhóm khác tổng các dự án của các lĩnh vực trong nhóm".to_owned()
        }
        SumTitle::GrandTotal => "tổng cộng ghi trong bảng khác tổng tất cả dự án".to_owned(),
        SumTitle::PartTotals { part, .. } => format!(
            "số ghi ở dòng khác tổng các dự án của lĩnh vực trong {} (sau khi sửa)",
            file_part(part)
        ),
        SumTitle::OwnFigure {
            subtotal,
            grand_total,
            ..
        } => format!(
            "tổng vốn của dòng khác vốn viện trợ + vốn đối ứng; các số còn lại của dòng và {} (dòng {subtotal}) cùng khớp với số mới",
            if *grand_total {
                "tổng cộng"
            } else {
                "số cộng của lĩnh vực"
            }
        ),
    };
    let what = changed_row(title);
    // A cell that was no number is not said to differ: it said nothing.
    let mut why = unread.map_or(why, |text| {
        format!("ô ghi \"{text}\" không phải là số: ghi tổng tính được vào chỗ đó")
    });
    if by_hand {
        why += "; bảng chia số này thành nhiều cột: cán bộ tự ghi các cột sao cho cộng lại bằng số mới";
    }
    [what, why]
}

/// A breakdown's part as its column is named: cột "Năm 2025" của "Phân kỳ vốn viện trợ".
fn part_column(label: &str, part: &str) -> String {
    match breakdown_label(label, part) {
        Some(label) => format!("cột \"{}\" của \"{}\"", short(part), short(label)),
        None => format!("cột \"{}\"", short(part)),
    }
}
