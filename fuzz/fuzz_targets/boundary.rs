//! libFuzzer's panic hook aborts on any panic, even one aidcat catches at its boundary
//! around the workbook and document libraries (a damaged file, reported as such). Used by
//! every target that reads arbitrary bytes: a panic is a finding unless it is inside that
//! boundary and in a library's code. One in aidcat's own code (its `.doc` reader among
//! it), or in a file that cannot be placed, is a finding wherever it is.

use std::path::Path;

pub fn panics_in_aidcat_or_outside_the_boundary() {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        let own_code = std::fs::canonicalize(Path::new(env!("CARGO_MANIFEST_DIR")).join("../src"));
        std::panic::set_hook(Box::new(move |info| {
            let in_library = info.location().is_some_and(|at| {
                match (std::fs::canonicalize(at.file()), &own_code) {
                    (Ok(file), Ok(own)) => !file.starts_with(own),
                    _ => false,
                }
            });
            if !(in_library && aidcat::read::pipeline::in_panic_boundary()) {
                fuzzer_hook(info);
            }
        }));
    });
}
