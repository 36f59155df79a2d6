//! The shared case list, decided by core directly: each case comes to what the list says.

use std::collections::BTreeSet;

use styrebord_cases::{cases, reference};

#[test]
fn core_decides_every_case_as_listed() {
    let mut failures = Vec::new();
    for case in cases() {
        let got = reference(&case);
        if !got.matches(case.expect) {
            failures.push(format!(
                "{} ({}): expected {:?}, got {got:?}",
                case.name, case.by, case.expect
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_list_covers_refusals_and_applied_writes_of_members_and_secretariat() {
    let all = cases();
    let names: BTreeSet<_> = all.iter().map(|c| (c.name, c.by)).collect();
    assert_eq!(names.len(), all.len(), "every case is named once");
    let refusals: BTreeSet<_> = all
        .iter()
        .filter_map(|c| match c.expect {
            styrebord_cases::Expect::Refused(code) => Some(code),
            styrebord_cases::Expect::Applied => None,
        })
        .collect();
    assert!(refusals.len() >= 25, "{refusals:?}");
    assert!(all
        .iter()
        .any(|c| c.op.is_member_write() && c.expect == styrebord_cases::Expect::Applied));
    assert!(all
        .iter()
        .any(|c| !c.op.is_member_write() && c.expect == styrebord_cases::Expect::Applied));
}
