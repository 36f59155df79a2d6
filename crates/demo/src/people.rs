//! The people of the demo committee: one member per organisation (Digitaliseringsstyrelsen's
//! member chairs), two in the secretariat, a substitute with an account and an observer.

use styrebord_core::org::{Person, Role};
use styrebord_core::PersonId;

use crate::ids::uuid;
use crate::portfolio::org;
use crate::DemoError;

/// `(org, name, email, role)`.
const PEOPLE: &[(&str, &str, &str, Role)] = &[
    (
        "DIGST",
        "Mette Kjærgaard Holm",
        "mekho@digst.dk",
        Role::Chair,
    ),
    (
        "DIGST",
        "Jonas Bech Sørensen",
        "jobso@digst.dk",
        Role::Secretariat,
    ),
    (
        "DIGST",
        "Line Østergaard",
        "lioes@digst.dk",
        Role::Secretariat,
    ),
    (
        "KL",
        "Anders Vestergaard Nielsen",
        "avn@kl.dk",
        Role::Member,
    ),
    ("DR", "Signe Lykke Madsen", "slm@regioner.dk", Role::Member),
    ("ATP", "Henrik Dahl Jørgensen", "hdj@atp.dk", Role::Member),
    (
        "ERST",
        "Camilla Bøgh Andersen",
        "camand@erst.dk",
        Role::Member,
    ),
    ("SKM", "Peter Lund Christensen", "plc@skm.dk", Role::Member),
    ("BM", "Louise Krogh Pedersen", "lkp@bm.dk", Role::Member),
    (
        "STIL",
        "Rasmus Højgaard",
        "rasmus.hojgaard@stil.dk",
        Role::Member,
    ),
    (
        "SDFE",
        "Birgitte Winther Larsen",
        "bwl@sdfe.dk",
        Role::Member,
    ),
    (
        "SDS",
        "Thomas Ærenlund Friis",
        "tfr@sundhedsdata.dk",
        Role::Member,
    ),
    (
        "CPR",
        "Karen Søndergaard Møller",
        "ksm@cpr.dk",
        Role::Member,
    ),
    (
        "SIT",
        "Martin Engholm Kristensen",
        "mek@statens-it.dk",
        Role::Member,
    ),
    (
        "KOMBIT",
        "Hanne Bisgaard Thomsen",
        "hbt@kombit.dk",
        Role::Member,
    ),
    // Registered as KL's substitute for the upcoming meeting.
    (
        "KL",
        "Julie Brandt Lauridsen",
        "jbl@kl.dk",
        Role::Substitute,
    ),
    // Danske Regioner's observer (bisidder) at the upcoming meeting.
    ("DR", "Emil Skov Iversen", "esi@regioner.dk", Role::Observer),
];

fn person_id(email: &str) -> PersonId {
    PersonId::from_uuid(uuid("person", email))
}

pub(crate) fn people() -> Result<Vec<Person>, DemoError> {
    PEOPLE
        .iter()
        .map(|(o, name, email, role)| {
            Ok(Person {
                id: person_id(email),
                name: (*name).to_owned(),
                email: (*email).to_owned(),
                org: org(o)?,
                role: *role,
            })
        })
        .collect()
}
