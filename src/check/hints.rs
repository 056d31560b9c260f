//! Likely causes of an arithmetic mismatch, said only where the figures support them.
//! A hint is data, like the finding it stands under; its words are written per language.

use crate::model::{MoneyColumn, Shifted, Totals};
use rust_decimal::Decimal;
use rustc_hash::FxHashSet;
use serde::Serialize;

/// A row whose figures enter a sum: a project's own row or one of its components.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowRef {
    pub line: usize,
    /// The project's number and name.
    pub number: Option<String>,
    pub name: String,
    /// The number of the project's part the row is (`1.2`), where it is one so numbered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// The row is one the sheet hides.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
}

impl RowRef {
    /// The row on `line` of `project`: its own, or its component `component`'s (given,
    /// not looked for: a project of a million components looked each up in all).
    pub fn of(
        project: &crate::model::ProjectView<'_>,
        line: usize,
        component: Option<&crate::model::Component<&str>>,
    ) -> Self {
        RowRef {
            line,
            number: project.number.map(str::to_owned),
            name: project.name.to_owned(),
            part: component.and_then(|c| c.number).map(str::to_owned),
            hidden: component.is_none() && project.hidden,
        }
    }
}

/// A likely cause of a mismatch, from its figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "hint", rename_all = "kebab-case")]
pub enum Hint {
    /// The difference is one row's figure: that row was counted twice (the declared
    /// figure is larger) or left out of the sum (it is smaller).
    OneRow {
        row: RowRef,
        figure: Decimal,
        counted_twice: bool,
    },
    /// The difference is one digit at one place (`place` is 1, 10, 100, …): a mistyped
    /// digit.
    MistypedDigit { place: Decimal },
    /// The declared and computed figures are the same digits in another order.
    TransposedDigits,
    /// The subtotal takes the first row of the next sector too.
    TakesNextSectorsRow { row: RowRef },
    /// The subtotal stops one row short and takes the next sector's first row instead.
    ShiftedByOneRow { left_out: RowRef, taken: RowRef },
    /// Only this column's sum is off among aid and counterpart, and the total is off by
    /// the same: the mistake is in this column, carried into the total.
    CarriedIntoTotal { column: MoneyColumn },
    /// The grand total leaves one sector out.
    LeavesOutSector { sector: String, line: usize },
    /// A workbook `SUM` whose range leaves out rows of the sector's projects.
    RangeLeavesOut { lines: Vec<usize> },
    /// A workbook `SUM` whose range takes rows that are not the sector's projects.
    RangeTakesOthers { lines: Vec<usize> },
    /// The subtotal is a typed number where the other subtotals are formulas.
    TypedNotFormula { formulas: usize },
    /// A workbook `SUM` over the sector's own rows saved as 0 where those rows add up to
    /// more: the program that wrote the file saved 0 for every formula, computing none
    /// (XlsxWriter, web systems' exports).
    FormulaNotComputed,
    /// The figure is a document's formula field (Word's `=SUM(ABOVE)`, a Writer table's
    /// formula), which a word processor does not compute again when the figures change
    /// until it is told to: perhaps not updated since.
    FieldNotUpdated,
    /// The workbook formula adds cells of another money column only (`=C4+C8` in the aid
    /// column, C the total's): its references are wrong, not a figure.
    FormulaOtherColumn { column: MoneyColumn },
    /// A row whose figures add up read further right than their columns: a cell before
    /// them split by a separator not in quotes (its `extra-cells` finding).
    CellsShifted { shifted: Shifted },
    /// A row whose total is its aid (or counterpart) alone: the other part not added.
    TotalIsOnePart { column: MoneyColumn },
    /// A row whose total is the aid + counterpart of the row above: copied down.
    TotalOfRowAbove { line: usize },
    /// The sum is off by what one of its rows is off by itself (its total is not its
    /// aid and counterpart added), and that row's `column` written as `should_be` makes
    /// both right: the row's figure is the likely mistake, not the sum.
    RowFigureOff {
        row: RowRef,
        column: MoneyColumn,
        should_be: Decimal,
    },
    /// A breakdown column's sum is off by what one of its rows' breakdown is off from its
    /// amount, and that row's `part` written as `should_be` makes both right: the row's
    /// part is the likely mistake, not the sum.
    PartOff {
        row: RowRef,
        part: String,
        should_be: Decimal,
    },
    /// A breakdown column's sum whose own row's breakdown is off from its amount by the
    /// same difference: the figure written as `should_be` makes both right, so it is the
    /// likely mistake.
    OwnPartOff { should_be: Decimal },
    /// On a row whose breakdown does not add up to its amount: with its `part` written as
    /// `should_be`, the sums on `lines` (its sector's, the grand total) add up in that
    /// column too. That part is the likely mistake.
    PartAgrees {
        lines: Vec<usize>,
        part: String,
        should_be: Decimal,
    },
    /// On a row whose total is not its aid + counterpart: with its `column` written as
    /// `should_be`, its sector's subtotal on line `line` adds up too (or the grand total,
    /// where no sector declares a subtotal). That figure is the likely mistake.
    SumAgrees {
        line: usize,
        column: MoneyColumn,
        should_be: Decimal,
        grand_total: bool,
    },
    /// The `figures`, times 1,000, make the sum or the row add up: amounts typed with a
    /// thousands dot (`1.500`) that a spreadsheet set to English stored as decimals (1.5).
    /// (It takes `1.500.000` for text, which is read as typed.)
    ThousandsAsDecimals { figures: Vec<Decimal> },
    /// The sum leaves out the cells of its column on these lines: they are not numbers
    /// (each reported by `not-a-number`), so the difference says nothing more.
    UnreadableLeftOut { lines: Vec<usize> },
    /// The sum adds figures of its column on these lines that look misread as decimals
    /// ([`Hint::ThousandsAsDecimals`] under their rows): the difference says nothing
    /// until they are typed again.
    MisreadSummed { lines: Vec<usize> },
}

/// The figures of a [`Hint::ThousandsAsDecimals`] as they were typed: a thousand times
/// what was stored.
pub fn as_typed(figures: &[Decimal]) -> impl Iterator<Item = Decimal> + '_ {
    figures.iter().map(|figure| figure * Decimal::ONE_THOUSAND)
}

/// Could `figure` be an amount whose thousands dot was read as a decimal point:
/// positive, not whole, and whole times 1,000?
fn read_as_decimal(figure: Decimal) -> bool {
    figure.is_sign_positive()
        && !figure.fract().is_zero()
        && (figure.checked_mul(Decimal::ONE_THOUSAND)).is_some_and(|f| f.fract().is_zero())
}

/// Could `figure` be such an amount whose digits after the dot were zeros (`2.000`
/// stored as 2): whole, from 1 to 999? Alone it says nothing; beside a figure
/// [`read_as_decimal`], or a thousandth of the sum it should be, it may.
fn whole_read_as_decimal(figure: Decimal) -> bool {
    figure.fract().is_zero() && figure >= Decimal::ONE && figure < Decimal::ONE_THOUSAND
}

/// A declared figure that is the computed one divided by 1,000: typed `1.500`, stored
/// as 1.5 (or `2.000`, stored as 2).
pub fn sum_read_as_decimal(declared: Decimal, computed: Decimal) -> Option<Hint> {
    let misread = read_as_decimal(declared) || whole_read_as_decimal(declared);
    (misread && declared.checked_mul(Decimal::ONE_THOUSAND) == Some(computed)).then(|| {
        Hint::ThousandsAsDecimals {
            figures: vec![declared],
        }
    })
}

/// A row whose figures that are not whole, each times 1,000, make its total its aid +
/// counterpart; with them, as few whole figures from 1 to 999 as need be (`1.000`
/// stored as 1 beside `1.500` stored as 1.5).
pub fn row_read_as_decimal(figures: &Totals) -> Option<Hint> {
    let all = [figures.total, figures.aid, figures.counterpart];
    if !all.iter().any(|&f| read_as_decimal(f)) {
        return None;
    }
    // The sets of whole figures taken as misread too, the fewest first (by column bits).
    const TRIED: [u8; 8] = [0b000, 0b001, 0b010, 0b100, 0b011, 0b101, 0b110, 0b111];
    TRIED.into_iter().find_map(|whole| {
        let taken = |i: usize| {
            let figure = all[i];
            read_as_decimal(figure) || whole & 1 << i != 0 && whole_read_as_decimal(figure)
        };
        if (0..3).any(|i| whole & 1 << i != 0 && !whole_read_as_decimal(all[i])) {
            return None;
        }
        let scaled = |i: usize| match taken(i) {
            true => all[i].checked_mul(Decimal::ONE_THOUSAND),
            false => Some(all[i]),
        };
        let adds_up = scaled(0)? == scaled(1)?.checked_add(scaled(2)?)?;
        let read: Vec<Decimal> = (0..3).filter(|&i| taken(i)).map(|i| all[i]).collect();
        adds_up.then_some(Hint::ThousandsAsDecimals { figures: read })
    })
}

/// What a declared figure against the computed one suggests: a mistyped digit, two
/// digits transposed, or a thousands dot read as a decimal point.
pub fn for_figure(declared: Decimal, computed: Decimal) -> Vec<Hint> {
    let digits = digit_hint(declared, computed);
    digits
        .into_iter()
        .chain(sum_read_as_decimal(declared, computed))
        .collect()
}

/// A row of a sum that is off by itself (total ≠ aid + counterpart) and accounts for the
/// sum's whole difference: the sum is off in one column alone, by what the row's figure
/// in that column is off from its other two. Where one row alone does, it is that row,
/// the column, and what the figure should be; the sum is then right as declared.
pub fn row_figure_off<'r>(
    declared: &Totals,
    computed: &Totals,
    rows: impl Iterator<Item = &'r (RowRef, Totals)>,
) -> Option<(RowRef, MoneyColumn, Decimal)> {
    let off = |column: MoneyColumn| column.of(declared).checked_sub(column.of(computed));
    let mut columns_off = MoneyColumn::ALL
        .into_iter()
        .filter(|&column| off(column).is_none_or(|d| !d.is_zero()));
    let (Some(column), None) = (columns_off.next(), columns_off.next()) else {
        return None;
    };
    let difference = off(column)?;
    let mut found = rows.filter_map(|(row, figures)| {
        // What the row's total is beyond its aid + counterpart.
        let excess = figures
            .total
            .checked_sub(figures.aid)?
            .checked_sub(figures.counterpart)?;
        // The total put right lowers the sum by the excess; aid or counterpart put right
        // raises it by as much.
        let (explains, should_be) = match column {
            MoneyColumn::Total => (-excess, figures.total.checked_sub(excess)?),
            part => (excess, part.of(figures).checked_add(excess)?),
        };
        (!excess.is_zero() && explains == difference).then(|| (row.clone(), column, should_be))
    });
    match (found.next(), found.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// The [`Hint::RowFigureOff`] of a row found by [`row_figure_off`], under the sum's
/// figure in `column`, where that is the column the row's mistake puts off.
pub fn row_at_fault(
    row_off: &Option<(RowRef, MoneyColumn, Decimal)>,
    column: MoneyColumn,
) -> Option<Hint> {
    match row_off {
        Some((row, off_column, should_be)) if *off_column == column => Some(Hint::RowFigureOff {
            row: row.clone(),
            column,
            should_be: *should_be,
        }),
        _ => None,
    }
}

/// The hints a difference allows between a declared and a computed figure of one sum,
/// given the rows summed (in file order) and the next sector's first row.
pub fn for_sum<'r>(
    declared: Decimal,
    computed: Decimal,
    column: MoneyColumn,
    rows: impl DoubleEndedIterator<Item = &'r (RowRef, Totals)> + Clone,
    next_first: Option<&(RowRef, Totals)>,
) -> Vec<Hint> {
    let difference = declared - computed;
    let mut hints = Vec::new();
    let figure = |row: &(RowRef, Totals)| column.of(&row.1);
    // At most one row named: with several of the same figure, none is more likely.
    let mut matching = rows
        .clone()
        .filter(|row| figure(row) != Decimal::ZERO && figure(row) == difference.abs());
    if let (Some(row), None) = (matching.next(), matching.next()) {
        hints.push(Hint::OneRow {
            row: row.0.clone(),
            figure: figure(row),
            counted_twice: difference > Decimal::ZERO,
        });
    }
    if let Some(next) = next_first.filter(|next| figure(next) != Decimal::ZERO) {
        if difference == figure(next) {
            hints.push(Hint::TakesNextSectorsRow {
                row: next.0.clone(),
            });
        } else if let Some(last) = rows.clone().next_back()
            && difference == figure(next) - figure(last)
            && figure(last) != figure(next)
        {
            hints.push(Hint::ShiftedByOneRow {
                left_out: last.0.clone(),
                taken: next.0.clone(),
            });
        }
    }
    hints.extend(for_figure(declared, computed));
    hints
}

/// Is `declared`, a subtotal's formula `formula`'s saved value, one that was never
/// computed: 0, where the formula adds the sector's own rows (no more, no fewer, see
/// [`for_range`]) and they come to `computed`, which is not 0?
pub fn formula_not_computed(
    formula: &str,
    rows: &[(RowRef, Totals)],
    figure_lines: &FxHashSet<usize>,
    declared: Decimal,
    computed: Decimal,
) -> bool {
    declared.is_zero()
        && !computed.is_zero()
        && sum_rows(formula).is_some()
        && for_range(formula, rows, figure_lines).is_empty()
}

/// What a workbook subtotal's `SUM` range says against the rows it should add: rows of
/// the sector it leaves out, and figure rows of other sectors it takes.
pub fn for_range(
    formula: &str,
    rows: &[(RowRef, Totals)],
    figure_lines: &FxHashSet<usize>,
) -> Vec<Hint> {
    let Some(summed) = sum_rows(formula) else {
        return Vec::new();
    };
    let own: FxHashSet<usize> = rows.iter().map(|(row, _)| row.line).collect();
    let mut left_out: Vec<usize> = own
        .iter()
        .copied()
        .filter(|l| !summed.contains(l))
        .collect();
    let mut others: Vec<usize> = summed
        .iter()
        .copied()
        .filter(|l| !own.contains(l) && figure_lines.contains(l))
        .collect();
    left_out.sort_unstable();
    others.sort_unstable();
    let mut hints = Vec::new();
    if !left_out.is_empty() {
        hints.push(Hint::RangeLeavesOut { lines: left_out });
    }
    if !others.is_empty() {
        hints.push(Hint::RangeTakesOthers { lines: others });
    }
    hints
}

/// The rows a formula `SUM(G5:G9,G12)` (or `=G5+G6`) adds, for one column; `None` for a
/// formula of another shape. Ranges of more than 100,000 rows are not spelled out.
fn sum_rows(formula: &str) -> Option<FxHashSet<usize>> {
    let body = formula.trim().trim_start_matches('=');
    let upper = body.to_ascii_uppercase();
    // `SUBTOTAL(9, …)` sums as `SUM` does (109: visible rows only, all of them here).
    let function = ["SUM(", "SUBTOTAL(9,", "SUBTOTAL(109,"]
        .iter()
        .find_map(|function| upper.strip_prefix(function));
    let inner = match function {
        Some(rest) => rest.strip_suffix(')')?,
        None => upper.as_str(),
    };
    let row_of = |cell: &str| -> Option<usize> {
        let cell = cell.trim().replace('$', "");
        let digits = cell.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        (digits.len() < cell.len() && !digits.is_empty())
            .then(|| digits.parse().ok())
            .flatten()
    };
    let mut rows = FxHashSet::default();
    for part in inner.split([',', ';', '+']) {
        match part.split_once(':') {
            Some((from, to)) => {
                let (from, to) = (row_of(from)?, row_of(to)?);
                let (from, to) = (from.min(to), from.max(to));
                if to - from > 100_000 {
                    return None;
                }
                rows.extend(from..=to);
            }
            None => {
                rows.insert(row_of(part)?);
            }
        }
    }
    Some(rows)
}

/// The one column a workbook formula's cell references name (`=C4+C8`, `=SUM($C$5:C9)` →
/// column 3, counted from 1), where they name cells of one column only.
pub fn formula_column(formula: &str) -> Option<usize> {
    let upper = formula.to_ascii_uppercase();
    let bytes = upper.as_bytes();
    let mut column = None;
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        // A reference starts where no name does: not after a letter, digit or `_`.
        let free =
            start == 0 || !(bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_');
        let mut end = start + usize::from(bytes[start] == b'$');
        let letters = end;
        while end < bytes.len() && bytes[end].is_ascii_uppercase() {
            end += 1;
        }
        let letters = &bytes[letters..end];
        end += usize::from(bytes.get(end) == Some(&b'$'));
        let digits = end;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        let is_reference = free
            && (1..=3).contains(&letters.len())
            && end > digits
            && !bytes
                .get(end)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'(');
        if is_reference {
            let named = crate::read::column_number(letters);
            if column.is_some_and(|c| c != named) {
                return None;
            }
            column = Some(named);
            at = end;
        } else {
            at = start + 1;
        }
    }
    column
}

/// A mistyped digit (the figures differ in one digit) or two transposed ones (they differ
/// in two digits, swapped; their difference is then a multiple of 9). Figures of
/// different widths support neither.
pub fn digit_hint(declared: Decimal, computed: Decimal) -> Option<Hint> {
    if declared == computed || declared.is_sign_negative() || computed.is_sign_negative() {
        return None;
    }
    let scale = declared.scale().max(computed.scale());
    let digits = |value: Decimal| {
        let mut value = value;
        value.rescale(scale);
        value.mantissa().to_string().into_bytes()
    };
    let (a, b) = (digits(declared), digits(computed));
    if a.len() != b.len() {
        return None;
    }
    let differ: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    match differ[..] {
        [i] => {
            // The place of digit i: 10^(digits after it), in the figures' scale.
            let mut place =
                Decimal::from_i128_with_scale(10i128.pow((a.len() - 1 - i) as u32), scale);
            place = place.normalize();
            Some(Hint::MistypedDigit { place })
        }
        [i, j] if a[i] == b[j] && a[j] == b[i] => Some(Hint::TransposedDigits),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn digits_mistyped_or_transposed() {
        assert_eq!(
            digit_hint(d("13533"), d("13233")),
            Some(Hint::MistypedDigit { place: d("100") })
        );
        assert_eq!(
            digit_hint(d("12873"), d("12837")),
            Some(Hint::TransposedDigits)
        );
        // A difference of one digit's worth that carries changes two digits: no hint.
        assert_eq!(digit_hint(d("14033"), d("13233")), None);
        assert_eq!(
            digit_hint(d("1.25"), d("1.24")),
            Some(Hint::MistypedDigit { place: d("0.01") })
        );
        // 360 is no single digit, and 13233 and 12873 are not the same digits.
        assert_eq!(digit_hint(d("13233"), d("12873")), None);
        // A digit more is not a mistyped digit.
        assert_eq!(digit_hint(d("1000"), d("100")), None);
        assert_eq!(digit_hint(d("5"), d("5")), None);
    }

    #[test]
    fn thousands_read_as_decimals_only_where_the_figures_then_add_up() {
        let misread = |figures: &[&str]| Hint::ThousandsAsDecimals {
            figures: figures.iter().map(|f| d(f)).collect(),
        };
        assert_eq!(for_figure(d("1.5"), d("1500")), [misread(&["1.5"])]);
        assert_eq!(for_figure(d("1.005"), d("1005")), [misread(&["1.005"])]);
        // `2.000` stored as 2 is whole; from 1 to 999 it may be so misread.
        assert_eq!(for_figure(d("2"), d("2000")), [misread(&["2"])]);
        // A sum that is not a thousand times it, a whole figure past 999 or below 1, or a
        // million times it (`1.500.000` is no number to such a spreadsheet): no such hint.
        assert!(for_figure(d("1000"), d("1000000")).is_empty());
        assert!(for_figure(d("0"), d("0")).is_empty());
        assert!(for_figure(d("1.5"), d("1600")).is_empty());
        assert!(for_figure(d("2.25"), d("2250000")).is_empty());
        let row = |[total, aid, counterpart]: [&str; 3]| Totals {
            total: d(total),
            aid: d(aid),
            counterpart: d(counterpart),
        };
        assert_eq!(
            row_read_as_decimal(&row(["1.5", "1.2", "300"])),
            Some(misread(&["1.5", "1.2"]))
        );
        assert_eq!(
            row_read_as_decimal(&row(["1.5", "1200", "300"])),
            Some(misread(&["1.5"]))
        );
        // Beside a figure not whole, whole ones as few as need be (`1.000` stored as 1).
        assert_eq!(
            row_read_as_decimal(&row(["1.5", "1", "500"])),
            Some(misread(&["1.5", "1"]))
        );
        assert_eq!(
            row_read_as_decimal(&row(["2", "1.5", "500"])),
            Some(misread(&["2", "1.5"]))
        );
        // Whole figures alone say nothing.
        assert_eq!(row_read_as_decimal(&row(["2", "1", "1000"])), None);
        // Decimals that add up no better a thousand times over.
        assert_eq!(row_read_as_decimal(&row(["2.5", "2", "0.3"])), None);
        assert_eq!(row_read_as_decimal(&row(["1500", "1200", "200"])), None);
    }

    #[test]
    fn sum_ranges_are_read() {
        let rows = |f: &str| {
            let mut r: Vec<usize> = sum_rows(f).unwrap().into_iter().collect();
            r.sort_unstable();
            r
        };
        assert_eq!(rows("=SUM(G5:G7,G9)"), [5, 6, 7, 9]);
        assert_eq!(rows("sum($G$7:$G$5)"), [5, 6, 7]);
        assert_eq!(rows("=G5+G6"), [5, 6]);
        assert_eq!(sum_rows("=AVERAGE(G5:G6)"), None);
        assert_eq!(sum_rows("=SUM(G1:G999999)"), None);
        assert_eq!(rows("=SUBTOTAL(9,G5:G6)"), [5, 6]);
        assert_eq!(rows("=subtotal(109,G5,G7)"), [5, 7]);
        assert_eq!(sum_rows("=SUBTOTAL(1,G5:G6)"), None);
    }

    /// The one column a formula's references name, counted from 1; none where they name
    /// several, or none (a function's name, `LOG10(`, is no cell).
    #[test]
    fn a_formulas_one_column_is_read() {
        assert_eq!(formula_column("=C4+C8"), Some(3));
        assert_eq!(formula_column("=SUM($G$5:G9)"), Some(7));
        assert_eq!(formula_column("=SUBTOTAL(9,AB3:AB7)"), Some(28));
        assert_eq!(formula_column("='Danh mục'!H3"), Some(8));
        for none in [
            "=C4+D8",
            "=LOG10(100)",
            "=500",
            "=SUM(ABOVE)",
            "=Sheet1.C4+D4",
        ] {
            assert_eq!(formula_column(none), None, "{none}");
        }
    }

    #[test]
    fn a_row_off_by_itself_is_named_where_it_accounts_for_the_sums_difference() {
        let row = |line: usize, [total, aid, counterpart]: [&str; 3]| {
            let reference = RowRef {
                line,
                number: None,
                name: String::new(),
                part: None,
                hidden: false,
            };
            let (total, aid, counterpart) = (d(total), d(aid), d(counterpart));
            (
                reference,
                Totals {
                    total,
                    aid,
                    counterpart,
                },
            )
        };
        let totals = |[total, aid, counterpart]: [&str; 3]| Totals {
            total: d(total),
            aid: d(aid),
            counterpart: d(counterpart),
        };
        let declared = totals(["300", "200", "100"]);
        // Counterpart typed 70 for 60: the subtotal's counterpart says 60.
        let rows = [row(5, ["100", "60", "40"]), row(6, ["200", "140", "70"])];
        let computed = totals(["300", "200", "110"]);
        let found = row_figure_off(&declared, &computed, rows.iter());
        assert_eq!(
            found.map(|(row, column, figure)| (row.line, column, figure)),
            Some((6, MoneyColumn::Counterpart, d("60")))
        );
        // The subtotal's total off too: two columns, not this row's alone.
        let off = totals(["310", "200", "100"]);
        assert_eq!(row_figure_off(&off, &computed, rows.iter()), None);
        // Two rows that would each account for it: neither is named.
        let rows = [row(5, ["100", "60", "50"]), row(6, ["200", "140", "70"])];
        let computed = totals(["300", "200", "120"]);
        let declared = totals(["300", "200", "110"]);
        assert_eq!(row_figure_off(&declared, &computed, rows.iter()), None);
    }

    #[test]
    fn one_row_named_only_when_it_alone_fits() {
        let row = |line: usize, total: i64| {
            (
                RowRef {
                    line,
                    number: Some(line.to_string()),
                    name: format!("p{line}"),
                    part: None,
                    hidden: false,
                },
                Totals {
                    total: Decimal::from(total),
                    aid: Decimal::ZERO,
                    counterpart: Decimal::ZERO,
                },
            )
        };
        let rows = [row(5, 120), row(6, 347), row(7, 120)];
        let hints = for_sum(d("934"), d("587"), MoneyColumn::Total, rows.iter(), None);
        assert!(
            matches!(&hints[..], [Hint::OneRow { row, counted_twice: true, .. }] if row.line == 6)
        );
        // Two rows of 120: neither is named.
        assert!(for_sum(d("467"), d("587"), MoneyColumn::Total, rows.iter(), None).is_empty());
        let next = row(9, 51);
        let hints = for_sum(
            d("638"),
            d("587"),
            MoneyColumn::Total,
            rows.iter(),
            Some(&next),
        );
        assert!(matches!(&hints[..], [Hint::TakesNextSectorsRow { row }] if row.line == 9));
        let hints = for_sum(
            d("518"),
            d("587"),
            MoneyColumn::Total,
            rows.iter(),
            Some(&next),
        );
        assert!(
            matches!(&hints[..], [Hint::ShiftedByOneRow { left_out, taken }] if left_out.line == 7 && taken.line == 9)
        );
    }
}
