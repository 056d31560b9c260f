//! Differential: a file read in many small ranges on several threads gives exactly what
//! it gives read as one range: the same head (metadata, number format), model, findings,
//! counts, and summary by every grouping; or the same error. The checker and the summary
//! are also run alone, as `check` and `summary` run them: a tidy file's ranges are then
//! folded into forks of them and joined.

#![no_main]

#[path = "boundary.rs"]
mod boundary;

use aidcat::check::Checker;
use aidcat::cli::RollupArgs;
use aidcat::export::{self, Extras, Format};
use aidcat::lang::Lang;
use aidcat::read::ReadOptions;
use aidcat::read::catalogue::Collector;
use aidcat::read::pipeline::{Plan, run_bytes};
use aidcat::report::rollup::{self, Summed};
use aidcat::report::summary::{Accumulator, GroupBy, SummarySink, summary};
use clap::ValueEnum;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    boundary::panics_in_aidcat_or_outside_the_boundary();
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let options = ReadOptions::default();
    let read = |plan: &Plan| {
        run_bytes("fuzz.csv", bytes.to_vec(), &options, plan, |head| {
            (Collector::new(), Checker::new(head))
        })
        .map(|(head, (collector, checker))| {
            let counts = (checker.sector_count(), checker.projects, checker.components);
            (collector.into_catalogue(head), checker.finish(), counts)
        })
        .map_err(|e| format!("{e:#}"))
    };
    let whole = read(&Plan {
        chunk_bytes: 1 << 30,
        threads: Some(1),
        ..Plan::default()
    });
    let chunked = read(&Plan {
        chunk_bytes: usize::from(selector % 64) + 1,
        threads: Some(3),
        ..Plan::default()
    });
    let (whole, chunked) = match (whole, chunked) {
        (Err(a), Err(b)) => return assert_eq!(a, b, "errors differ"),
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => panic!("one read failed: {:?} / {:?}", a.err(), b.err()),
    };
    assert_eq!(whole.0.metadata, chunked.0.metadata, "metadata differs");
    assert_eq!(whole.0.numbers, chunked.0.numbers, "number format differs");
    assert_eq!(whole.0.sectors, chunked.0.sectors, "models differ");
    assert_eq!(
        whole.0.grand_total, chunked.0.grand_total,
        "grand totals differ"
    );
    assert_eq!(whole.1, chunked.1, "findings differ");
    assert_eq!(whole.2, chunked.2, "counts differ");
    let extras = Extras {
        sheet_name: "fuzz",
        findings: &[],
        lang: Lang::En,
    };
    let whole_plan = Plan {
        chunk_bytes: 1 << 30,
        threads: Some(1),
        ..Plan::default()
    };
    let chunked_plan = Plan {
        chunk_bytes: usize::from(selector % 64) + 1,
        threads: Some(3),
        ..Plan::default()
    };
    let check_alone = |plan: &Plan| {
        run_bytes("fuzz.csv", bytes.to_vec(), &options, plan, Checker::new)
            .map(|(_, checker)| {
                let counts = (checker.sector_count(), checker.projects, checker.components);
                (checker.finish(), counts)
            })
            .map_err(|e| format!("{e:#}"))
    };
    let alone = check_alone(&chunked_plan);
    assert_eq!(alone, check_alone(&whole_plan), "the checker alone differs");
    assert_eq!(
        alone,
        Ok((whole.1.clone(), whole.2)),
        "the checker alone differs from its pair"
    );
    for by in GroupBy::value_variants() {
        let sheet = |c| {
            summary(std::slice::from_ref(c), &[*by], Lang::En)
                .and_then(|s| export::render(&s, Format::Csv, None, &extras))
                .map_err(|e| format!("{e:#}"))
        };
        let in_memory = sheet(&whole.0);
        assert_eq!(in_memory, sheet(&chunked.0), "summary by {by:?} differs");
        let streamed = |plan: &Plan| {
            let args = RollupArgs::default();
            let map = rollup::sector_map(&[*by], &args).map_err(|e| format!("{e:#}"))?;
            let (head, sink) = run_bytes("fuzz.csv", bytes.to_vec(), &options, plan, |head| {
                SummarySink::new(Accumulator::new(&[*by], Lang::En), head, map.clone())
            })
            .map_err(|e| format!("{e:#}"))?;
            let (sums, unmapped) = sink.finish(&head).map_err(|e| format!("{e:#}"))?;
            let files = vec![Summed { sums, unmapped }];
            rollup::combine(std::slice::from_ref(&head), files, &[*by], &args, Lang::En)
                .and_then(|r| export::render(&r.sheet, Format::Csv, None, &extras))
                .map_err(|e| format!("{e:#}"))
        };
        // Streamed, projects come in file order (in memory, sector after sector: groups
        // of equal rank may come in another order), so the streamed runs are compared.
        let streamed_whole = streamed(&whole_plan);
        assert_eq!(
            streamed(&chunked_plan),
            streamed_whole,
            "summary by {by:?} streamed differs"
        );
    }
});
